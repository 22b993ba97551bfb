"""Leave room in the counter tables' pages on PostgreSQL, so counter updates stay on their page.

A visit adds 1 to a handful of counter rows; a rebuilt table is packed full,
so without free space every update also wrote three index entries on other
pages (`cnscd.storage`).
"""

from django.db import migrations

from cnscd.storage import fillfactor


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_national_level")]

    operations = [fillfactor(("indicators_counter", "indicators_countertotal"), 70)]
