"""Teams with known histories and policies with known terms, built through the services."""

from datetime import date

import pytest

from cnscd.funding.services import policy_create
from cnscd.geo.models import Unit
from cnscd.teams import services as teams


def make_team(village: Unit, founded: date, *members, name: str = "") -> object:
    """A team founded on `founded` with members given as (name, joined, left or None, role)."""
    team = teams.team_create(village=village, by=None, name=name, decision_date=founded)
    for full_name, joined, left, role in members:
        member = teams.member_add(
            team=team, by=None, full_name=full_name, gender="male", joined_on=joined, role=role
        )
        if left:
            teams.member_leave(member=member, left_on=left, by=None)
    return team


def monthly_policy(unit: Unit, amount: int = 500_000, **terms) -> object:
    fields = {
        "reference": "Nghị quyết 12/2024/NQ-HĐND",
        "basis": "per_team_month",
        "valid_from": date(2024, 1, 1),
        **terms,
    }
    return policy_create(unit=unit, by=None, amount=amount, **fields)


@pytest.fixture
def team(village):
    """Founded 1/7/2025 with a leader from the start and a member who left on 16/8/2025."""
    return make_team(
        village,
        date(2025, 7, 1),
        ("Lê Văn An", date(2025, 7, 1), None, "leader"),
        ("Trần Văn Bình", date(2025, 7, 1), date(2025, 8, 16), "member"),
    )


@pytest.fixture
def sibling_team(sibling_village):
    return make_team(
        sibling_village, date(2024, 1, 1), ("Phạm Thị Cúc", date(2024, 1, 1), None, "leader")
    )


@pytest.fixture
def province_policy(thanh_hoa):
    """500,000 đ per team per month in Thanh Hóa from 1/1/2024, open-ended."""
    return monthly_policy(thanh_hoa)
