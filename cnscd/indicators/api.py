"""Statistics API: `GET /api/v1/units/{code}/stats`."""

from typing import Any

from django.utils import timezone
from ninja import Router

from cnscd.geo.selectors import unit_get_for
from cnscd.indicators.stats import unit_stats

router = Router(tags=["stats"])


@router.get("/{code}/stats", response=dict[str, Any])
def stats_for_unit(request, code: str):
    """Coverage of teams and members for the unit's subtree, with a row per child unit."""
    unit = unit_get_for(request.auth, code=code)
    return unit_stats(unit, today=timezone.localdate())
