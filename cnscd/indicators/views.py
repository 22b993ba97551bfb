"""The unit page: where an official lands. Breadcrumb, coverage figures, children table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cnscd.geo.forms import VillageForm
from cnscd.geo.models import Kind
from cnscd.geo.selectors import unit_breadcrumb, unit_get_for
from cnscd.indicators.stats import unit_stats
from cnscd.teams.models import TeamStatus
from cnscd.teams.permissions import may_manage_team
from cnscd.teams.selectors import teams_visible_to


@login_required
def unit_page(request, code: str):
    unit = unit_get_for(request.user, code=code)
    stats = unit_stats(unit, today=timezone.localdate())
    context = {
        "unit": unit,
        "breadcrumb": unit_breadcrumb(request.user, unit),
        "stats": stats,
        "village_form": (
            VillageForm()
            if unit.kind == Kind.COMMUNE and request.user.can_manage(unit.path)
            else None
        ),
    }
    if unit.kind == Kind.VILLAGE:
        context["teams"] = list(
            teams_visible_to(request.user).filter(village=unit).order_by("-created_at")
        )
        context["can_create_team"] = may_manage_team(request.user, unit.path) and not any(
            t.status != TeamStatus.DISSOLVED for t in context["teams"]
        )
    return render(request, "indicators/unit_page.html", context)
