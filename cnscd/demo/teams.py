"""Demo teams and members for demo villages, with the mix of backgrounds the seeds describe.

Written with bulk inserts (about 93,500 teams and 458,000 members at
national scale), so the summary columns kept by the member services are
computed here by the same rules. Villages that already have a team are
skipped, so running the demo twice adds nothing.
"""

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from cnscd.demo.names import mobile_phone, person_name
from cnscd.geo.models import Unit
from cnscd.teams.models import Background, Member, MemberRole, Team, TelecomOperator
from cnscd.vntext.folding import fold
from cnscd.vntext.sorting import name_sort_key

# Who joins a team, after the leader (usually the village head) and the party cell secretary.
OTHER_BACKGROUNDS = [
    (Background.YOUTH_UNION, 22), (Background.WOMEN_UNION, 14), (Background.VETERANS, 9),
    (Background.FARMERS, 6), (Background.TELECOM, 8), (Background.TEACHER, 8),
    (Background.STUDENT, 10), (Background.ELDERLY, 8), (Background.POLICE, 7),
    (Background.OTHER, 8),
]  # fmt: skip
_BACKGROUNDS, _BACKGROUND_WEIGHTS = zip(*OTHER_BACKGROUNDS, strict=True)
# mean 4.9 active members: about 458,000 members for 93,500 teams, as reported in 2024
TEAM_SIZES = [(2, 4), (3, 15), (4, 28), (5, 24), (6, 13), (7, 8), (8, 4), (9, 2), (10, 2)]
_SIZES, _SIZE_WEIGHTS = zip(*TEAM_SIZES, strict=True)
AGE_BY_BACKGROUND = {
    Background.STUDENT: (17, 24), Background.YOUTH_UNION: (20, 34), Background.ELDERLY: (62, 78),
    Background.VETERANS: (55, 75), Background.TELECOM: (24, 45),
}  # fmt: skip


def _member(
    rng: random.Random, team: Team, role: str, background: str, joined_on: date, today: date
) -> Member:
    gender = "female" if background == Background.WOMEN_UNION or rng.random() < 0.35 else "male"
    name = person_name(rng, gender)
    low, high = AGE_BY_BACKGROUND.get(background, (28, 62))
    return Member(
        team=team,
        path=team.path,
        province_code=team.province_code,
        commune_code=team.commune_code,
        full_name=name,
        name_folded=fold(name),
        sort_key=name_sort_key(name),
        gender=gender,
        birth_year=today.year - rng.randint(low, high),
        phone=mobile_phone(rng) if rng.random() < 0.9 else "",
        role=role,
        background=background,
        telecom_operator=(
            rng.choice([TelecomOperator.VIETTEL, TelecomOperator.VNPT, TelecomOperator.MOBIFONE])
            if background == Background.TELECOM
            else ""
        ),
        joined_on=joined_on,
    )


def _team_members(rng: random.Random, team: Team, today: date) -> list[Member]:
    size = rng.choices(_SIZES, weights=_SIZE_WEIGHTS)[0]
    founded = team.decision_date
    leaderless = rng.random() < 0.03
    members = (
        []
        if leaderless
        else [_member(rng, team, MemberRole.LEADER, Background.VILLAGE_HEAD, founded, today)]
    )
    members.append(
        _member(rng, team, MemberRole.DEPUTY, Background.PARTY_SECRETARY, founded, today)
    )
    while len(members) < size:
        background = rng.choices(_BACKGROUNDS, weights=_BACKGROUND_WEIGHTS)[0]
        joined = founded + timedelta(days=rng.choice([0, 0, 0, 30, 200, 500]))
        members.append(_member(rng, team, MemberRole.MEMBER, background, min(joined, today), today))
    if rng.random() < 0.1:  # someone moved away: history is kept
        past = _member(rng, team, MemberRole.MEMBER, Background.STUDENT, founded, today)
        past.left_on = min(founded + timedelta(days=rng.randint(90, 700)), today)
        members.append(past)
    for member in members:
        member.counted = member.left_on is None
    team.active_members = sum(1 for m in members if m.counted)
    team.has_leader = not leaderless
    return members


def demo_teams(
    *,
    villages: Iterable[Unit],
    rng: random.Random,
    today: date,
    coverage: float = 0.99,
    progress: Callable[[int], Any] | None = None,
) -> tuple[int, int]:
    """Give most villages a team; return (teams created, members created)."""
    villages = list(villages)
    with_team = set(Team.objects.filter(village__in=villages).values_list("village_id", flat=True))
    teams_created = members_created = 0
    batch: list[tuple[Team, list[Member]]] = []
    for village in villages:
        wanted = rng.random() < coverage
        if village.pk not in with_team and wanted:
            founded = date(2022, 3, 1) + timedelta(days=rng.randint(0, 640))
            team = Team(
                village=village,
                path=village.path,
                province_code=village.province_code,
                commune_code=village.path.split("/")[2],
                name=f"Tổ công nghệ số cộng đồng {village.name}",
                decision_number=f"{rng.randint(1, 250)}/QĐ-UBND",
                decision_date=founded,
                decision_body="Ủy ban nhân dân xã",
                status_since=founded,
            )
            batch.append((team, _team_members(rng, team, today)))
        if len(batch) >= 2000:
            t, m = _write(batch)
            teams_created, members_created = teams_created + t, members_created + m
        if progress:
            progress(1)
    t, m = _write(batch)
    return teams_created + t, members_created + m


@transaction.atomic
def _write(batch: list[tuple[Team, list[Member]]]) -> tuple[int, int]:
    teams = Team.objects.bulk_create([team for team, _ in batch], batch_size=1000)
    members = []
    for team, team_members in zip(teams, (m for _, m in batch), strict=True):
        for member in team_members:
            member.team = team
            members.append(member)
    Member.objects.bulk_create(members, batch_size=2000)
    batch.clear()
    return len(teams), len(members)
