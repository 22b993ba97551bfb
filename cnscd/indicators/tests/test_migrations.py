"""The move of running totals into the counter table (migration 0005), both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cnscd.indicators.models import TOTAL

BEFORE = [("indicators", "0004_counter_fillfactor")]
AFTER = [("indicators", "0005_counter_totals_as_a_month")]
KEY = {"level": "v", "unit_code": "14797-001", "parent_code": "14797", "skill": "vneid_l2"}


def _migrate(targets):
    """Migrate to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_totals_become_rows_of_month_total_and_come_back(latest_schema_after):
    old = _migrate(BEFORE)
    old.get_model("indicators", "Counter").objects.create(**KEY, bucket=1990, month=320, count=3)
    totals = old.get_model("indicators", "CounterTotal").objects
    totals.create(**KEY, bucket=1990, count=3, verified=1)
    totals.create(**KEY, bucket=1991, count=0, verified=0)  # nothing to carry

    new = _migrate(AFTER)
    rows = new.get_model("indicators", "Counter").objects.order_by("month")
    assert list(rows.values_list("bucket", "month", "count", "verified")) == [
        (1990, 320, 3, 0),
        (1990, TOTAL, 3, 1),
    ]

    old = _migrate(BEFORE)
    assert list(old.get_model("indicators", "Counter").objects.values_list("month")) == [(320,)]
    back = old.get_model("indicators", "CounterTotal").objects.values_list("bucket", "count")
    assert list(back) == [(1990, 3)]


@pytest.mark.django_db
def test_the_planner_knows_that_a_unit_code_determines_its_level():
    """Without it PostgreSQL reads every month of the country to find its totals."""
    if connection.vendor != "postgresql":
        pytest.skip("extended statistics are a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxkind FROM pg_statistic_ext WHERE stxname = 'counter_units'")
        assert cursor.fetchall() == [(["f"],)]
