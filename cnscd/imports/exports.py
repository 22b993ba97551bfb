"""A unit's residents, teams and members as formatted workbooks.

The residents and members sheets use the import templates' headers and
words (Nam, Nữ, Chủ hộ, x, Tổ trưởng…), so a list can be downloaded,
corrected in Excel and imported again. Every read starts from the scoped
selectors; ID numbers and phones leave masked unless the caller's role
may see them in full, and the views audit every export.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Case, F, IntegerField, QuerySet, When
from django.utils.translation import gettext as _

from cnscd.accounts.models import User
from cnscd.geo.models import Unit
from cnscd.imports.columns import (
    BACKGROUND_NAMES,
    MEMBER_COLUMNS,
    OPERATOR_NAMES,
    RESIDENT_COLUMNS,
    ROLE_NAMES,
)
from cnscd.imports.template_workbooks import template_columns
from cnscd.people.models import Relation, Resident
from cnscd.people.selectors import (
    masked_contacts,
    may_reveal,
    phone_withheld,
    present_q,
    residents_visible_to,
)
from cnscd.people.skills import CORE_SKILLS
from cnscd.teams.models import Gender, Member, MemberRole, Team
from cnscd.teams.selectors import (
    member_phone_for,
    members_visible_to,
    teams_filter,
    teams_visible_to,
)
from cnscd.workbooks import INTEGER, SheetColumn, add_sheet, new_workbook, workbook_bytes

# Past this many rows an export would outlast the request (openpyxl writes a few
# thousand rows a second); a larger unit is exported commune by commune.
MAX_ROWS = 100_000

GENDER_NAMES = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


def _names(names: dict[str, str]) -> dict[str, str]:
    """`columns.ROLE_NAMES` and the like turned around: stored value → the list's word."""
    return {value: name for name, value in names.items()}


ROLE_WORDS = _names(ROLE_NAMES)
BACKGROUND_WORDS = _names(BACKGROUND_NAMES)
OPERATOR_WORDS = _names(OPERATOR_NAMES)


def _day(on: date) -> str:
    return on.strftime("%d/%m/%Y")


# --- residents -------------------------------------------------------------------


def residents_to_export(user: User, unit: Unit, *, as_of: date) -> QuerySet[Resident]:
    """Present residents under `unit` by village, household number, head first, then name.

    Starts from the scoped selector; `unit` must come from `unit_get_for`.
    """
    head_first = Case(When(relation=Relation.HEAD, then=0), default=1, output_field=IntegerField())
    return (
        residents_visible_to(user)
        .filter(present_q(as_of), path__under=unit.path)
        .select_related("village")
        .order_by("path", "household__number_key", "household_id", head_first, "sort_key")
    )


def relation_word(resident: Resident, head_birth_year: int | None) -> str:
    """The word a household list writes for the relation, which the importer reads back.

    Vietnamese names the sibling older (anh, chị) or younger (em) than the
    head, and the spouse and parent by gender; `other` is left empty, as
    lists leave it.
    """
    male = resident.gender == Gender.MALE
    match resident.relation:
        case Relation.HEAD:
            return "Chủ hộ"
        case Relation.SPOUSE:
            return "Chồng" if male else "Vợ"
        case Relation.CHILD:
            return "Con"
        case Relation.PARENT:
            return "Bố" if male else "Mẹ"
        case Relation.GRANDCHILD:
            return "Cháu"
        case Relation.SIBLING:
            if head_birth_year is None or resident.birth_year > head_birth_year:
                return "Em"
            return "Anh" if male else "Chị"
    return ""


def _contacts(user: User, resident: Resident) -> tuple[dict[str, str], bool]:
    """The ID number and phone as the caller may see them, and whether they are in full.

    A withdrawn phone-contact consent hides the phone from everyone.
    """
    if not may_reveal(user, resident):
        return masked_contacts(resident), False
    phone = "" if phone_withheld(resident) else resident.phone
    return {"id_number": resident.id_number, "phone": phone}, True


