"""The statistics object of a unit: one dict that the unit page, the API and the CLI share.

Each domain contributes its keys (teams: coverage of the network; counters:
residents, households and indicators); this module assembles them, so
`GET /api/v1/units/{code}/stats` and `cnscd stats CODE --format json` can
never disagree.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.geo.selectors import unit_children
from cnscd.indicators.figures import indicator_figures
from cnscd.teams.stats import team_coverage, team_coverage_children


def parse_as_of(raw: str | None, *, today: date) -> date:
    """The reference date of `--as-of` / `?as_of=`: ISO, not in the future."""
    if not raw:
        return today
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise ServiceError(
            "invalid_as_of",
            _("The reference date must be written YYYY-MM-DD; %(value)s is not.") % {"value": raw},
            field="as_of",
        ) from None
    if value > today:
        raise ServiceError(
            "as_of_in_future",
            _("The reference date %(value)s is in the future.") % {"value": raw},
            field="as_of",
        )
    return value


def unit_stats(
    unit: Unit, *, today: date, as_of: date | None = None, verified_only: bool = False
) -> dict[str, Any]:
    """Figures for the unit's whole subtree plus one row per child unit (team coverage)."""
    children = list(unit_children(unit))
    as_of = as_of or today
    return {
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "as_of": as_of.isoformat(),
        **team_coverage(unit, today=today),
        **indicator_figures(unit, as_of=as_of, today=today, verified_only=verified_only),
        "children": team_coverage_children(unit, children),
    }
