"""Demo households and residents: plausible families, adoption varying by age and place.

Written with bulk inserts (about 50,000 residents at small scale) and with
the same invariants the services keep: skill columns match the last
`SkillEvent`, ID numbers are valid for the person's gender and birth year
and unique, one head per household. Villages that already have households
are skipped, so running the demo twice adds nothing.
"""

import random
import string
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from cnscd.demo.names import family_name, mobile_phone, person_name
from cnscd.geo.models import Division, Unit
from cnscd.people.models import Household, Relation, Resident, SkillEvent, Visit
from cnscd.people.skills import CORE_SKILLS, SKILL_MIN_AGE, Source
from cnscd.vntext.folding import fold
from cnscd.vntext.sorting import name_sort_key, sort_key

FIRST_DAY = date(2022, 3, 1)  # the national pilot of community digital teams

# Probability of each skill by age band (young, working age, older, elderly).
ADOPTION = {
    "vneid_l2": (0.70, 0.85, 0.70, 0.40),
    "digital_signature": (0.15, 0.45, 0.25, 0.05),
    "epayment": (0.55, 0.80, 0.50, 0.15),
    "public_services": (0.25, 0.60, 0.40, 0.10),
    "online_shopping": (0.60, 0.60, 0.30, 0.05),
    "cyber_safety": (0.50, 0.55, 0.35, 0.15),
    "ehealth_book": (0.40, 0.55, 0.55, 0.45),
    "vssid": (0.30, 0.60, 0.45, 0.30),
}
SOURCES = [
    (Source.VISIT, 40),
    (Source.VERIFIED, 20),
    (Source.SELF_REPORTED, 20),
    (Source.IMPORT, 20),
]
_SOURCE_VALUES, _SOURCE_WEIGHTS = zip(*SOURCES, strict=True)


def _band(age: int) -> int:
    return 0 if age < 25 else 1 if age < 50 else 2 if age < 65 else 3


def _family(rng: random.Random, today: date) -> list[tuple[str, int, str]]:
    """(relation, age, gender) of each person in one household, head first."""
    head_age = rng.randint(24, 80)
    head_gender = "male" if rng.random() < 0.75 else "female"
    people = [(Relation.HEAD, head_age, head_gender)]
    if head_age < 70 or rng.random() < 0.5:
        other = "female" if head_gender == "male" else "male"
        people.append((Relation.SPOUSE, max(18, head_age + rng.randint(-6, 4)), other))
    for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[10, 20, 40, 20, 10])[0]):
        age = head_age - rng.randint(20, 38)
        if age >= 0:
            people.append((Relation.CHILD, age, rng.choice(["male", "female"])))
    if head_age < 50 and rng.random() < 0.25:
        people.append(
            (Relation.PARENT, head_age + rng.randint(22, 32), rng.choice(["male", "female"]))
        )
    if head_age > 55 and rng.random() < 0.3:
        people.append((Relation.GRANDCHILD, rng.randint(0, 14), rng.choice(["male", "female"])))
    return people


class _IdNumbers:
    """Valid, unique 12-digit numbers: birth-province code, century/gender digit, year, serial."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def make(self, province_code: str, gender: str, birth_year: int) -> str:
        century = (birth_year // 100 - 19) * 2 + (1 if gender == "female" else 0)
        while True:
            number = (
                f"0{province_code}{century}{birth_year % 100:02d}{self.rng.randrange(10**6):06d}"
            )
            if number not in self.used:
                self.used.add(number)
                return number


def _achieved(rng: random.Random, today: date) -> tuple[date, str]:
    day = FIRST_DAY + timedelta(days=rng.randint(0, (today - FIRST_DAY).days))
    return day, rng.choices(_SOURCE_VALUES, weights=_SOURCE_WEIGHTS)[0]


def demo_people(
    *,
    villages: Iterable[Unit],
    rng: random.Random,
    today: date,
    households_per_village: tuple[int, int] = (200, 400),
    progress: Callable[[int], Any] | None = None,
) -> tuple[int, int]:
    """Households and residents for each village without households; return the counts."""
    villages = list(villages)
    filled = set(
        Household.objects.filter(village__in=villages).values_list("village_id", flat=True)
    )
    ids = _IdNumbers(rng)
    created_households = created_residents = 0
    for village in villages:
        if village.pk not in filled:
            h, r = _village(village, rng, today, ids, households_per_village)
            created_households, created_residents = created_households + h, created_residents + r
        if progress:
            progress(1)
    return created_households, created_residents


@transaction.atomic
def _village(
    village: Unit, rng: random.Random, today: date, ids: _IdNumbers, size: tuple[int, int]
) -> tuple[int, int]:
    commune_code = village.path.split("/")[2]
    urban = village.division in (Division.TO_DAN_PHO, Division.KHU_PHO)
    place = rng.uniform(0.85, 1.1) + (0.08 if urban else 0)
    households = []
    for n in range(1, rng.randint(*size) + 1):
        number = str(n)
        coded = rng.random() < 0.8 * place
        households.append(
            Household(
                village=village,
                path=village.path,
                province_code=village.province_code,
                commune_code=commune_code,
                number=number,
                number_key=sort_key(number),
                address=f"Số {n}, {village.name}",
                address_code="".join(rng.choices(string.ascii_uppercase + string.digits, k=10))
                if coded
                else "",
                address_code_on=_achieved(rng, today)[0] if coded else None,
                address_code_source=Source.VERIFIED if coded else "",
                zalo_group_on=_achieved(rng, today)[0] if rng.random() < 0.75 * place else None,
            )
        )
    Household.objects.bulk_create(households, batch_size=1000)
    residents: list[Resident] = []
    for household in households:
        family = family_name(rng)
        if household.zalo_group_on:
            household.zalo_group_source = Source.SELF_REPORTED
        for relation, age, gender in _family(rng, today):
            surname = (
                family if relation in (Relation.HEAD, Relation.CHILD, Relation.GRANDCHILD) else None
            )
            name = person_name(rng, gender, family=surname)
            birth_year = today.year - age
            adult = age >= 18
            resident = Resident(
                household=household,
                village=village,
                path=village.path,
                province_code=village.province_code,
                commune_code=commune_code,
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                birth_year=birth_year,
                gender=gender,
                relation=relation,
                id_number=ids.make(village.province_code.zfill(2), gender, birth_year)
                if age >= 14 and rng.random() < 0.7
                else "",
                phone=mobile_phone(rng) if adult and rng.random() < 0.6 else "",
            )
            for skill in CORE_SKILLS:
                chance = ADOPTION[skill][_band(age)] * place
                if age >= SKILL_MIN_AGE.get(skill, 15) and rng.random() < chance:
                    on, source = _achieved(rng, today)
                    setattr(resident, f"{skill}_on", on)
                    setattr(resident, f"{skill}_source", source)
            residents.append(resident)
    Household.objects.bulk_update(households, ["zalo_group_source"], batch_size=1000)
    Resident.objects.bulk_create(residents, batch_size=1000)
    events = [
        SkillEvent(
            resident=r,
            path=r.path,
            skill=skill,
            action=SkillEvent.Action.ACHIEVED,
            on=r.skill_on(skill),
            source=r.skill_source(skill),
        )
        for r in residents
        for skill in CORE_SKILLS
        if r.skill_on(skill)
    ]
    SkillEvent.objects.bulk_create(events, batch_size=2000)
    Visit.objects.bulk_create(
        [
            Visit(household=h, path=h.path, visited_on=_achieved(rng, today)[0])
            for h in households
            if rng.random() < 0.6
        ],
        batch_size=1000,
    )
    return len(households), len(residents)
