"""What the public pages (`/p/…`, no login) may show, built as plain values.

These pages are the only reads in the project without a user, so nothing
here hands a template a model that could lead to a person: each function
copies out the aggregate figures or the few public facts it needs. A unit
page shows team coverage and indicator figures from `indicators.stats.
unit_stats` (the same figures as the signed-in unit page). A village page
shows its place in the tree, its team, the digital models it runs and the
guides for its people; the leader's name and phone only when the team chose
to publish them (`Team.publish_contact`).
"""

from datetime import date
from typing import Any

from cnscd.geo.models import Unit
from cnscd.indicators.models import Indicator
from cnscd.indicators.stats import unit_stats
from cnscd.learning.selectors import guides_for_unit
from cnscd.teams.models import Member, MemberRole, ModelAdoption, Team, TeamStatus

# A chain of merged units is short; the bound only guards against a loop in bad data.
MAX_SUCCESSORS = 10


def unit_trail(unit: Unit) -> list[dict[str, str]]:
    """The units above `unit`, country first, as code and name."""
    above = Unit.objects.current().filter(path__in=unit.ancestor_paths()).order_by("path")
    return [{"code": u.code, "name": u.name} for u in above]


def _unit_heading(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "division": unit.get_division_display(),
        "trail": unit_trail(unit),
    }


_COVERAGE_KEYS = ("villages", "villages_with_team", "coverage", "teams", "members")


def public_unit(unit: Unit, *, today: date) -> dict[str, Any]:
    """Aggregates of a country, province or commune: coverage, indicators, children's coverage."""
    stats = unit_stats(unit, today=today)
    names = dict(Indicator.objects.filter(is_active=True).values_list("key", "name"))
    return {
        **_unit_heading(unit),
        **{key: stats[key] for key in _COVERAGE_KEYS},
        "residents": stats["residents"],
        "households": stats["households"],
        "indicators": [
            {"name": names[key], "rate": figures["rate"]}
            for key, figures in stats["indicators"].items()
            if key in names
        ],
        "children": [
            {
                "code": row["unit"]["code"],
                "name": row["unit"]["name"],
                **{key: row[key] for key in _COVERAGE_KEYS},
            }
            for row in stats["children"]
        ],
    }


def _leader_contact(team: Team) -> dict[str, str] | None:
    if not (team.publish_contact and team.status == TeamStatus.ACTIVE):
        return None
    leader = Member.objects.filter(team=team, role=MemberRole.LEADER, left_on__isnull=True).first()
    if leader is None:
        return None
    return {"name": leader.full_name, "phone": leader.phone}


def public_village(village: Unit) -> dict[str, Any]:
    """A village's public face; the one place a person's name may appear, by the team's choice."""
    team = Team.objects.filter(village=village).exclude(status=TeamStatus.DISSOLVED).first()
    adoptions = (
        ModelAdoption.objects.filter(unit=village)
        .select_related("model")
        .order_by("model__position")
    )
    return {
        **_unit_heading(village),
        "team": (
            {
                "name": team.name,
                "active": team.status == TeamStatus.ACTIVE,
                "status": team.get_status_display(),
                "contact": _leader_contact(team),
            }
            if team
            else None
        ),
        "models": [
            {"name": a.model.name, "description": a.model.description, "since": a.since}
            for a in adoptions
        ],
        "guides": [{"slug": g.slug, "title": g.title} for g in guides_for_unit(village)],
    }


def closed_unit(code: str) -> dict[str, Any] | None:
    """The most recently closed unit with this code (merged, renamed or dissolved) and the
    current unit that took its place, if any; None for a code never used."""
    unit = Unit.objects.filter(code=code, valid_to__isnull=False).order_by("-valid_to").first()
    if unit is None:
        return None
    successor = unit.successor
    for _ in range(MAX_SUCCESSORS):
        if successor is None or successor.is_current:
            break
        successor = successor.successor
    return {
        "name": unit.name,
        "code": unit.code,
        "closed_on": unit.valid_to,
        "successor": (
            {"code": successor.code, "name": successor.name}
            if successor is not None and successor.is_current
            else None
        ),
    }
