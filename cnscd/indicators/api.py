"""Statistics API: `GET /api/v1/units/{code}/stats`."""

from typing import Any

from django.utils import timezone
from ninja import Router

from cnscd.geo.selectors import unit_get_for
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
