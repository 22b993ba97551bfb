"""People API: households, residents (masked), skills, visits, reveal, consent. All scoped."""

from datetime import date
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from cnscd.errors import ServiceError, require
from cnscd.geo.models import code_of
from cnscd.geo.selectors import unit_get_for
from cnscd.people import selectors, services
from cnscd.people.models import Household, Resident
from cnscd.people.permissions import may_record
from cnscd.people.skills import CORE_SKILLS
from cnscd.teams.selectors import members_visible_to

router = Router(tags=["people"])


class HouseholdOut(Schema):
    id: int
    village: str
    number: str
    address: str
    address_code: str
    address_code_on: date | None
    zalo_group_on: date | None

    @staticmethod
    def resolve_village(household: Household) -> str:
        return household.village.code


class HouseholdIn(Schema):
    village: str
    number: str
    address: str = ""
    address_code: str = ""


class HouseholdPatch(Schema):
    number: str | None = None
    address: str | None = None


class ResidentOut(Schema):
    id: int
    household: int
    household_number: str
    village: str
    full_name: str
    birth_year: int
    birth_date: date | None
    gender: str
    relation: str
    id_number: str
    phone: str
    moved_out_on: date | None
    deceased_on: date | None
    skills: dict[str, date | None]

    @staticmethod
    def resolve_household(resident: Resident) -> int:
        return resident.household_id

    @staticmethod
    def resolve_household_number(resident: Resident) -> str:
        return resident.household.number

    @staticmethod
    def resolve_village(resident: Resident) -> str:
        return code_of(resident.path)

    @staticmethod
    def resolve_id_number(resident: Resident) -> str:
        """Always masked here; the full value only through POST …/reveal, which is audited."""
        return selectors.masked_contacts(resident)["id_number"]

    @staticmethod
    def resolve_phone(resident: Resident) -> str:
        return selectors.masked_contacts(resident)["phone"]

    @staticmethod
    def resolve_skills(resident: Resident) -> dict[str, date | None]:
        return resident.skills()


class ResidentIn(Schema):
    household: int
    full_name: str
    birth: str
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    relation: str = "other"


class ResidentPatch(Schema):
    household: int | None = None
    full_name: str | None = None
    birth: str | None = None
    gender: str | None = None
    id_number: str | None = None
    phone: str | None = None
    relation: str | None = None
    moved_out_on: date | None = None
    deceased_on: date | None = None


class RevealIn(Schema):
    field: str


class RevealOut(Schema):
    field: str
    value: str


class SkillIn(Schema):
    skill: str
    on: date
    source: str = "verified"
    revoke: bool = False


class OutcomeSchema(Schema):
    resident: int
    skill: str
    outcome: str
    note: str = ""
    verified: bool = False


class VisitIn(Schema):
    id: UUID
    household: int
    visited_on: date
    members: list[int] = []
    notes: str = ""
    outcomes: list[OutcomeSchema] = []


class VisitOut(Schema):
    id: UUID
    household: int
    visited_on: date
    status: str
    message: str


class ConsentIn(Schema):
    purpose: str
    on: date
    withdraw: bool = False


# --- households -------------------------------------------------------------------


@router.get("/households", response=list[HouseholdOut])
@paginate(LimitOffsetPagination)
def household_list(request, unit: str | None = None, search: str = "", never_visited: bool = False):
    """Households of your subtree; `search` finds a number, a resident's name or phone digits."""
    households = selectors.households_visible_to(request.auth)
    residents = selectors.residents_visible_to(request.auth)
    if unit:
        path = unit_get_for(request.auth, code=unit).path
        households, residents = (
            households.filter(path__under=path),
            residents.filter(path__under=path),
        )
    households = selectors.households_search(households, residents, search)
    if never_visited:
        households = selectors.households_never_visited(households)
    return households.order_by("path", "number_key")


@router.post("/households", response={201: HouseholdOut})
def household_create(request, data: HouseholdIn):
    village = unit_get_for(request.auth, code=data.village)
    require(may_record(request.auth, village.path))
    household = services.household_create(
        village=village,
        by=request.auth,
        number=data.number,
        address=data.address,
        address_code=data.address_code,
    )
    return Status(201, household)


