"""The allowance report of a unit for a period: a line per team, totals per child unit.

Reads the policies, teams, members and payments it needs in a fixed number
of queries (six, whatever the size of the unit) and hands plain data to
`funding.computation`. The caller fetched `unit` through a scoped selector;
every team under a unit the caller can see is in the caller's scope.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, Sum
from django.utils import timezone

from cnscd.funding.computation import (
    Allowance,
    MemberFacts,
    Span,
    TeamFacts,
    Terms,
    span_from,
    team_allowance,
)
from cnscd.funding.models import Payment, Policy
from cnscd.funding.periods import Period
from cnscd.geo.models import PATH_SEPARATOR, Kind, Unit
from cnscd.teams.models import Member, MemberRole, Team, TeamStatus


@dataclass(frozen=True)
class Line:
    """One team's row: what it is owed for the period, and what was paid for periods inside it."""

    team: Team
    allowance: Allowance
    paid: int

    @property
    def amount(self) -> int:
        return self.allowance.amount

    @property
    def balance(self) -> int:
        return self.allowance.amount - self.paid


@dataclass(frozen=True)
class ChildTotal:
    unit: Unit
    teams: int
    amount: int
    paid: int


@dataclass(frozen=True)
class AllowanceReport:
    unit: Unit
    period: Period
    lines: list[Line]
    policies: list[Policy]
    children: list[ChildTotal]

    @property
    def total(self) -> int:
        """The sum of the rounded lines (never a rounding of the sum)."""
        return sum(line.amount for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(line.paid for line in self.lines)


def policies_for(unit: Unit, *, start: date, end: date) -> list[Policy]:
    """Policies that may pay a team under `unit` on a day from 1 January of `start`'s year to `end`.

    Policies of the unit's ancestors and of units inside it. Days before the
    period in the same year are needed, because they count towards the caps.
    One query, plus one for the areas.
    """
    paths = [*unit.ancestor_paths(), unit.path]
    return list(
        Policy.objects.filter(Q(path__in=paths) | Q(path__under=unit.path))
        .filter(valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(start.year, 1, 1)))
        .prefetch_related("areas")
        .order_by("valid_from", "id")
    )


def covered_prefixes(policy: Policy) -> list[str]:
    """The subtrees whose teams the policy pays: its communes if it lists any, else its unit."""
    return [area.path for area in policy.areas.all()] or [policy.path]


def covers(policy: Policy, team_path: str) -> bool:
    return any(team_path.startswith(prefix) for prefix in covered_prefixes(policy))


def terms_of(policy: Policy) -> Terms:
    return Terms(
        id=policy.pk,
        reference=policy.reference,
        basis=policy.basis,
        amount=policy.amount,
        cap_per_year=policy.cap_per_year,
        valid=Span(policy.valid_from, policy.valid_to or date.max),
    )


def team_founded(team: Team) -> date:
    """The decision date when there is one, else the day the team was registered."""
    return team.decision_date or timezone.localdate(team.created_at)


def team_facts(team: Team, members: list[MemberFacts]) -> TeamFacts:
    """A suspended or dissolved team stops counting on its `status_since` day.

    Teams keep only their current status, so a team suspended and later
    reactivated counts as active throughout (docs/funding.md, "Limits").
    """
    until = team.status_since if team.status != TeamStatus.ACTIVE else None
    return TeamFacts(active=span_from(team_founded(team), until), members=tuple(members))


def _prefixes_under(unit: Unit, policies: list[Policy]) -> list[str]:
    """The parts of `unit`'s subtree some policy covers, without nested duplicates."""
    prefixes = set()
    for policy in policies:
        for prefix in covered_prefixes(policy):
            if prefix.startswith(unit.path):
                prefixes.add(prefix)
            elif unit.path.startswith(prefix):
                prefixes.add(unit.path)
    kept: list[str] = []
    for prefix in sorted(prefixes):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def _under_any(prefixes: list[str]) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(path__under=prefix)
    return q


def _members_by_team(prefixes: list[str]) -> dict[int, list[MemberFacts]]:
    by_team: dict[int, list[MemberFacts]] = {}
    rows = Member.objects.filter(_under_any(prefixes)).values_list(
        "team_id", "full_name", "role", "joined_on", "left_on"
    )
    for team_id, name, role, joined_on, left_on in rows:
        by_team.setdefault(team_id, []).append(
            MemberFacts(
                name=name, is_leader=role == MemberRole.LEADER, active=span_from(joined_on, left_on)
            )
        )
    return by_team


