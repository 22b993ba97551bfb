"""Inserts that read nothing back, and the pipeline that sends them without waiting."""

import pytest
from django.db import IntegrityError, transaction

from cnscd.audit.models import AuditEvent
from cnscd.geo.models import Unit
from cnscd.roundtrips import insert, pipelined

pytestmark = pytest.mark.django_db


def test_insert_stores_every_row_in_batches_the_database_accepts():
    """4,000 rows of 9 columns: more parameters than one SQLite statement takes."""
    events = [AuditEvent(verb="test.inserted", details={"n": n}) for n in range(4000)]

    with pipelined():
        insert(events)

    stored = AuditEvent.objects.filter(verb="test.inserted")
    assert sorted(stored.values_list("details__n", flat=True)) == list(range(4000))
    assert not stored.filter(created_at__isnull=True).exists()  # auto_now_add applied
    assert events[0].pk is None  # nothing read back


def test_an_error_in_the_pipeline_is_djangos_and_rolls_the_block_back():
    country = Unit.objects.get(code="VN", valid_to__isnull=True)
    with pytest.raises(IntegrityError), transaction.atomic(), pipelined():
        insert([AuditEvent(verb="test.before")])
        Unit.objects.filter(pk=country.pk).update(code=None)  # NOT NULL
    assert not AuditEvent.objects.filter(verb="test.before").exists()