@router.get("/households/{household_id}", response=HouseholdOut)
def household_detail(request, household_id: int):
    return selectors.household_get_for(request.auth, household_id=household_id)


@router.patch("/households/{household_id}", response=HouseholdOut)
def household_update(request, household_id: int, data: HouseholdPatch):
    household = selectors.household_get_for(request.auth, household_id=household_id)
    require(may_record(request.auth, household.path))
    return services.household_update(
        household=household, by=request.auth, **data.dict(exclude_unset=True)
    )


# --- residents --------------------------------------------------------------------


@router.get("/residents", response=list[ResidentOut])
@paginate(LimitOffsetPagination)
def resident_list(
    request,
    unit: str | None = None,
    search: str = "",
    missing: str | None = None,
    household: int | None = None,
):
    """Residents of your subtree; `missing=vneid_l2` lists those aged 15+ without it."""
    residents = selectors.residents_visible_to(request.auth)
    if unit:
        residents = residents.filter(path__under=unit_get_for(request.auth, code=unit).path)
    if household is not None:
        residents = residents.filter(household_id=household)
    residents = selectors.residents_search(residents, search)
    if missing:
        if missing not in CORE_SKILLS:
            raise ServiceError(
                "unknown_skill",
                _("Unknown skill %(skill)s; use one of: %(skills)s.")
                % {"skill": missing, "skills": ", ".join(CORE_SKILLS)},
                field="missing",
            )
        residents = selectors.residents_missing(residents, missing, today=timezone.localdate())
    return residents.order_by("path", "household__number_key", "sort_key")


@router.post("/residents", response={201: ResidentOut})
def resident_create(request, data: ResidentIn):
    household = selectors.household_get_for(request.auth, household_id=data.household)
    require(may_record(request.auth, household.path))
    resident = services.resident_create(
        household=household, by=request.auth, **data.dict(exclude={"household"})
    )
    return Status(201, selectors.resident_get_for(request.auth, resident_id=resident.pk))


class MergeIn(Schema):
    keep: int
    duplicate: int


@router.get("/residents/duplicates", response=list[list[ResidentOut]])
def resident_duplicates(request, unit: str | None = None):
    """Likely duplicates (same folded name and birth year in a commune), for officers to merge."""
    residents = selectors.residents_visible_to(request.auth)
    if unit:
        residents = residents.filter(path__under=unit_get_for(request.auth, code=unit).path)
    return [list(pair) for pair in selectors.likely_duplicates(residents)]


@router.post("/residents/merge", response=ResidentOut)
def resident_merge(request, data: MergeIn):
    """Merge `duplicate` into `keep`; both histories stay (officers of the commune or above)."""
    keep = selectors.resident_get_for(request.auth, resident_id=data.keep)
    duplicate = selectors.resident_get_for(request.auth, resident_id=data.duplicate)
    require(request.auth.can_manage(keep.path) and request.auth.can_manage(duplicate.path))
    services.residents_merge(keep=keep, duplicate=duplicate, by=request.auth)
    return selectors.resident_get_for(request.auth, resident_id=keep.pk)


@router.get("/residents/{resident_id}", response=ResidentOut)
def resident_detail(request, resident_id: int):
    return selectors.resident_get_for(request.auth, resident_id=resident_id)


@router.patch("/residents/{resident_id}", response=ResidentOut)
def resident_update(request, resident_id: int, data: ResidentPatch):
    """Correct a resident; `household` moves them (the new household must be in your scope)."""
    resident = selectors.resident_get_for(request.auth, resident_id=resident_id)
    require(may_record(request.auth, resident.path))
    changes = data.dict(exclude_unset=True)
    target = None
    if changes.get("household") is not None:
        target = selectors.household_get_for(request.auth, household_id=changes.pop("household"))
        require(may_record(request.auth, target.path))
    changes.pop("household", None)
    services.resident_update(resident=resident, by=request.auth, household=target, **changes)
    return selectors.resident_get_for(request.auth, resident_id=resident_id)


