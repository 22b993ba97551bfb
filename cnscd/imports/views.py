"""Import pages: upload a list, watch it being checked, read the problems, then import.

The upload is checked first (a dry run in the background); nothing is
written until the officer presses "Import". Jobs are scoped like everything
else: a job is visible under the unit it was started from.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cnscd.audit.services import audit_record
from cnscd.errors import require
from cnscd.formpages import form_page
from cnscd.geo.models import Kind as UnitKind
from cnscd.geo.models import Unit
from cnscd.geo.selectors import unit_get_for
from cnscd.imports.forms import ImportForm
from cnscd.imports.jobs import import_job
from cnscd.imports.models import ImportJob, Kind, Status
from cnscd.imports.selectors import job_get_for, jobs_visible_to
from cnscd.people.permissions import may_import

RECENT_JOBS = 20


def _villages(unit: Unit):
    villages = Unit.objects.current().filter(kind=UnitKind.VILLAGE, path__under=unit.path)
    return villages.order_by("path", "sort_key")


def _enqueue(job: ImportJob) -> None:
    transaction.on_commit(lambda: import_job.enqueue(job.pk))


@login_required
def import_start(request, code: str):
    """Upload form and the unit's recent imports."""
    unit = unit_get_for(request.user, code=code)
    require(may_import(request.user, unit.path))
    capped = Unit.objects.filter(pk__in=_villages(unit)[:5000].values("pk")).order_by(
        "path", "sort_key"
    )
    form = ImportForm(request.POST or None, request.FILES or None, villages=capped)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        village = form.cleaned_data["village"]
        if unit.kind == UnitKind.VILLAGE:
            village = unit
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=form.cleaned_data["kind"],
                unit=unit,
                path=unit.path,
                village=village,
                created_by=request.user,
                file=upload,
                file_name=upload.name[:200],
            )
            _enqueue(job)
        return redirect("import-detail", job_id=job.pk)
    jobs = jobs_visible_to(request.user).filter(path__under=unit.path)
    context = {
        "unit": unit,
        "form": form,
        "jobs": jobs[:RECENT_JOBS],
        "is_village": unit.kind == UnitKind.VILLAGE,
    }
    return form_page(request, "imports/start.html", context, form)


@login_required
@never_cache
def import_detail(request, job_id: int):
    job = job_get_for(request.user, job_id=job_id)
    result = job.result or {}
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "unit": job.unit,
            "result": result,
            "errors": (result.get("errors") or [])[:500],
            "more_errors": max(0, len(result.get("errors") or []) - 500),
            "can_commit": job.status == Status.CHECKED
            and job.can_import
            and may_import(request.user, job.path)
            and (job.rows_total > job.rows_rejected),
            "is_residents": job.kind == Kind.RESIDENTS,
            "keep_days": settings.IMPORT_KEEP_DAYS,
        },
    )


@login_required
@never_cache
def import_progress(request, job_id: int):
    """What the page's progress bar polls."""
    job = job_get_for(request.user, job_id=job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "running": job.is_running,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "rows_rejected": job.rows_rejected,
        }
    )


@login_required
@require_POST
def import_commit(request, job_id: int):
    """Import a checked list for real (again, for a job whose worker died)."""
    job = job_get_for(request.user, job_id=job_id)
    require(may_import(request.user, job.path))
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not job.can_import:
            if job.has_file:
                messages.error(request, _("This list is not waiting to be imported."))
            else:
                messages.error(
                    request, _("The file of this list has been deleted; upload it again.")
                )
            return redirect("import-detail", job_id=job.pk)
        job.commit = True
        job.status = Status.QUEUED
        job.rows_done = job.rows_rejected = 0
        job.heartbeat_at = timezone.now()  # not stalled again until the worker is silent
        job.save()
        _enqueue(job)
    return redirect("import-detail", job_id=job.pk)


@login_required
def import_errors(request, job_id: int):
    """The rejected rows with what is wrong, to correct and import again."""
    job = job_get_for(request.user, job_id=job_id)
    require(may_import(request.user, job.path))  # the rows hold ID numbers and phones
    if not job.error_file:
        raise Http404
    audit_record(actor=request.user, verb="imports.errors.downloaded", obj=job)
    return FileResponse(
        job.error_file.open("rb"),
        as_attachment=True,
        filename=f"loi-nhap-{job.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