def _paid_within(prefixes: list[str], period: Period) -> dict[int, int]:
    """Payments for periods inside `period`, per team (a yearly payment is not inside a month)."""
    rows = (
        Payment.objects.filter(_under_any(prefixes))
        .filter(period_start__gte=period.start, period_end__lte=period.end)
        .values("team_id")
        .annotate(total=Sum("amount"))
    )
    return {row["team_id"]: row["total"] for row in rows}


def child_path(unit: Unit, path: str) -> str:
    """The path of `unit`'s child that holds `path` (a path strictly under `unit`)."""
    rest = path[len(unit.path) :]
    return unit.path + rest.split(PATH_SEPARATOR, 1)[0] + PATH_SEPARATOR


def units_by_path(paths: list[str]) -> dict[str, Unit]:
    """Units by path, the current one when a closed unit had the same path (a reused code).

    Closed units are kept too: a team of a village closed since still has its
    lines for the days before.
    """
    units = Unit.objects.filter(path__in=paths).order_by(F("valid_to").asc(nulls_last=True))
    return {unit.path: unit for unit in units}


def _children(unit: Unit, lines: list[Line]) -> list[ChildTotal]:
    if unit.kind == Kind.VILLAGE or not lines:
        return []
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(child_path(unit, line.team.path), []).append(line)
    children = sorted(units_by_path(list(groups)).values(), key=lambda u: (u.sort_key, u.code))
    return [
        ChildTotal(
            unit=child,
            teams=len(groups[child.path]),
            amount=sum(line.amount for line in groups[child.path]),
            paid=sum(line.paid for line in groups[child.path]),
        )
        for child in children
    ]


def allowance_report(unit: Unit, period: Period) -> AllowanceReport:
    """Every team of `unit`'s subtree that a policy paid on at least one day of `period`.

    Teams no policy covers, or covered but not active in the period, have no
    line. Lines follow the Vietnamese order of communes, then villages.
    """
    policies = policies_for(unit, start=period.start, end=period.end)
    prefixes = _prefixes_under(unit, policies)
    if not prefixes:
        return AllowanceReport(unit=unit, period=period, lines=[], policies=[], children=[])
    teams = (
        Team.objects.filter(_under_any(prefixes))
        .select_related("village", "village__parent")
        .order_by("village__parent__sort_key", "village__sort_key", "village__code", "id")
    )
    members = _members_by_team(prefixes)
    paid = _paid_within(prefixes, period)
    span = Span(period.start, period.end)
    terms = {policy.pk: terms_of(policy) for policy in policies}
    lines, used = [], set()
    for team in teams:
        applying = [terms[p.pk] for p in policies if covers(p, team.path)]
        allowance = team_allowance(applying, team_facts(team, members.get(team.pk, [])), span)
        if allowance.days:
            lines.append(Line(team=team, allowance=allowance, paid=paid.get(team.pk, 0)))
            used.update(use.policy_id for use in allowance.uses)
    return AllowanceReport(
        unit=unit,
        period=period,
        lines=lines,
        policies=[p for p in policies if p.pk in used],
        children=_children(unit, lines),
    )


def team_owed(team: Team, period: Period) -> int:
    """What one team is owed for `period` (the payment rules ask this for a single team)."""
    policies = [
        p
        for p in policies_for(team.village, start=period.start, end=period.end)
        if covers(p, team.path)
    ]
    members = _members_by_team([team.path]).get(team.pk, [])
    allowance = team_allowance(
        [terms_of(p) for p in policies], team_facts(team, members), Span(period.start, period.end)
    )
    return allowance.amount


def report_as_dict(report: AllowanceReport) -> dict:
    """The form the command line prints and the API returns: a contract for scripts."""
    return {
        "unit": report.unit.code,
        "period": report.period.label,
        "total": report.total,
        "teams": [
            {
                "team": line.team.pk,
                "village": line.team.village.code,
                "amount": line.amount,
                "days": line.allowance.days,
                "policies": [
                    {
                        "id": use.policy_id,
                        "reference": use.reference,
                        "from": use.span.start.isoformat(),
                        "to": use.span.end.isoformat(),
                        "days": use.days,
                    }
                    for use in line.allowance.uses
                ],
            }
            for line in report.lines
        ],
    }