def residents_workbook(
    user: User, unit: Unit, residents: QuerySet[Resident], *, as_of: date
) -> tuple[bytes, bool]:
    """One sheet in the residents template's format; also says whether any contact is in full.

    The residents are read in chunks and written as they come.
    """
    revealed = False

    def rows() -> Iterator[list]:
        nonlocal revealed
        household_id, head_birth_year = None, None
        for r in residents.iterator(chunk_size=2000):
            if r.household_id != household_id:
                household_id, head_birth_year = r.household_id, None
            if r.relation == Relation.HEAD:
                head_birth_year = r.birth_year
            contacts, full = _contacts(user, r)
            revealed = revealed or full
            values = {
                "village": r.village.code,
                "household": r.household.number,
                "head": "x" if r.relation == Relation.HEAD else "",
                "full_name": r.full_name,
                "birth": r.birth_date or r.birth_year,
                "gender": GENDER_NAMES.get(r.gender, ""),
                "id_number": contacts["id_number"],
                "phone": contacts["phone"],
                "address": r.household.address,
                "address_code": r.household.address_code,
                "relation": relation_word(r, head_birth_year),
                **{skill: "x" if r.skill_on(skill) else "" for skill in CORE_SKILLS},
            }
            yield [values[c.key] for c in RESIDENT_COLUMNS]

    workbook = new_workbook()
    add_sheet(
        workbook,
        title=_("Residents"),
        heading=_("Residents of %(unit)s on %(date)s") % {"unit": unit.name, "date": _day(as_of)},
        columns=template_columns(RESIDENT_COLUMNS),
        rows=rows(),
    )
    return workbook_bytes(workbook), revealed


# --- teams and members -----------------------------------------------------------


def teams_to_export(user: User, unit: Unit) -> QuerySet[Team]:
    """Every team under `unit`, dissolved ones too, in the team list's order."""
    return teams_filter(teams_visible_to(user), path=unit.path)


def members_to_export(user: User, unit: Unit) -> QuerySet[Member]:
    """Members under `unit`, past ones too: by team as `teams_to_export`, leader first."""
    role_order = Case(
        When(role=MemberRole.LEADER, then=0),
        When(role=MemberRole.DEPUTY, then=1),
        default=2,
        output_field=IntegerField(),
    )
    return (
        members_visible_to(user)
        .filter(path__under=unit.path)
        .select_related("team__village")
        .order_by(
            "team__village__parent__sort_key",
            "team__village__sort_key",
            "team__village__code",
            "-team__created_at",
            F("left_on").asc(nulls_first=True),
            role_order,
            "sort_key",
        )
    )


def teams_workbook(
    user: User,
    unit: Unit,
    *,
    teams: QuerySet[Team],
    members: QuerySet[Member],
    as_of: date,
) -> tuple[bytes, bool]:
    """The teams, and their members in the members template's format plus the day they left.

    Also says whether any phone left in full (`teams.selectors.member_phone_for`).
    """
    revealed = False
    names = {"unit": unit.name, "date": _day(as_of)}

    def member_rows() -> Iterator[list]:
        nonlocal revealed
        for m in members.iterator(chunk_size=2000):
            phone = member_phone_for(user, m)
            revealed = revealed or bool(phone and phone == m.phone)
            values = {
                "village": m.team.village.code,
                "full_name": m.full_name,
                "gender": GENDER_NAMES.get(m.gender, ""),
                "birth": m.birth_year,
                "phone": phone,
                "role": ROLE_WORDS.get(m.role, ""),
                "background": BACKGROUND_WORDS.get(m.background, ""),
                "telecom_operator": OPERATOR_WORDS.get(m.telecom_operator, ""),
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
            yield [values[c.key] for c in MEMBER_COLUMNS]

    workbook = new_workbook()
    add_sheet(
        workbook,
        title=_("Teams"),
        heading=_("Teams of %(unit)s on %(date)s") % names,
        columns=[
            SheetColumn(_("Village code"), 12),
            SheetColumn(_("Village"), 28),
            SheetColumn(_("Commune"), 28),
            SheetColumn(_("Team"), 40),
            SheetColumn(_("Status"), 14),
            SheetColumn(_("Active members"), 12, INTEGER),
            SheetColumn(_("Has a leader"), 10),
            SheetColumn(_("Decision number"), 18),
            SheetColumn(_("Established on"), 14),
        ],
        rows=(
            [
                t.village.code,
                t.village.name,
                t.village.parent.name,
                t.name,
                t.get_status_display(),
                t.active_members,
                _("yes") if t.has_leader else _("no"),
                t.decision_number,
                t.decision_date,
            ]
            for t in teams
        ),
    )
    add_sheet(
        workbook,
        title=_("Members"),
        heading=_("Team members of %(unit)s on %(date)s") % names,
        columns=template_columns(MEMBER_COLUMNS),
        rows=member_rows(),
    )
    return workbook_bytes(workbook), revealed
