"""The allowance rules, computed by hand in the comments (docs/funding.md, "Computation")."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnscd.funding.computation import (
    MemberFacts,
    Span,
    TeamFacts,
    Terms,
    amount_owed,
    round_half_up,
    span_from,
    team_allowance,
)
from cnscd.funding.periods import parse_period

OPEN = date.max
DA_NANG = Terms(
    1,
    "Nghị quyết 36/2024/NQ-HĐND",
    "per_team_year",
    3_000_000,
    3_000_000,
    Span(date(2024, 8, 10), date(2025, 12, 31)),
)


def team(founded: date, *members: MemberFacts, until: date | None = None) -> TeamFacts:
    return TeamFacts(active=span_from(founded, until), members=members)


def member(name: str, joined: date, left: date | None = None, leader=False) -> MemberFacts:
    return MemberFacts(name=name, is_leader=leader, active=span_from(joined, left))


def owed(policies, facts, period: str) -> int:
    p = parse_period(period)
    return team_allowance(policies, facts, Span(p.start, p.end)).amount


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(Fraction(0), 0), (Fraction(1, 2), 1), (Fraction(3, 2), 2), (Fraction(5, 2), 3),
     (Fraction(7, 3), 2), (Fraction(8, 3), 3), (Fraction(1_512_328_767, 1000), 1_512_329)],
)  # fmt: skip
def test_rounding_is_half_up_to_the_dong(value, rounded):
    assert round_half_up(value) == rounded


def test_da_nang_team_founded_mid_year_gets_the_yearly_amount_pro_rata():
    facts = team(date(2025, 7, 1))
    # 1/7–31/12/2025 is 184 days: 3,000,000 × 184 / 365 = 1,512,328.77 → 1,512,329
    assert owed([DA_NANG], facts, "2025") == 1_512_329
    # Q3 is 92 days: 3,000,000 × 92 / 365 = 756,164.38 → 756,164
    assert owed([DA_NANG], facts, "2025-Q3") == 756_164
    # Q4 is what is left of the year, so the quarters add up to the year exactly
    assert owed([DA_NANG], facts, "2025-Q4") == 1_512_329 - 756_164
    assert owed([DA_NANG], facts, "2025-Q1") == 0


def test_da_nang_full_year_is_the_cap_and_the_first_year_starts_on_10_august():
    facts = team(date(2024, 3, 1))
    assert owed([DA_NANG], facts, "2025") == 3_000_000
    # 10/8–31/12/2024 is 144 days of a 366-day year: 3,000,000 × 144 / 366 = 1,180,327.87
    assert owed([DA_NANG], facts, "2024") == 1_180_328
    assert owed([DA_NANG], facts, "2026") == 0


def test_yearly_cap_stops_a_monthly_allowance_of_a_team_founded_in_february():
    monthly = Terms(2, "NQ thử", "per_team_month", 300_000, 3_000_000, Span(date(2024, 1, 1), OPEN))
    facts = team(date(2025, 2, 1))
    # February to December is 11 months × 300,000 = 3,300,000, capped at 3,000,000
    assert owed([monthly], facts, "2025") == 3_000_000
    assert owed([monthly], facts, "2025-Q1") == 600_000
    # by 31 October 9 months (2,700,000) are owed; November reaches the cap, December gets 0
    assert owed([monthly], facts, "2025-11") == 300_000
    assert owed([monthly], facts, "2025-12") == 0
    # Q4: by 30 September 8 months (2,400,000); October and November bring it to the cap
    assert owed([monthly], facts, "2025-Q4") == 600_000
    # the cap is per calendar year: January 2026 pays again
    assert owed([monthly], facts, "2026-01") == 300_000


def test_per_member_pay_follows_members_joining_and_leaving_mid_month():
    binh_duong = Terms(3, "NQ Bình Dương", "per_member_month", 60_000, None,
                       Span(date(2024, 1, 1), OPEN))  # fmt: skip
    facts = team(
        date(2024, 1, 1),
        member("Lê Văn An", date(2024, 1, 1), leader=True),  # all of August: 31 days
        member("Trần Thị Bình", date(2025, 8, 11)),  # 11–31/8: 21 days
        member("Phạm Văn Cường", date(2024, 1, 1), date(2025, 8, 21)),  # 1–20/8: 20 days
        member("Hoàng Thị Dung", date(2025, 8, 5), date(2025, 8, 25)),  # 5–24/8: 20 days
    )
    august = Span(date(2025, 8, 1), date(2025, 8, 31))
    line = team_allowance([binh_duong], facts, august)
    # 60,000 + 60,000 × (21 + 20 + 20) / 31 = 178,064.52; January–July is a whole
    # 840,000 (An and Cường), so August = R(1,018,064.52) − 840,000 = 178,065
    assert line.amount == 178_065
    assert (line.days, line.members, line.leader) == (31, 4, "Lê Văn An")
    assert line.uses[0].member_days == 31 + 21 + 20 + 20
    assert line.months == 1
    # September: An and Bình, a whole month each
    assert owed([binh_duong], facts, "2025-09") == 120_000


def test_policy_ending_inside_the_period_pays_its_days_only():
    ha_tinh = Terms(4, "NQ Hà Tĩnh", "per_team_month", 600_000, None,
                    Span(date(2024, 1, 1), date(2025, 8, 15)))  # fmt: skip
    facts = team(date(2024, 5, 1))
    period = Span(date(2025, 7, 1), date(2025, 9, 30))
    line = team_allowance([ha_tinh], facts, period)
    # July 600,000 + August 600,000 × 15 / 31 = 290,322.58; Jan–Jun is 3,600,000
    # Q3 = R(4,490,322.58) − 3,600,000 = 890,323
    assert line.amount == 890_323
    assert line.days == 31 + 15
    assert line.months == 1 + Fraction(15, 31)
    assert line.uses[0].span == Span(date(2025, 7, 1), date(2025, 8, 15))
    assert owed([ha_tinh], facts, "2025-08") == 290_323
    assert owed([ha_tinh], facts, "2025-09") == 0


def test_a_dissolved_team_is_paid_until_the_day_before_its_dissolution():
    yen_bai = Terms(5, "NQ Yên Bái", "per_team_month", 500_000, None, Span(date(2024, 1, 1), OPEN))
    facts = team(date(2024, 1, 1), until=date(2025, 3, 11))
    # 1–10 March: 500,000 × 10 / 31 = 161,290.32
    assert owed([yen_bai], facts, "2025-03") == 161_290
    assert owed([yen_bai], facts, "2025-04") == 0


def test_additive_policies_stack_and_each_keeps_its_own_cap():
    base = Terms(6, "A", "per_team_month", 500_000, None, Span(date(2025, 1, 1), OPEN))
    extra = Terms(7, "B", "per_team_month", 100_000, 600_000, Span(date(2025, 1, 1), OPEN))
    facts = team(date(2024, 1, 1))
    # 12 × 500,000 + min(12 × 100,000, 600,000)
    assert owed([base, extra], facts, "2025") == 6_600_000
    line = team_allowance([base, extra], facts, Span(date(2025, 1, 1), date(2025, 12, 31)))
    assert [u.policy_id for u in line.uses] == [6, 7]
    assert line.days == 365


def test_a_period_across_new_year_adds_each_years_part():
    facts = team(date(2024, 1, 1))
    period = Span(date(2024, 12, 1), date(2025, 1, 31))
    # December 2024: 31 days of 366 → 254,098.36; January 2025: 31 of 365 → 254,794.52;
    # 2024: R(3,000,000 × 144/366) − R(3,000,000 × 113/366) = 1,180,328 − 926,230
    assert team_allowance([DA_NANG], facts, period).amount == (1_180_328 - 926_230) + 254_795


@settings(max_examples=60, deadline=None)
@given(
    founded=st.dates(date(2024, 1, 1), date(2025, 12, 31)),
    joins=st.lists(
        st.tuples(st.dates(date(2024, 1, 1), date(2025, 12, 31)), st.integers(0, 400)),
        max_size=4,
    ),
    amount=st.integers(1, 2_000_000),
    cap=st.one_of(st.none(), st.integers(1, 10_000_000)),
    basis=st.sampled_from(["per_team_month", "per_member_month", "per_team_year"]),
)
def test_months_and_quarters_add_up_to_the_year_exactly(founded, joins, amount, cap, basis):
    policy = Terms(9, "P", basis, amount, cap, Span(date(2024, 3, 17), date(2025, 10, 9)))
    members = tuple(member(f"M{i}", d, d + timedelta(days=n)) for i, (d, n) in enumerate(joins))
    facts = team(founded, *members)
    for year in (2024, 2025):
        whole = owed([policy], facts, str(year))
        assert sum(owed([policy], facts, f"{year}-{m:02d}") for m in range(1, 13)) == whole
        assert sum(owed([policy], facts, f"{year}-Q{q}") for q in range(1, 5)) == whole
        assert whole == amount_owed([policy], facts, Span(date(year, 1, 1), date(year, 12, 31)))
