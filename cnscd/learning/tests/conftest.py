"""Fixtures of the learning tests: teams with members on both sides of the scope line."""

from datetime import date

import pytest
from django.core.cache import cache

from cnscd.learning.services import training
from cnscd.teams import services as team_services

JOINED = date(2024, 3, 1)


@pytest.fixture(autouse=True)
def empty_cache():
    """Public pages and the rate limit live in the cache; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


def add_member(team, name, *, role="member", phone=""):
    return team_services.member_add(
        team=team,
        by=None,
        full_name=name,
        gender="female",
        joined_on=JOINED,
        role=role,
        phone=phone,
    )


@pytest.fixture
def team(village):
    team = team_services.team_create(village=village, by=None, name="Tổ CNSCĐ Đông Sơn")
    add_member(team, "Lê Thị Hoa", role="leader", phone="0912345678")
    add_member(team, "Trần Văn Bình")
    add_member(team, "Phạm Thị Mai")
    return team


@pytest.fixture
def sibling_team(sibling_village):
    team = team_services.team_create(village=sibling_village, by=None, name="Tổ CNSCĐ Bắc Sơn")
    add_member(team, "Đỗ Văn Cường", role="leader")
    return team


@pytest.fixture
def hanoi_team(hanoi_village):
    team = team_services.team_create(village=hanoi_village, by=None, name="Tổ CNSCĐ số 5")
    add_member(team, "Ngô Thị Lan", role="leader")
    return team


@pytest.fixture
def course(thanh_hoa):
    return training.course_create(
        unit=thanh_hoa,
        by=None,
        title="Kỹ năng số cơ bản",
        mode="in_person",
        skills=["vneid_l2", "cyber_safety"],
    )


@pytest.fixture
def session(course, village, team):
    return training.session_create(
        course=course,
        unit=village,
        by=None,
        held_on=date(2025, 3, 15),
        place="Nhà văn hóa Đông Sơn",
        trainer="Nguyễn Văn Giảng",
    )
