"""Leave room in the counter tables' pages on PostgreSQL, so counter updates stay on their page.

A visit adds 1 to a handful of counter rows. PostgreSQL writes the new row
version on the same page and leaves the indexes alone (a HOT update) only
when the page has free space; a rebuilt table is packed full, so without
this every update also wrote three index entries on other pages. SQLite
updates rows in place and has no such setting.
"""

from django.db import migrations

TABLES = ("indicators_counter", "indicators_countertotal")
FILLFACTOR = 70


def set_fillfactor(apps, schema_editor, value=FILLFACTOR):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {value})")


def reset_fillfactor(apps, schema_editor):
    set_fillfactor(apps, schema_editor, value=100)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_national_level")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
