"""Running import jobs in tests: the residents list the page tests upload, the upload and
commit requests, and the real database worker.

The POST enqueues the job on commit of the request's transaction
(`django_capture_on_commit_callbacks(execute=True)` runs that callback inside
the test transaction); the real database worker (`db_worker --batch`) then
runs it in-process, in the same test transaction.
"""

import io
import signal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from cnscd.imports.models import ImportJob
from cnscd.imports.tests.sheets import RESIDENT_HEADER, xlsx

TITLE = [["DANH SÁCH NHÂN KHẨU TỔ DÂN PHỐ ĐÔNG SƠN"], []]
FIRST_ROW = 4  # Excel row of the first resident: title, blank line, header


def resident_row(household, head, name, birth, gender, *, phone="", vneid=""):
    """A row of the residents template; the Mã thôn cell is left empty (the village is chosen
    on the page)."""
    cells = dict.fromkeys(RESIDENT_HEADER, "")
    cells.update(
        {
            "Số hộ": household,
            "Chủ hộ": head,
            "Họ và tên": name,
            "Ngày sinh": birth,
            "Giới tính": gender,
            "Số điện thoại": phone,
            "VNeID mức 2": vneid,
        }
    )
    return list(cells.values())


ROWS = [
    resident_row("1", "x", "Nguyễn Văn An", "05/03/1985", "Nam", phone="0912 345 678", vneid="x"),
    resident_row("1", "", "Trần Thị Bình", "1990", "Nữ"),
    resident_row("2", "x", "Lê Văn Cường", "1970", "Khác"),  # bad gender
    resident_row("3", "x", "Phạm Văn Dũng", "", "Nam"),  # no birth
]


def residents_list() -> bytes:
    return xlsx([RESIDENT_HEADER, *ROWS], title_rows=TITLE, merge=["A1:R1"])


def run_worker() -> None:
    """Run every queued task with the real database worker, then give the test its signals
    back (the worker installs its own handlers).

    The worker recycles connections between tasks (`close_old_connections`), which on
    PostgreSQL would close the test's own connection inside its transaction; here the
    test's transaction is the one the worker must see, so that step is left out.
    """
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0,
                stdout=io.StringIO(),
            )  # fmt: skip
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists(), DBTaskResult.objects.failed().first()


def upload(client, village, data=None, *, name="danh-sach-nhan-khau.xlsx", capture):
    """POST the list from the commune's import page; the job is enqueued on commit."""
    with capture(execute=True):
        response = client.post(
            "/u/14797/import/",
            {
                "kind": "residents",
                "file": SimpleUploadedFile(name, residents_list() if data is None else data),
                "village": village.pk,
            },
        )
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 302 and response.url == f"/imports/{job.pk}/"
    return job


def commit(client, job, *, capture):
    with capture(execute=True) as callbacks:
        response = client.post(f"/imports/{job.pk}/commit/", follow=True)
    return response, callbacks
