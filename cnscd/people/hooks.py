"""The one hook through which people's writes reach the indicator counters.

`indicators` sits above `people`, so people cannot import it; instead every
people service that changes what a resident or household counts for calls
`resident_changed(before, after)` / `household_changed(before, after)` with
plain snapshots, in its own transaction; a service that changes many
residents at once hands them over together (`residents_changed`), so that
the counters are written once for the lot. The indicators app registers its
listener when it starts (`IndicatorsConfig.ready`). This is not a
`post_save` receiver: bulk writes (imports) call `communes_rewritten`
instead, after writing many rows of some communes set-based.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cnscd.geo.models import code_of
from cnscd.people.skills import CORE_SKILLS, HouseholdFact


@dataclass(frozen=True)
class ResidentState:
    """What a resident counts for: where, born when, present until when, which skills."""

    village_code: str
    commune_code: str
    province_code: str
    birth_year: int
    left_on: date | None
    skills: tuple[tuple[str, date, str], ...]

    @classmethod
    def of(cls, resident) -> "ResidentState | None":
        """None for a merged-away resident: it counts for nothing."""
        if resident is None or resident.merged_into_id:
            return None
        left = [d for d in (resident.moved_out_on, resident.deceased_on) if d]
        return cls(
            village_code=code_of(resident.path),
            commune_code=resident.commune_code,
            province_code=resident.province_code,
            birth_year=resident.birth_year,
            left_on=min(left) if left else None,
            skills=tuple(
                (skill, resident.skill_on(skill), resident.skill_source(skill))
                for skill in CORE_SKILLS
                if resident.skill_on(skill)
            ),
        )


@dataclass(frozen=True)
class HouseholdState:
    village_code: str
    commune_code: str
    province_code: str
    facts: tuple[tuple[str, date, str], ...]

    @classmethod
    def of(cls, household) -> "HouseholdState | None":
        if household is None:
            return None
        return cls(
            village_code=code_of(household.path),
            commune_code=household.commune_code,
            province_code=household.province_code,
            facts=tuple(
                (fact, getattr(household, f"{fact}_on"), getattr(household, f"{fact}_source"))
                for fact in HouseholdFact.values
                if getattr(household, f"{fact}_on")
            ),
        )


ResidentPair = tuple[ResidentState | None, ResidentState | None]  # before, after
ResidentListener = Callable[[list[ResidentPair]], None]
HouseholdListener = Callable[[HouseholdState | None, HouseholdState | None], None]
_resident_listeners: list[ResidentListener] = []
_household_listeners: list[HouseholdListener] = []
# called with [(commune code, province code), ...]
CommunesListener = Callable[[list[tuple[str, str]]], None]
_communes_listeners: list[CommunesListener] = []


def listen(
    *, resident: ResidentListener, household: HouseholdListener, communes: CommunesListener
) -> None:
    """Register the counters' listeners (once, from the indicators app)."""
    for listener, registry in (
        (resident, _resident_listeners),
        (household, _household_listeners),
        (communes, _communes_listeners),
    ):
        if listener not in registry:
            registry.append(listener)


def resident_changed(before: ResidentState | None, after: ResidentState | None) -> None:
    residents_changed([(before, after)])


def residents_changed(pairs: list[ResidentPair]) -> None:
    changed = [(before, after) for before, after in pairs if before != after]
    if changed:
        for listener in _resident_listeners:
            listener(changed)


def household_changed(before: HouseholdState | None, after: HouseholdState | None) -> None:
    if before != after:
        for listener in _household_listeners:
            listener(before, after)


def communes_rewritten(communes: list[tuple[str, str]]) -> None:
    """Many rows of these (commune, province) pairs were written set-based: recount them."""
    if communes:
        for listener in _communes_listeners:
            listener(communes)
