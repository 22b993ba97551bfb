"""PostgreSQL storage settings that migrations apply; SQLite has none of them.

`fillfactor` leaves free space in each page of a table. PostgreSQL can then
write an updated row on its own page without touching any index (a HOT
update), as long as no indexed column changed. Tables that are loaded in
bulk and then updated one row at a time (counters by every visit, residents
by every status change) are packed full by the load, and without free space
every update writes a new entry in every index of the table, each on a page
of its own.
"""

from django.db import migrations


def fillfactor(tables: tuple[str, ...], percent: int) -> migrations.RunPython:
    """A migration operation setting the tables' fillfactor (back to 100 when reversed)."""

    def apply(value: int):
        def run(apps, schema_editor) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            for table in tables:
                schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")

        return run

    return migrations.RunPython(apply(percent), apply(100))
