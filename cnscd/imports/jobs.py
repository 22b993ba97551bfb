"""Running an import: from the command line in-process, from the page as a background job.

`run_import` is the one entry both use. The page stores the upload in an
`ImportJob` and enqueues `import_job` (django-tasks, database backend);
the worker updates the job's progress fields as rows are checked, so the
page can show a live bar. Rejected rows go into an error workbook: the
file's own header and rows, and a column saying what is wrong, ready to be
corrected and imported again.
"""

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.imports.members import import_members
from cnscd.imports.models import ImportJob, Kind, Status
from cnscd.imports.residents import import_residents
from cnscd.imports.retention import purge_files
from cnscd.imports.table import Progress, Report

IMPORTERS = {Kind.RESIDENTS: import_residents, Kind.MEMBERS: import_members}
ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def run_import(
    kind: str,
    data: bytes,
    *,
    user,
    unit: Unit | None,
    village: Unit | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    reference: str = "",
) -> Report:
    """Import (or check, with `dry_run`) one file; a real import is audited on `unit`.

    Raises ServiceError, with nothing written, when the file cannot be read as a list.
    """
    with _without_cycle_collection():
        report = IMPORTERS[kind](
            data,
            user=user,
            village=village,
            dry_run=dry_run,
            progress=progress,
            reference=reference,
        )
    if not dry_run:
        summary = report.as_dict()
        summary["errors"] = len(summary["errors"])
        details = {**summary, "reference": reference}
        audit_record(actor=user, verb=f"imports.{kind}.imported", obj=unit, details=details)
    return report


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a list is read and written.

    An import builds millions of small objects (cells, rows, tuples to COPY) and no
    reference cycles; the collector would walk all of them again every few
    thousand allocations, a fifth of a 100,000-row import (docs/performance.md).
    Whatever cycles the import leaves are collected once it is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def error_workbook(report: Report) -> bytes:
    """The rejected rows as the file had them, with the problems in a last column."""
    table = report.table
    problems: dict[int, list[str]] = {}
    for problem in report.errors:
        where = f"{problem.column}: " if problem.column else ""
        problems.setdefault(problem.row, []).append(where + problem.message)
    width = max(len(table.header.labels), *(len(cells) for _line, cells in table.lines))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rows to correct")
    labels = list(table.header.labels) + [""] * (width - len(table.header.labels))
    sheet.append([*labels, _("Problem"), _("Row in the original file")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line, cells in table.lines:
        if line in problems:
            padded = [*cells, *[""] * (width - len(cells))]
            sheet.append([*padded, "; ".join(problems[line]), line])
            sheet.cell(sheet.max_row, width + 1).fill = ERROR_FILL
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[sheet.cell(1, width + 1).column_letter].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@task()
def import_job(job_id: int) -> None:
    """The background worker's entry: run one job and leave its outcome on the row."""
    job = ImportJob.objects.select_related("unit", "village", "created_by").get(pk=job_id)
    if job.error_file:  # a check's rows to correct are replaced by the import's own
        job.error_file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(status=Status.CHECKING, heartbeat_at=timezone.now())

    def progress(done: int, total: int, rejected: int) -> None:
        status = Status.WRITING if job.commit and done == total else Status.CHECKING
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done,
            rows_total=total,
            rows_rejected=rejected,
            status=status,
            heartbeat_at=timezone.now(),
        )

    with job.file.open("rb") as f:
        data = f.read()
    try:
        report = run_import(
            job.kind,
            data,
            user=job.created_by,
            unit=job.unit,
            village=job.village,
            dry_run=not job.commit,
            progress=progress,
            reference=f"import:{job.pk}",
        )
    except ServiceError as e:
        job.status, job.error_code, job.error_message = Status.FAILED, e.code, e.message[:500]
        job.finished_at = timezone.now()
        job.save()
        return
    job.result = report.as_dict()
    job.rows_total = job.rows_done = report.rows
    job.rows_rejected = len(report.rejected_lines)
    job.status = Status.DONE if job.commit else Status.CHECKED
    job.finished_at = timezone.now()
    if report.errors:
        job.error_file.save(f"loi-{job.pk}.xlsx", ContentFile(error_workbook(report)), save=False)
    job.save()
    purge_files()  # retention needs no cron: every job clears the expired files
