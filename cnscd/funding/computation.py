"""What a team is owed under the policies that cover it: exact arithmetic, one rounding.

Plain data in, plain data out (no queries), so that the rules can be read
and tested by hand. The rules, also in docs/funding.md:

* A day counts for a team from its founding day (decision date, else the
  day it was registered) until the day before it was suspended or
  dissolved. A member counts from `joined_on` until the day before `left_on`.
* Per month: `amount × days / days in that month`, month by month. Per member
  per month: the same for each member, on days both member and team count.
  Per year: `amount × days / days in that year` (365 or 366).
* A cap is per team, per policy and per calendar year, applied to the exact
  (unrounded) amount accrued since 1 January, after pro-rating.
* Amounts stay `Fraction`s until the end. A team's amount for a period
  inside one calendar year is `R(owed from 1 January to the period's end) −
  R(owed from 1 January to the day before the period starts)`, where R
  rounds half up to the đồng. So a year's amount is rounded once, and the
  months or quarters of a year always add up to exactly the year's amount.
  A period spanning several years adds up its pieces per year.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from cnscd.funding.models import Basis

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def clip(self, other: "Span | None") -> "Span | None":
        """The days both spans share, or None."""
        if other is None:
            return None
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Span(start, end) if start <= end else None


def span_from(first: date, until: date | None) -> Span | None:
    """Days from `first` up to the day before `until` (None: open-ended); None when empty."""
    if until is None:
        return Span(first, date.max)
    return Span(first, until - ONE_DAY) if until > first else None


@dataclass(frozen=True)
class Terms:
    """A policy as the computation needs it."""

    id: int
    reference: str
    basis: str
    amount: int
    cap_per_year: int | None
    valid: Span


@dataclass(frozen=True)
class MemberFacts:
    name: str
    is_leader: bool
    active: Span | None


@dataclass(frozen=True)
class TeamFacts:
    active: Span | None
    members: tuple[MemberFacts, ...] = ()


@dataclass(frozen=True)
class PolicyUse:
    """One policy on one team within the period: the days it paid, and member-days."""

    policy_id: int
    reference: str
    span: Span
    days: int
    member_days: int


@dataclass(frozen=True)
class Allowance:
    """A team's line for a period."""

    amount: int
    days: int
    months: Fraction
    members: int
    leader: str
    uses: tuple[PolicyUse, ...]


def round_half_up(value: Fraction) -> int:
    """The nearest đồng; exactly half a đồng goes up. Amounts here are never negative."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def _months(span: Span) -> Iterable[tuple[Span, int]]:
    """The parts of `span` in each calendar month, with that month's length."""
    year, month = span.start.year, span.start.month
    while date(year, month, 1) <= span.end:
        length = calendar.monthrange(year, month)[1]
        part = span.clip(Span(date(year, month, 1), date(year, month, length)))
        if part:
            yield part, length
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _per_month(amount: int, span: Span | None) -> Fraction:
    if span is None:
        return Fraction(0)
    return sum((Fraction(amount * part.days, length) for part, length in _months(span)), Fraction())


def accrued(terms: Terms, team: TeamFacts, span: Span) -> Fraction:
    """The exact amount `terms` pays `team` for the days of `span` (one calendar year), no cap."""
    paid = span.clip(terms.valid)
    paid = paid.clip(team.active) if paid else None
    if paid is None:
        return Fraction(0)
    if terms.basis == Basis.PER_TEAM_YEAR:
        return Fraction(terms.amount * paid.days, 366 if calendar.isleap(span.start.year) else 365)
    if terms.basis == Basis.PER_MEMBER_MONTH:
        return sum(
            (_per_month(terms.amount, paid.clip(m.active)) for m in team.members), Fraction()
        )
    return _per_month(terms.amount, paid)


def _owed_since_new_year(policies: Sequence[Terms], team: TeamFacts, until: date) -> Fraction:
    """Exact amount owed from 1 January of `until`'s year to `until`, each policy capped."""
    span = Span(date(until.year, 1, 1), until)
    total = Fraction(0)
    for terms in policies:
        amount = accrued(terms, team, span)
        if terms.cap_per_year is not None:
            amount = min(amount, Fraction(terms.cap_per_year))
        total += amount
    return total


def amount_owed(policies: Sequence[Terms], team: TeamFacts, period: Span) -> int:
    """The rounded amount for `period`: per calendar year, R(to its end) − R(to its start − 1)."""
    total = 0
    for year in range(period.start.year, period.end.year + 1):
        part = period.clip(Span(date(year, 1, 1), date(year, 12, 31)))
        total += round_half_up(_owed_since_new_year(policies, team, part.end))
        if part.start.month != 1 or part.start.day != 1:
            total -= round_half_up(_owed_since_new_year(policies, team, part.start - ONE_DAY))
    return total


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end + ONE_DAY:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def team_allowance(policies: Sequence[Terms], team: TeamFacts, period: Span) -> Allowance:
    """Everything a payout line shows: amount, paid days and months, members, policies used.

    `policies` are those covering the team's village; the caller includes
    every one in force at some day from 1 January of the period's first
    year, because earlier days of the year count towards the caps.
    """
    uses = []
    for terms in policies:
        span = period.clip(terms.valid)
        span = span.clip(team.active) if span else None
        if span is None:
            continue
        member_days = sum(shared.days for m in team.members if (shared := span.clip(m.active)))
        uses.append(PolicyUse(terms.id, terms.reference, span, span.days, member_days))
    paid = _merged(use.span for use in uses)
    on_paid_days = [m for m in team.members if any(p.clip(m.active) for p in paid)]
    leaders = sorted(
        (m for m in on_paid_days if m.is_leader), key=lambda m: m.active.start, reverse=True
    )
    return Allowance(
        amount=amount_owed(policies, team, period) if uses else 0,
        days=sum(p.days for p in paid),
        months=sum(
            (Fraction(part.days, length) for p in paid for part, length in _months(p)),
            Fraction(),
        ),
        members=len(on_paid_days),
        leader=leaders[0].name if leaders else "",
        uses=tuple(uses),
    )