@router.post("/residents/{resident_id}/reveal", response=RevealOut)
def resident_reveal(request, resident_id: int, data: RevealIn):
    """The full ID number or phone, for the resident's team and officers; audited."""
    resident = selectors.resident_get_for(request.auth, resident_id=resident_id)
    require(selectors.may_reveal(request.auth, resident))
    value = services.resident_reveal(resident=resident, field=data.field, by=request.auth)
    return {"field": data.field, "value": value}


@router.post("/residents/{resident_id}/skills", response=ResidentOut)
def resident_skill(request, resident_id: int, data: SkillIn):
    resident = selectors.resident_get_for(request.auth, resident_id=resident_id)
    require(may_record(request.auth, resident.path))
    if data.revoke:
        services.skill_revoke(resident=resident, skill=data.skill, on=data.on, by=request.auth)
    else:
        services.skill_set(
            resident=resident, skill=data.skill, on=data.on, source=data.source, by=request.auth
        )
    return selectors.resident_get_for(request.auth, resident_id=resident_id)


@router.post("/residents/{resident_id}/consents", response={204: None})
def resident_consent(request, resident_id: int, data: ConsentIn):
    resident = selectors.resident_get_for(request.auth, resident_id=resident_id)
    require(may_record(request.auth, resident.path))
    if data.withdraw:
        services.consent_withdraw(
            resident=resident, purpose=data.purpose, on=data.on, by=request.auth
        )
    else:
        services.consent_give(resident=resident, purpose=data.purpose, on=data.on, by=request.auth)
    return Status(204, None)


class LocalSkillOut(Schema):
    id: int
    province: str
    key: str
    name: str

    @staticmethod
    def resolve_province(skill) -> str:
        return skill.province.code


class LocalSkillIn(Schema):
    province: str
    key: str
    name: str


class LocalSkillSetIn(Schema):
    skill: int
    on: date
    source: str = "verified"


@router.get("/local-skills", response=list[LocalSkillOut])
def local_skill_list(request):
    """Local skills of the provinces above or inside your subtree."""
    return selectors.local_skills_for(request.auth)


@router.post("/local-skills", response={201: LocalSkillOut})
def local_skill_create(request, data: LocalSkillIn):
    """Province officers and national admins add their province's skills."""
    province = unit_get_for(request.auth, code=data.province)
    require(request.auth.can_manage(province.path))
    skill = services.local_skill_create(
        province=province, key=data.key, name=data.name, by=request.auth
    )
    return Status(201, skill)


@router.post("/residents/{resident_id}/local-skills", response={204: None})
def resident_local_skill(request, resident_id: int, data: LocalSkillSetIn):
    resident = selectors.resident_get_for(request.auth, resident_id=resident_id)
    require(may_record(request.auth, resident.path))
    skill = selectors.local_skills_for(request.auth).filter(pk=data.skill).first()
    if skill is None:
        raise ServiceError("unknown_skill", _("Unknown local skill."), field="skill")
    services.local_skill_set(
        resident=resident, skill=skill, on=data.on, source=data.source, by=request.auth
    )
    return Status(204, None)


# --- visits -----------------------------------------------------------------------


@router.post("/visits", response={201: VisitOut, 200: VisitOut})
def visit_create(request, data: VisitIn):
    """Store a visit once: resending the same `id` answers 200 with status `duplicate`."""
    household = selectors.household_get_for(request.auth, household_id=data.household)
    require(may_record(request.auth, household.path))
    members = list(members_visible_to(request.auth).filter(pk__in=data.members))
    if len(members) != len(set(data.members)):
        raise ServiceError(
            "unknown_member",
            _("One of the members is not on a team you can see."),
            field="members",
        )
    visit, created = services.visit_record(
        visit_id=data.id,
        household=household,
        by=request.auth,
        visited_on=data.visited_on,
        members=members,
        notes=data.notes,
        outcomes=[
            services.OutcomeIn(
                resident_id=o.resident,
                skill=o.skill,
                outcome=o.outcome,
                note=o.note,
                verified=o.verified,
            )
            for o in data.outcomes
        ],
    )
    body = {
        "id": visit.id,
        "household": visit.household_id,
        "visited_on": visit.visited_on,
        "status": "stored" if created else "duplicate",
        "message": "" if created else _("This visit was already stored."),
    }
    return Status(201 if created else 200, body)
