"""PostgreSQL storage and planner settings that migrations apply; SQLite has none of them.

`fillfactor` leaves free space in each page of a table. PostgreSQL can then
write an updated row on its own page without touching any index (a HOT
update), as long as no indexed column changed. Tables that are loaded in
bulk and then updated one row at a time (counters by every visit, residents
by every status change) are packed full by the load, and without free space
every update writes a new entry in every index of the table, each on a page
of its own.

`dependent_columns` tells the planner that some columns determine others
(a unit code determines its level). It otherwise multiplies their
selectivities as if independent, underestimates the rows of one unit a
hundredfold, and picks an index that reads every month of a unit to find
its totals.
"""

from django.db import migrations


def fillfactor(tables: tuple[str, ...], percent: int) -> migrations.RunPython:
    """A migration operation setting the tables' fillfactor (back to 100 when reversed)."""

    def statements(value: int) -> list[str]:
        return [f"ALTER TABLE {table} SET (fillfactor = {value})" for table in tables]

    return postgresql_only(statements(percent), statements(100))


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """A migration operation running SQL statements each way on PostgreSQL only."""

    def run_all(statements: list[str]):
        def run(apps, schema_editor) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for sql in statements:
                    schema_editor.execute(sql)

        return run

    return migrations.RunPython(run_all(forward), run_all(backward))


def dependent_columns(name: str, table: str, columns: tuple[str, ...]) -> migrations.RunPython:
    """A migration operation creating functional-dependency statistics on the columns."""
    return postgresql_only(
        [f"CREATE STATISTICS {name} (dependencies) ON {', '.join(columns)} FROM {table}"],
        [f"DROP STATISTICS IF EXISTS {name}"],
    )
