"""Coverage of the team network for any unit: how many villages have a team, and who is on them.

Figures come from aggregate queries on indexed, denormalized columns
(`path`, `province_code`, `commune_code` on teams and members; the member
count and leader flag kept on each team), so the whole country costs a few
grouped scans, not a query per unit.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Kind, Unit
from cnscd.teams.models import MAX_MEMBERS, MIN_MEMBERS, Member, Team, TeamStatus

AGE_BANDS = (("under_30", 0, 29), ("30_44", 30, 44), ("45_59", 45, 59), ("60_plus", 60, 200))
AGE_BAND_LABELS = {
    "under_30": _("under 30"),
    "30_44": _("30 to 44"),
    "45_59": _("45 to 59"),
    "60_plus": _("60 and over"),
    "unknown": _("birth year unknown"),
}

_OUTSIDE_RANGE = Q(active_members__lt=MIN_MEMBERS) | Q(active_members__gt=MAX_MEMBERS)
_TEAM_FIGURES = {
    "teams": Count("id"),
    "members": Sum("active_members"),
    "teams_outside_3_9": Count("id", filter=_OUTSIDE_RANGE),
    "teams_without_leader": Count("id", filter=Q(has_leader=False)),
}


def _ratios(row: dict[str, Any]) -> dict[str, Any]:
    """Add coverage % and members per team; never divide by zero."""
    villages, teams = row["villages"], row["teams"]
    row["members"] = row["members"] or 0
    row["coverage"] = round(100 * row["villages_with_team"] / villages, 1) if villages else None
    row["avg_members_per_team"] = round(row["members"] / teams, 1) if teams else None
    return row


def age_band(birth_year: int | None, reference_year: int) -> str:
    """Age counted the Vietnamese way: reference year minus birth year."""
    if birth_year is None:
        return "unknown"
    age = reference_year - birth_year
    return next((name for name, low, high in AGE_BANDS if low <= age <= high), "unknown")


def team_coverage(unit: Unit, *, today: date) -> dict[str, Any]:
    """Totals and breakdowns for the unit's subtree (active teams, members still on them)."""
    villages = Unit.objects.current().filter(kind=Kind.VILLAGE, path__under=unit.path)
    teams = Team.objects.filter(path__under=unit.path, status=TeamStatus.ACTIVE)
    row = {"villages": villages.count(), **teams.aggregate(**_TEAM_FIGURES)}
    row["villages_with_team"] = row["teams"]  # at most one live team per village
    members = Member.objects.filter(path__under=unit.path, counted=True)
    by_background: Counter[str] = Counter()
    by_gender: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    groups = members.values("background", "gender", "birth_year").annotate(n=Count("id"))
    for group in groups.order_by():
        by_background[group["background"]] += group["n"]
        by_gender[group["gender"]] += group["n"]
        by_age[age_band(group["birth_year"], today.year)] += group["n"]
    return {
        **_ratios(row),
        "members_by_background": dict(sorted(by_background.items())),
        "members_by_gender": dict(sorted(by_gender.items())),
        "members_by_age_band": {name: by_age[name] for name, *_ in AGE_BANDS}
        | {"unknown": by_age["unknown"]},
    }


def team_coverage_children(unit: Unit, children: list[Unit]) -> list[dict[str, Any]]:
    """The same figures (without breakdowns) for each child unit, in the children's order."""
    if unit.kind == Kind.VILLAGE:
        return []
    villages = Unit.objects.current().filter(kind=Kind.VILLAGE, path__under=unit.path)
    teams = Team.objects.filter(path__under=unit.path, status=TeamStatus.ACTIVE)
    if unit.kind == Kind.COUNTRY:
        village_key, team_key, child_key = "province_code", "province_code", "code"
    elif unit.kind == Kind.PROVINCE:
        village_key, team_key, child_key = "parent__code", "commune_code", "code"
    else:
        village_key, team_key, child_key = "id", "village_id", "id"
    village_counts = dict(
        villages.values_list(village_key)
        .annotate(n=Count("id"))
        .order_by()
        .values_list(village_key, "n")
    )
    team_rows = {
        r[team_key]: r for r in teams.values(team_key).annotate(**_TEAM_FIGURES).order_by()
    }
    result = []
    for child in children:
        key = getattr(child, child_key)
        figures = team_rows.get(
            key, {"teams": 0, "members": 0, "teams_outside_3_9": 0, "teams_without_leader": 0}
        )
        row = {
            "unit": {"code": child.code, "name": child.name, "kind": child.kind},
            "villages": 1 if child.kind == Kind.VILLAGE else village_counts.get(key, 0),
            "villages_with_team": figures["teams"],
            **{k: figures[k] for k in _TEAM_FIGURES},
        }
        result.append(_ratios(row))
    return result
