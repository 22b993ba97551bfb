"""The import pages end to end: upload, background check, problems, commit, error workbook
(`jobs` runs the background worker in the test's transaction)."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from cnscd.audit.models import AuditEvent
from cnscd.imports.models import ImportJob, Status
from cnscd.imports.tests.jobs import FIRST_ROW, commit, residents_list, run_worker, upload
from cnscd.imports.tests.sheets import RESIDENT_HEADER
from cnscd.indicators import counters
from cnscd.people.models import Household, Resident


def test_the_import_page_of_the_commune(commune_officer, village, login_client):
    page = login_client(commune_officer).get("/u/14797/import/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'lang="vi"' in text and "Phường Hạc Thành" in text
    assert "Mã thôn" in text  # the village drop-down's empty choice names the column
    assert f'<option value="{village.pk}">' in text
    assert 'enctype="multipart/form-data"' in text and 'name="kind"' in text


def test_the_check_writes_nothing_and_shows_the_problems(checked, village):
    client, job = checked

    assert job.status == Status.CHECKED and job.finished_at is not None
    assert (job.rows_total, job.rows_done, job.rows_rejected) == (4, 4, 2)
    assert {k: v for k, v in job.result.items() if k != "errors"} == {
        "rows": 4,
        "households_created": 1,
        "residents_created": 2,
        "residents_updated": 0,
        "residents_unchanged": 0,
        "rejected": 2,
    }
    assert [(e["row"], e["column"], e["code"]) for e in job.result["errors"]] == [
        (FIRST_ROW + 2, "Giới tính", "invalid_gender"),
        (FIRST_ROW + 3, "Ngày sinh", "missing_birth"),
    ]
    assert not Resident.objects.exists() and not Household.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="imports.").exists()

    page = client.get(f"/imports/{job.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"<td>{FIRST_ROW + 2}</td><td>Giới tính</td>" in text
    assert f"<td>{FIRST_ROW + 3}</td><td>Ngày sinh</td>" in text
    assert gettext("Import the valid rows") in text
    assert f'action="/imports/{job.pk}/commit/"' in text
    assert f'href="/imports/{job.pk}/errors.xlsx"' in text
    assert "import-progress.js" not in text  # finished: no polling


def test_the_progress_endpoint(checked):
    client, job = checked
    response = client.get(f"/imports/{job.pk}/progress/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "checked",
        "status_label": str(Status.CHECKED.label),
        "running": False,
        "rows_done": 4,
        "rows_total": 4,
        "rows_rejected": 2,
    }


def test_importing_the_checked_list(
    checked, hac_thanh, village, commune_officer, django_capture_on_commit_callbacks
):
    client, job = checked
    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.commit) == (Status.QUEUED, True)

    run_worker()

    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.result["residents_created"] == 2 and job.result["rejected"] == 2
    an = Resident.objects.get(full_name="Nguyễn Văn An")
    assert an.phone == "0912345678" and an.vneid_l2_on is not None
    assert an.household.village == village
    assert sorted(Resident.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    assert counters.check(hac_thanh) == []
    event = AuditEvent.objects.get(verb="imports.residents.imported")
    assert event.actor == commune_officer and event.unit_path == hac_thanh.path
    assert event.details["residents_created"] == 2 and event.details["reference"] == (
        f"import:{job.pk}"
    )

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert gettext("Imported") in page
    assert gettext("Import the valid rows") not in page


def test_a_list_is_imported_only_once(checked, django_capture_on_commit_callbacks):
    client, job = checked
    commit(client, job, capture=django_capture_on_commit_callbacks)

    refused = gettext("This list is not waiting to be imported.")
    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert refused in response.content.decode() and callbacks == []  # queued, not again
    assert DBTaskResult.objects.count() == 2  # the check and one import

    run_worker()
    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert refused in response.content.decode() and callbacks == []  # done, not again
    assert not DBTaskResult.objects.ready().exists()
    assert Resident.objects.count() == 2
    assert AuditEvent.objects.filter(verb="imports.residents.imported").count() == 1


def test_the_error_workbook(checked, commune_officer):
    client, job = checked
    response = client.get(f"/imports/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="loi-nhap-{job.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]

    problem, original_row = gettext("Problem"), gettext("Row in the original file")
    assert rows[0] == [*RESIDENT_HEADER, problem, original_row]
    assert [(r[3], r[-1]) for r in rows[1:]] == [
        ("Lê Văn Cường", FIRST_ROW + 2),
        ("Phạm Văn Dũng", FIRST_ROW + 3),
    ]
    assert rows[1][-2].startswith("Giới tính: ") and rows[2][-2].startswith("Ngày sinh: ")
    event = AuditEvent.objects.get(verb="imports.errors.downloaded")
    assert event.actor == commune_officer and event.object_id == str(job.pk)


def test_a_file_that_is_not_a_spreadsheet_fails_with_a_message(
    village, commune_officer, login_client, django_capture_on_commit_callbacks
):
    client = login_client(commune_officer)
    job = upload(
        client,
        village,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        name="danh-sach.pdf",
        capture=django_capture_on_commit_callbacks,
    )
    run_worker()

    job.refresh_from_db()
    assert (job.status, job.error_code) == (Status.FAILED, "not_a_spreadsheet")
    assert job.result == {} and not job.error_file
    message = gettext(
        "This file is not a spreadsheet. Upload an Excel file (.xlsx, .xls) or a .csv file."
    )
    assert job.error_message == message
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert message in page
    assert gettext("Import the valid rows") not in page
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 404


def test_the_import_pages_speak_vietnamese(commune_officer, login_client):
    page = login_client(commune_officer).get("/u/14797/import/").content.decode()
    assert "Nhập danh sách từ Excel" in page and "Import a list from Excel" not in page
    english = "This file is not a spreadsheet. Upload an Excel file (.xlsx, .xls) or a .csv file."
    assert gettext(english) != english


def test_the_outsider_sees_nothing_of_a_thanh_hoa_import(checked, outsider, login_client):
    _client, job = checked
    client = login_client(outsider)
    assert client.get("/u/14797/import/").status_code == 404
    assert client.post("/u/14797/import/", {"kind": "residents"}).status_code == 404
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    assert client.get(f"/imports/{job.pk}/progress/").status_code == 404
    assert client.post(f"/imports/{job.pk}/commit/").status_code == 404
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 404
    job.refresh_from_db()
    assert job.status == Status.CHECKED and not job.commit
    assert not AuditEvent.objects.filter(verb="imports.errors.downloaded").exists()
    assert "Đông Sơn" not in client.get("/u/00004/import/").content.decode()


def test_the_viewer_may_not_import(viewer, login_client):
    client = login_client(viewer)
    assert client.get("/u/38/import/").status_code == 403
    assert client.post("/u/38/import/", {"kind": "residents"}).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_viewer_may_not_commit_a_checked_list(checked, viewer, login_client):
    _client, job = checked
    client = login_client(viewer)
    assert client.get(f"/imports/{job.pk}/").status_code == 200  # in scope: may read
    assert client.post(f"/imports/{job.pk}/commit/").status_code == 403
    assert client.get(f"/imports/{job.pk}/errors.xlsx").status_code == 403
    job.refresh_from_db()
    assert job.status == Status.CHECKED and not job.commit


def writing_job(commune, village, officer, *, minutes: int, **extra) -> ImportJob:
    """A commit that a worker took up, last heard of `minutes` ago."""
    return ImportJob.objects.create(
        kind="residents",
        unit=commune,
        path=commune.path,
        village=village,
        created_by=officer,
        file=ContentFile(residents_list(), name="danh-sach.xlsx"),
        file_name="danh-sach.xlsx",
        status=Status.WRITING,
        commit=True,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
        **extra,
    )


def test_a_commit_whose_worker_died_can_be_started_again(
    hac_thanh, village, commune_officer, login_client, django_capture_on_commit_callbacks
):
    job = writing_job(hac_thanh, village, commune_officer, minutes=11, rows_total=4, rows_done=4)
    client = login_client(commune_officer)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert gettext("Start it again") in page
    assert f'action="/imports/{job.pk}/commit/"' in page

    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.commit, job.rows_done) == (Status.QUEUED, True, 0)
    assert gettext("Start it again") not in response.content.decode()  # no longer stalled

    run_worker()
    job.refresh_from_db()
    assert job.status == Status.DONE and Resident.objects.count() == 2


def test_a_running_commit_is_not_started_twice(
    hac_thanh, village, commune_officer, login_client, django_capture_on_commit_callbacks
):
    job = writing_job(hac_thanh, village, commune_officer, minutes=2)
    client = login_client(commune_officer)
    assert gettext("Start it again") not in client.get(f"/imports/{job.pk}/").content.decode()
    response, callbacks = commit(client, job, capture=django_capture_on_commit_callbacks)
    assert gettext("This list is not waiting to be imported.") in response.content.decode()
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == Status.WRITING


def test_the_unit_page_links_to_the_import_for_those_who_may_import(
    commune_officer, viewer, login_client
):
    assert "/u/14797/import/" in login_client(commune_officer).get("/u/14797/").content.decode()
    assert "/u/38/import/" not in login_client(viewer).get("/u/38/").content.decode()
