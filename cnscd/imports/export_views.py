"""Downloads: the blank import templates, and a unit's lists as formatted workbooks.

Exports read through the scoped selectors (a unit outside the caller's
subtree is a 404) and write one audit event each, with the row count and
whether any ID number or phone left in full.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_get_for
from cnscd.imports.exports import (
    MAX_ROWS,
    members_to_export,
    residents_to_export,
    residents_workbook,
    teams_to_export,
    teams_workbook,
)
from cnscd.imports.template_workbooks import Template, template_workbook
from cnscd.workbooks import xlsx_response


def _village(request) -> Unit | None:
    """The village named by `?village=CODE`, to print in a template's title (404 if not one)."""
    code = request.GET.get("village")
    if not code:
        return None
    village = unit_get_for(request.user, code=code)
    if village.kind != Kind.VILLAGE:
        raise Http404
    return village


@login_required
def template_download(request, template: Template):
    """A blank import template; `?village=CODE` names the village in its title."""
    village = _village(request)
    suffix = f"-{village.code}" if village else ""
    return xlsx_response(
        template_workbook(template, village=village),
        filename=f"{template.filename}{suffix}.xlsx",
    )


def _too_many(request, unit: Unit, count: int):
    messages.error(
        request,
        _(
            "%(unit)s has %(count)s rows, more than one export may hold (%(limit)s); "
            "export its communes or villages one by one."
        )
        % {
            "unit": unit.name,
            "count": number_format(count, force_grouping=True),
            "limit": number_format(MAX_ROWS, force_grouping=True),
        },
    )
    return redirect("unit-detail", code=unit.code)


@login_required
def residents_export(request, code: str):
    """The unit's present residents in the import template's format."""
    unit = unit_get_for(request.user, code=code)
    today = timezone.localdate()
    residents = residents_to_export(request.user, unit, as_of=today)
    count = residents.count()
    if count > MAX_ROWS:
        return _too_many(request, unit, count)
    content, revealed = residents_workbook(request.user, unit, residents, as_of=today)
    audit_record(
        actor=request.user,
        verb="imports.residents.exported",
        obj=unit,
        details={"count": count, "revealed": revealed},
    )
    return xlsx_response(content, filename=f"nhan-khau-{unit.code}-{today:%Y%m%d}.xlsx")


@login_required
def teams_export(request, code: str):
    """The unit's teams, and their members in the import template's format."""
    unit = unit_get_for(request.user, code=code)
    today = timezone.localdate()
    teams = teams_to_export(request.user, unit)
    members = members_to_export(request.user, unit)
    count = members.count()
    if count > MAX_ROWS:
        return _too_many(request, unit, count)
    content, revealed = teams_workbook(
        request.user, unit, teams=teams, members=members, as_of=today
    )
    audit_record(
        actor=request.user,
        verb="imports.teams.exported",
        obj=unit,
        details={"teams": teams.count(), "members": count, "revealed": revealed},
    )
    return xlsx_response(content, filename=f"to-cnscd-{unit.code}-{today:%Y%m%d}.xlsx")
