"""The unit page: where an official lands. Breadcrumb, coverage figures, children table."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.errors import require
from cnscd.formpages import form_page, submit
from cnscd.geo.forms import VillageForm
from cnscd.geo.models import Kind
from cnscd.geo.selectors import unit_breadcrumb, unit_get_for
from cnscd.indicators.exports import dashboard_workbook
from cnscd.indicators.figures import indicator_figures, ranking, trend
from cnscd.indicators.forms import TargetForm
from cnscd.indicators.models import Indicator
from cnscd.indicators.services import target_set
from cnscd.indicators.stats import unit_stats
from cnscd.people.permissions import may_import
from cnscd.teams.forms import AdoptionForm
from cnscd.teams.models import Background, Gender, TeamStatus
from cnscd.teams.permissions import may_manage_team, may_record_adoption
from cnscd.teams.selectors import adoptions_visible_to, teams_visible_to
from cnscd.teams.stats import AGE_BAND_LABELS
from cnscd.workbooks import xlsx_response


def _labelled(counts: dict[str, int], labels: dict) -> list[tuple[str, int]]:
    return [(labels.get(key, key), n) for key, n in counts.items()]


def member_breakdowns(stats: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    """The three member breakdowns of the stats object, with their keys as readable labels."""
    return [
        (_("Background"), _labelled(stats["members_by_background"], dict(Background.choices))),
        (_("Gender"), _labelled(stats["members_by_gender"], dict(Gender.choices))),
        (_("Age"), _labelled(stats["members_by_age_band"], AGE_BAND_LABELS)),
    ]


def _chosen(request, indicators: list[Indicator]) -> Indicator | None:
    """The indicator asked for with `?indicator=KEY`, else the first one."""
    asked = next((i for i in indicators if i.key == request.GET.get("indicator")), None)
    return asked or (indicators[0] if indicators else None)


def _change(now: dict, before: dict | None) -> float | None:
    """Rate points gained since the end of last month."""
    if not before or now["rate"] is None or before["rate"] is None:
        return None
    return round(now["rate"] - before["rate"], 1)


@login_required
def unit_page(request, code: str):
    unit = unit_get_for(request.user, code=code)
    stats = unit_stats(unit, today=timezone.localdate())
    adoptions = adoptions_visible_to(request.user).filter(path__under=unit.path)
    today = timezone.localdate()
    indicators = list(Indicator.objects.filter(is_active=True))
    chosen = _chosen(request, indicators)
    previous = indicator_figures(unit, as_of=today.replace(day=1) - timedelta(days=1), today=today)
    context = {
        "unit": unit,
        "indicators": indicators,
        "chosen": chosen,
        "indicator_rows": [
            {
                "indicator": i,
                "figures": stats["indicators"][i.key],
                "change": _change(stats["indicators"][i.key], previous["indicators"].get(i.key)),
            }
            for i in indicators
        ],
        "trend": trend(unit, chosen, today=today) if chosen else [],
        "ranking": (
            ranking(unit, chosen, as_of=today, today=today)
            if chosen and unit.kind != Kind.VILLAGE
            else []
        ),
        "breadcrumb": unit_breadcrumb(request.user, unit),
        "stats": stats,
        "breakdowns": member_breakdowns(stats),
        "model_counts": adoptions.values("model__name")
        .annotate(units=Count("id"))
        .order_by("model__position"),
        "village_form": (
            VillageForm()
            if unit.kind == Kind.COMMUNE and request.user.can_manage(unit.path)
            else None
        ),
        "target_form": TargetForm() if request.user.can_manage(unit.path) else None,
        "can_import": unit.kind != Kind.COUNTRY and may_import(request.user, unit.path),
        "adoption_form": (
            AdoptionForm()
            if unit.kind != Kind.COUNTRY and may_record_adoption(request.user, unit.path)
            else None
        ),
    }
    if unit.kind == Kind.VILLAGE:
        teams = list(teams_visible_to(request.user).filter(village=unit).order_by("-created_at"))
        context["teams"] = teams
        context["adoptions"] = adoptions.order_by("model__position")
        context["can_create_team"] = may_manage_team(request.user, unit.path) and not any(
            t.status != TeamStatus.DISSOLVED for t in teams
        )
    return render(request, "indicators/unit_page.html", context)


@login_required
def target_add(request, code: str):
    """Officers set a unit's target; errors come back on the form (400)."""
    unit = unit_get_for(request.user, code=code)
    require(request.user.can_manage(unit.path))
    form = TargetForm(request.POST or None)
    target = submit(request, form, lambda data: target_set(unit=unit, by=request.user, **data))
    if target:
        messages.success(request, _("Target saved."))
        return redirect("unit-detail", code=unit.code)
    return form_page(request, "indicators/target_form.html", {"form": form, "unit": unit}, form)


@login_required
def dashboard_export(request, code: str):
    """The unit's indicators and its children's ranking as xlsx; the export is audited."""
    unit = unit_get_for(request.user, code=code)
    today = timezone.localdate()
    indicators = list(Indicator.objects.filter(is_active=True))
    chosen = _chosen(request, indicators)
    figures = indicator_figures(unit, as_of=today, today=today)
    ranked = (
        ranking(unit, chosen, as_of=today, today=today)
        if chosen and unit.kind != Kind.VILLAGE
        else []
    )
    content = dashboard_workbook(
        unit,
        as_of=today,
        indicators=[(i.name, figures["indicators"][i.key]) for i in indicators],
        ranking_title=chosen.name if chosen else "",
        ranking=ranked,
    )
    audit_record(
        actor=request.user,
        verb="indicators.dashboard.exported",
        obj=unit,
        details={"indicator": chosen.key if chosen else ""},
    )
    return xlsx_response(content, filename=f"chi-tieu-{unit.code}-{today:%Y%m%d}.xlsx")
