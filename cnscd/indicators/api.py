"""Statistics API: `GET /api/v1/units/{code}/stats`."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from cnscd.errors import ServiceError, require
from cnscd.geo.models import Kind
from cnscd.geo.selectors import unit_get_for
from cnscd.indicators.figures import ranking, trend
from cnscd.indicators.models import Indicator
from cnscd.indicators.services import target_set
from cnscd.indicators.stats import parse_as_of, unit_stats

router = Router(tags=["stats"])


@router.get("/{code}/stats", response=dict[str, Any])
def stats_for_unit(request, code: str, as_of: str | None = None, verified_only: bool = False):
    """Teams coverage, residents, households and indicators for the unit's subtree.

    `as_of=YYYY-MM-DD` gives the figures at the end of that month;
    `verified_only=true` counts only statuses a member checked.
    """
    unit = unit_get_for(request.auth, code=code)
    today = timezone.localdate()
    return unit_stats(
        unit, today=today, as_of=parse_as_of(as_of, today=today), verified_only=verified_only
    )


def _indicator(key: str) -> Indicator:
    indicator = Indicator.objects.filter(key=key, is_active=True).first()
    if indicator is None:
        keys = ", ".join(Indicator.objects.filter(is_active=True).values_list("key", flat=True))
        raise ServiceError(
            "unknown_indicator",
            _("Unknown indicator %(key)s; use one of: %(keys)s.") % {"key": key, "keys": keys},
            field="indicator",
        )
    return indicator


@router.get("/{code}/ranking", response=list[dict[str, Any]])
def ranking_for_unit(request, code: str, indicator: str, as_of: str | None = None):
    """Child units ranked by one indicator, highest first; the lowest ten have `lowest: true`."""
    unit = unit_get_for(request.auth, code=code)
    if unit.kind == Kind.VILLAGE:
        return []
    today = timezone.localdate()
    return ranking(unit, _indicator(indicator), as_of=parse_as_of(as_of, today=today), today=today)


@router.get("/{code}/trend", response=list[dict[str, Any]])
def trend_for_unit(request, code: str, indicator: str):
    """Month-end figures of one indicator over the last 24 months, from achieved-on dates."""
    unit = unit_get_for(request.auth, code=code)
    return trend(unit, _indicator(indicator), today=timezone.localdate())


class TargetIn(Schema):
    indicator: str
    year: int
    rate: float


@router.put("/{code}/targets", response=dict[str, Any])
def target_put(request, code: str, data: TargetIn):
    """Set a unit's target for an indicator and year (officers of the unit or above)."""
    unit = unit_get_for(request.auth, code=code)
    require(request.auth.can_manage(unit.path))
    target = target_set(
        unit=unit,
        indicator=_indicator(data.indicator),
        year=data.year,
        rate=data.rate,
        by=request.auth,
    )
    return {
        "unit": unit.code,
        "indicator": data.indicator,
        "year": target.year,
        "rate": float(target.rate),
    }
