"""Training figures of a unit, indicator style: who of today's members was trained lately.

A member counts as *trained* when they completed a session held in the last
12 months: on or after the same day a year before the reference date, and
not after it. The population is the members counted in today's team
figures (`Member.counted`: not left, on an active team). Rates are
computed from the two counts, never averaged, and rounded to one decimal
like the indicators; no population gives no rate (None), not 0 %.
"""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_children
from cnscd.learning.models import Attendance
from cnscd.teams.models import Member, Team, TeamStatus

# How the rows of the level below a unit are keyed on members and teams.
_CHILD_KEY = {Kind.COUNTRY: "province_code", Kind.PROVINCE: "commune_code", Kind.COMMUNE: "path"}
_CHILD_ATTRIBUTE = {Kind.COUNTRY: "code", Kind.PROVINCE: "code", Kind.COMMUNE: "path"}


def trained_since(today: date) -> date:
    """The first day of the 12-month window (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def _completed(today: date, **outer: OuterRef) -> Exists:
    return Exists(
        Attendance.objects.filter(
            completed=True,
            session__held_on__gte=trained_since(today),
            session__held_on__lte=today,
            **outer,
        )
    )


def _rows(unit: Unit, today: date, key: str | None) -> tuple[dict, dict]:
    """Member and team counts of the subtree, grouped by `key`, or one total under None."""
    members = Member.objects.filter(path__under=unit.path, counted=True).annotate(
        trained=_completed(today, member=OuterRef("pk"))
    )
    teams = Team.objects.filter(path__under=unit.path, status=TeamStatus.ACTIVE).annotate(
        has_trained=_completed(today, member__team=OuterRef("pk"), member__counted=True)
    )
    member_counts = {
        "members": Count("id"),
        "trained_members": Count("id", filter=Q(trained=True)),
    }
    team_counts = {
        "teams": Count("id"),
        "teams_without_trained": Count("id", filter=Q(has_trained=False)),
    }
    if key is None:
        return {None: members.aggregate(**member_counts)}, {None: teams.aggregate(**team_counts)}
    return (
        {r[key]: r for r in members.values(key).annotate(**member_counts).order_by()},
        {r[key]: r for r in teams.values(key).annotate(**team_counts).order_by()},
    )


def _figures(members: dict | None, teams: dict | None) -> dict[str, Any]:
    active = members["members"] if members else 0
    trained = members["trained_members"] if members else 0
    return {
        "active_members": active,
        "trained_members": trained,
        "trained_rate": round(100 * trained / active, 1) if active else None,
        "teams": teams["teams"] if teams else 0,
        "teams_without_trained_member": teams["teams_without_trained"] if teams else 0,
    }


def training_figures(unit: Unit, *, today: date) -> dict[str, Any]:
    """Totals for the unit's subtree and one row per child unit (none for a village).

    Four grouped queries whatever the size of the subtree, plus the children list.
    """
    members, teams = _rows(unit, today, None)
    result: dict[str, Any] = {
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "since": trained_since(today).isoformat(),
        "as_of": today.isoformat(),
        **_figures(members.get(None), teams.get(None)),
        "children": [],
    }
    key = _CHILD_KEY.get(unit.kind)
    if key:
        members, teams = _rows(unit, today, key)
        for child in unit_children(unit):
            value = getattr(child, _CHILD_ATTRIBUTE[unit.kind])
            result["children"].append(
                {
                    "unit": {"code": child.code, "name": child.name, "kind": child.kind},
                    **_figures(members.get(value), teams.get(value)),
                }
            )
    return result
