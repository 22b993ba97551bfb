"""Running totals move into the counter table, as the rows of month 32767 (`models.TOTAL`).

A visit updates this month's row and the total of each unit it counts for.
In two tables they were two index lookups per unit, read from disk whenever
the village had not been visited lately; side by side in one index they are
one. A partial index finds a unit's totals without its months (the planner
picks it once it knows that a unit code determines the level), and the
children index gains the month, so that a ranking reads its units' totals
only.
"""

from django.db import migrations, models

from cnscd.storage import dependent_columns

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
                fields=["level", "unit_code"],
                condition=models.Q(month=32767),
                name="counter_totals",
            ),
        ),
        migrations.AddIndex(
            model_name="counter",
            index=models.Index(
                fields=["level", "parent_code", "month", "skill"], name="counter_children"
            ),
        ),
        dependent_columns(
            "counter_units", "indicators_counter", ("level", "unit_code", "parent_code")
        ),
    ]
