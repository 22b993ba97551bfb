"""Fixtures of the import tests: uploads go to a temporary folder, and a checked list."""

import pytest
from django_tasks_db.models import DBTaskResult

from cnscd.imports.models import Status
from cnscd.imports.tests.jobs import run_worker, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def checked(village, commune_officer, login_client, django_capture_on_commit_callbacks):
    """The residents list uploaded by the commune officer and checked by the worker."""
    client = login_client(commune_officer)
    job = upload(client, village, capture=django_capture_on_commit_callbacks)
    assert job.status == Status.QUEUED and not job.commit
    assert DBTaskResult.objects.ready().count() == 1
    run_worker()
    job.refresh_from_db()
    return client, job
