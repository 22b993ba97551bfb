"""Uploaded lists and error workbooks are deleted IMPORT_KEEP_DAYS after their job ended."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext

from cnscd.audit.models import AuditEvent
from cnscd.imports.models import ImportJob
from cnscd.imports.retention import purge_files
from cnscd.imports.tests.jobs import commit, run_worker


def _age(job: ImportJob, days: int) -> None:
    """Pretend the job ended `days` ago."""
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days))


def test_files_older_than_the_period_are_deleted_and_the_job_stays(checked, settings):
    client, job = checked
    settings.IMPORT_KEEP_DAYS = 30
    upload_path, errors_path = job.file.path, job.error_file.path
    _age(job, 29)
    assert purge_files() == 0
    _age(job, 31)
    assert purge_files() == 1
    assert purge_files() == 0  # once

    job.refresh_from_db()
    assert not job.file and not job.error_file and job.files_deleted_at is not None
    assert job.result["rejected"] == 2  # the record of what the check found stays
    assert not os.path.exists(upload_path) and not os.path.exists(errors_path)
    event = AuditEvent.objects.get(verb="imports.files.deleted")
    assert event.object_id == str(job.pk) and event.details["kept_days"] == 30

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert gettext("Import the valid rows") not in page
    assert f"/imports/{job.pk}/errors.xlsx" not in page
    assert timezone.localdate().strftime("%d/%m/%Y") in page and "30" in page
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 404


def test_a_checked_list_whose_file_was_deleted_cannot_be_imported(
    checked, django_capture_on_commit_callbacks
):
    client, job = checked
    _age(job, 400)
    purge_files()
    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and not callbacks
    assert gettext("The file of this list has been deleted; upload it again.") in (
        response.content.decode()
    )
    job.refresh_from_db()
    assert not job.commit


def test_a_job_that_never_ended_expires_from_its_start(checked):
    _client, job = checked
    ImportJob.objects.filter(pk=job.pk).update(
        finished_at=None, created_at=timezone.now() - timedelta(days=31)
    )
    assert purge_files(keep_days=30) == 1


def test_the_worker_purges_after_each_job(checked, settings, django_capture_on_commit_callbacks):
    client, job = checked
    old = ImportJob.objects.create(kind=job.kind, unit=job.unit, path=job.path, file_name="cu.xlsx")
    old.file.save("cu.xlsx", ContentFile(b"an old list"))
    _age(old, 90)
    commit(client, job, capture=django_capture_on_commit_callbacks)
    run_worker()
    old.refresh_from_db()
    job.refresh_from_db()
    assert old.files_deleted_at is not None
    assert job.files_deleted_at is None and job.status == "done"


def test_the_purge_command(checked):
    _client, job = checked
    _age(job, 8)
    out = io.StringIO()
    call_command("uploads", "purge", "--days", "7", stdout=out)
    assert "1" in out.getvalue() and "7" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("uploads", "purge", "--days", "-1", stdout=io.StringIO())
