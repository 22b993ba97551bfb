"""Running totals move into the counter table, as the rows of month 32767 (`models.TOTAL`).

A visit updates this month's row and the total of each unit it counts for.
In two tables they were two index lookups and two table pages per unit, read
from disk whenever the village had not been visited lately; side by side in
one index, and written in key order by `rebuild`, they are one of each.
The children index gains the month, so that a ranking reads its units'
totals without their months.
"""

from django.db import migrations, models

COLUMNS = "level, unit_code, parent_code, skill, bucket"


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_counter_fillfactor")]

    operations = [
        migrations.RunSQL(
            f"INSERT INTO indicators_counter ({COLUMNS}, month, count, verified) "
            f"SELECT {COLUMNS}, 32767, count, verified FROM indicators_countertotal "
            "WHERE count <> 0 OR verified <> 0",
            [
                f"INSERT INTO indicators_countertotal ({COLUMNS}, count, verified) "
                f"SELECT {COLUMNS}, count, verified FROM indicators_counter WHERE month = 32767",
                "DELETE FROM indicators_counter WHERE month = 32767",
            ],
        ),
        migrations.DeleteModel(name="CounterTotal"),
        migrations.RemoveIndex(model_name="counter", name="counter_children"),
        migrations.AddIndex(
            model_name="counter",
            index=models.Index(
                fields=["level", "parent_code", "skill", "month"], name="counter_children"
            ),
        ),
    ]
