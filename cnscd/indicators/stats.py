"""The statistics object of a unit: one dict that the unit page, the API and the CLI share.

Each domain app contributes its keys (teams: coverage of the network); this
module assembles them, so `GET /api/v1/units/{code}/stats` and
`cnscd stats CODE --format json` can never disagree.
"""

from datetime import date
from typing import Any

from cnscd.geo.models import Unit
from cnscd.geo.selectors import unit_children
from cnscd.teams.stats import team_coverage, team_coverage_children


def unit_stats(unit: Unit, *, today: date) -> dict[str, Any]:
    """Figures for the unit's whole subtree plus one row per child unit."""
    children = list(unit_children(unit))
    return {
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "as_of": today.isoformat(),
        **team_coverage(unit, today=today),
        "children": team_coverage_children(unit, children),
    }
