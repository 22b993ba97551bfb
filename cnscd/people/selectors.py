"""Reads of households and residents: scoped, masked, searchable the Vietnamese way."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from cnscd.accounts.models import User
from cnscd.accounts.roles import FIELD_ROLES, OFFICER_ROLES
from cnscd.geo.scope import scope_q
from cnscd.people.models import (
    Consent,
    Household,
    LocalSkill,
    Outcome,
    Purpose,
    Resident,
    Visit,
    VisitOutcome,
)
from cnscd.people.skills import CORE_SKILLS
from cnscd.vntext.folding import fold
from cnscd.vntext.id_numbers import mask_id_number
from cnscd.vntext.phones import mask_phone

# A "guided, try again" outcome becomes a follow-up this many days after the visit.
FOLLOW_UP_AFTER = timedelta(days=7)


def households_visible_to(user: User) -> QuerySet[Household]:
    """Every household read starts here."""
    return Household.objects.filter(scope_q(user)).select_related("village")


def household_get_for(user: User, *, household_id: int) -> Household:
    return get_object_or_404(households_visible_to(user), pk=household_id)


def withheld_phone_q() -> Exists:
    """A withdrawn phone-contact consent with no newer open one (Luật 91/2025/QH15)."""
    consents = Consent.objects.filter(resident=OuterRef("pk"), purpose=Purpose.PHONE_CONTACT)
    return Exists(consents.filter(withdrawn_on__isnull=False)) & ~Exists(
        consents.filter(withdrawn_on__isnull=True)
    )


def residents_visible_to(user: User) -> QuerySet[Resident]:
    """Every resident read starts here: the user's subtrees, merged duplicates left out.

    Each row carries `phone_withheld`, so masking needs no further query.
    """
    return (
        Resident.objects.filter(scope_q(user), merged_into__isnull=True)
        .annotate(phone_withheld=withheld_phone_q())
        .select_related("household")
    )


def resident_get_for(user: User, *, resident_id: int) -> Resident:
    return get_object_or_404(residents_visible_to(user), pk=resident_id)


def phone_withheld(resident: Resident) -> bool:
    if hasattr(resident, "phone_withheld"):
        return resident.phone_withheld
    return Resident.objects.filter(pk=resident.pk).filter(withheld_phone_q()).exists()


def present_q(as_of: date, prefix: str = "") -> Q:
    """Residents counted on `as_of`: not moved out, not deceased, not merged away."""
    return (
        (Q(**{f"{prefix}moved_out_on__isnull": True}) | Q(**{f"{prefix}moved_out_on__gt": as_of}))
        & (Q(**{f"{prefix}deceased_on__isnull": True}) | Q(**{f"{prefix}deceased_on__gt": as_of}))
        & Q(**{f"{prefix}merged_into__isnull": True})
    )


def may_reveal(user: User, resident: Resident) -> bool:
    """The resident's own team and the officers of the subtree may see full contacts."""
    return user.has_role_on(resident.path, (*OFFICER_ROLES, *FIELD_ROLES))


def masked_contacts(resident: Resident) -> dict[str, str]:
    """What lists, searches, exports and the API show: `0381******45`, `091****678`."""
    phone = "" if phone_withheld(resident) or not resident.phone else mask_phone(resident.phone)
    id_number = mask_id_number(resident.id_number) if resident.id_number else ""
    return {"id_number": id_number, "phone": phone}


def residents_search(residents: QuerySet[Resident], query: str) -> QuerySet[Resident]:
    """By name with or without diacritics, by household number, or by the last digits of a phone."""
    query = query.strip()
    if not query:
        return residents
    if query.isdigit() and len(query) >= 3:
        return residents.filter(Q(phone__endswith=query) | Q(household__number=query))
    return residents.filter(Q(name_folded__contains=fold(query)) | Q(household__number=query))


def households_search(
    households: QuerySet[Household], residents: QuerySet[Resident], query: str
) -> QuerySet[Household]:
    """Households by number, or holding a resident `residents_search` finds (page and API alike)."""
    query = query.strip()
    if not query:
        return households
    found = residents_search(residents, query).values("household_id")
    return households.filter(Q(number=query) | Q(pk__in=found))


def residents_missing(
    residents: QuerySet[Resident], skill: str, *, today: date, min_age: int = 15
) -> QuerySet[Resident]:
    """Present residents of `min_age`+ (reference year minus birth year) without `skill`."""
    if skill not in CORE_SKILLS:
        raise ValueError(skill)
    return residents.filter(
        present_q(today), **{f"{skill}_on__isnull": True}, birth_year__lte=today.year - min_age
    )


def households_never_visited(households: QuerySet[Household]) -> QuerySet[Household]:
    return households.exclude(Exists(Visit.objects.filter(household=OuterRef("pk"))))


def follow_ups_due(residents: QuerySet[Resident], *, today: date) -> QuerySet[Resident]:
    """Residents guided on a skill at least a week ago who still do not have it."""
    due = today - FOLLOW_UP_AFTER
    guided = Q()
    for skill in CORE_SKILLS:
        guided |= Q(skill=skill, **{f"resident__{skill}_on__isnull": True})
    pending = VisitOutcome.objects.filter(
        guided, resident=OuterRef("pk"), outcome=Outcome.GUIDED, visit__visited_on__lte=due
    )
    return residents.filter(present_q(today)).filter(Exists(pending))


def likely_duplicates(
    residents: QuerySet[Resident], *, limit: int = 200
) -> list[tuple[Resident, Resident]]:
    """Pairs with the same folded name and birth year in one commune, one of them without an ID.

    Two residents with different ID numbers are two people and never paired.
    One grouped query finds the candidates, a second fetches only them.
    """
    keys = ("commune_code", "name_folded", "birth_year")
    groups = list(
        residents.values(*keys).annotate(n=Count("id")).filter(n__gt=1).order_by(*keys)[:limit]
    )
    if not groups:
        return []
    match = Q()
    for group in groups:
        match |= Q(**{key: group[key] for key in keys})
    rows = list(residents.filter(match).order_by(*keys, "pk"))
    pairs = []
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            if [getattr(second, k) for k in keys] != [getattr(first, k) for k in keys]:
                break
            if not (first.id_number and second.id_number):
                pairs.append((first, second))
    return pairs


def local_skills_for(user: User) -> QuerySet[LocalSkill]:
    """Skills of any province the user works in: their subtrees' provinces, or below them."""
    prefixes = user.unit_prefixes()
    match = Q(pk__in=[])
    for prefix in prefixes:
        match |= Q(path__under=prefix) | Q(path__in=_ancestor_provinces(prefix))
    return LocalSkill.objects.filter(match).select_related("province").order_by("path", "name")


def _ancestor_provinces(prefix: str) -> list[str]:
    """`VN/38/14797/` → [`VN/38/`]: the province path above a subtree."""
    parts = prefix.strip("/").split("/")
    return ["/".join(parts[:2]) + "/"] if len(parts) >= 2 else []
