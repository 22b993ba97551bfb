"""Leave room in the resident and household pages on PostgreSQL (`cnscd.storage`).

A visit that records an achievement updates its resident's status columns,
which no index holds. On a page packed full by an import the update wrote
a new entry in each of the resident table's nine indexes, each on a page of
its own; with 10% free it stays on its page and writes none.
"""

from django.db import migrations

from cnscd.storage import fillfactor


class Migration(migrations.Migration):
    dependencies = [("people", "0006_resident_village_unchecked")]

    operations = [fillfactor(("people_resident", "people_household"), 90)]
