"""Writes to households, residents, skill statuses, visits and consents.

One transaction each; every write is validated, audited with a dotted verb,
and receives only objects that a scoped selector returned. Skill columns on
the resident row are the latest state of `SkillEvent`, and only
`_skill_change` writes either.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record, audit_records
from cnscd.changes import apply_changes, only_editable
from cnscd.errors import ServiceError, service_error_from
from cnscd.geo.models import Kind, Unit
from cnscd.people.hooks import (
    HouseholdState,
    ResidentState,
    household_changed,
    resident_changed,
    residents_changed,
)
from cnscd.people.models import (
    Consent,
    FieldStamp,
    Gender,
    Household,
    LocalSkill,
    LocalSkillStatus,
    Outcome,
    Purpose,
    Relation,
    Resident,
    SkillEvent,
    Visit,
    VisitOutcome,
)
from cnscd.people.selectors import phone_withheld
from cnscd.people.skills import CORE_SKILLS, HouseholdFact, Source
from cnscd.roundtrips import insert, pipelined
from cnscd.teams.models import Member
from cnscd.vntext.dates import parse_birth
from cnscd.vntext.errors import VnTextError
from cnscd.vntext.folding import fold
from cnscd.vntext.id_numbers import normalize_id_number
from cnscd.vntext.names import title_case_name
from cnscd.vntext.phones import normalize_phone
from cnscd.vntext.sorting import name_sort_key, sort_key

# The field app may be a day ahead of the server clock (time zones, wrong phone clocks).
FUTURE_TOLERANCE = timedelta(days=1)


def _today() -> date:
    return timezone.localdate()


def _date_not_future(
    value: date | None, field: str, *, tolerance: timedelta = timedelta(0)
) -> None:
    if value is not None and value > _today() + tolerance:
        raise ServiceError(
            "date_in_future",
            _("The date %(date)s is in the future.") % {"date": value.strftime("%d/%m/%Y")},
            field=field,
        )


# --- households ----------------------------------------------------------------


def _clean_number(number: str) -> str:
    number = " ".join(str(number).split())
    if not number:
        raise ServiceError("missing_household", _("Enter the household number."), field="number")
    return number[:20]


@transaction.atomic
def household_create(
    *, village: Unit, by: Any, number: str, address: str = "", address_code: str = ""
) -> Household:
    """A new household; its number is unique within the village."""
    if village.kind != Kind.VILLAGE or not village.is_current:
        raise ServiceError("not_a_village", _("Households belong to a village."), field="village")
    number = _clean_number(number)
    existing = Household.objects.filter(village=village, number=number).first()
    if existing:
        raise _household_exists(existing)
    household = Household.objects.create(
        village=village,
        path=village.path,
        province_code=village.province_code,
        commune_code=village.path.split("/")[2],
        number=number,
        number_key=sort_key(number)[:40],
        address=address.strip()[:255],
    )
    audit_record(actor=by, verb="people.household.created", obj=household)
    household_changed(None, HouseholdState.of(household))
    if address_code.strip():
        household_fact_set(
            household=household,
            fact=HouseholdFact.ADDRESS_CODE,
            on=_today(),
            source=Source.VERIFIED,
            by=by,
            address_code=address_code,
        )
    return household


def _household_exists(existing: Household) -> ServiceError:
    return ServiceError(
        "household_exists",
        _("Household number %(number)s already exists in this village (no. %(id)d).")
        % {"number": existing.number, "id": existing.pk},
        field="number",
        status=409,
    )


@transaction.atomic
def household_update(
    *, household: Household, by: Any, number: str | None = None, address: str | None = None
) -> Household:
    changed = []
    if number is not None:
        number = _clean_number(number)
        if number != household.number:
            clash = Household.objects.filter(village_id=household.village_id, number=number).first()
            if clash:
                raise _household_exists(clash)
            household.number, household.number_key = number, sort_key(number)[:40]
            changed.append("number")
    if address is not None and address.strip() != household.address:
        household.address = address.strip()[:255]
        changed.append("address")
    if changed:
        household.save()
        audit_record(
            actor=by, verb="people.household.updated", obj=household, details={"fields": changed}
        )
    return household


@transaction.atomic
def household_fact_set(
    *,
    household: Household,
    fact: str,
    on: date,
    source: str,
    by: Any,
    address_code: str = "",
    member: Member | None = None,
    visit: Visit | None = None,
) -> Household:
    """Record a household fact (digital address code, Zalo group) from a date."""
    if fact not in HouseholdFact.values:
        raise _unknown_skill(fact)
    _date_not_future(on, "on", tolerance=FUTURE_TOLERANCE)
    before = HouseholdState.of(household)
    if fact == HouseholdFact.ADDRESS_CODE:
        code = " ".join(address_code.split()) or household.address_code
        if not code:
            raise ServiceError(
                "missing_address_code", _("Enter the digital address code."), field="address_code"
            )
        household.address_code = code[:40]
    setattr(household, f"{fact}_on", getattr(household, f"{fact}_on") or on)
    setattr(household, f"{fact}_source", source)
    household.save()
    SkillEvent.objects.create(
        household=household,
        path=household.path,
        skill=fact,
        action=SkillEvent.Action.ACHIEVED,
        on=on,
        source=source,
        recorded_by=_user(by),
        member=member,
        visit=visit,
    )
    audit_record(actor=by, verb="people.household.fact_set", obj=household, details={"fact": fact})
    household_changed(before, HouseholdState.of(household))
    return household


# --- residents -----------------------------------------------------------------


def _user(by: Any):
    return by if getattr(by, "is_authenticated", False) else None


def _clean_resident(fields: dict[str, Any], current: Resident | None = None) -> dict[str, Any]:
    """Normalise and check resident fields; ServiceError names the field and the rule."""
    clean: dict[str, Any] = {}
    if "full_name" in fields:
        name = title_case_name(fields["full_name"] or "")
        if not name:
            raise ServiceError("missing_name", _("Enter the full name."), field="full_name")
        clean.update(
            full_name=name[:120], name_folded=fold(name)[:120], sort_key=name_sort_key(name)[:400]
        )
    if "birth" in fields:
        try:
            birth = parse_birth(fields["birth"], today=_today())
        except VnTextError as e:
            raise service_error_from(e, field="birth") from None
        clean.update(birth_year=birth.year, birth_date=birth.date)
    if "gender" in fields:
        gender = fields["gender"] or ""
        if gender and gender not in Gender.values:
            raise ServiceError("invalid_gender", _("Gender is male or female."), field="gender")
        clean["gender"] = gender
    if "relation" in fields:
        if fields["relation"] not in Relation.values:
            raise ServiceError(
                "invalid_relation", _("Unknown relation to the head."), field="relation"
            )
        clean["relation"] = fields["relation"]
    if "phone" in fields:
        raw = (fields["phone"] or "").strip()
        try:
            clean["phone"] = normalize_phone(raw) if raw else ""
        except VnTextError as e:
            raise service_error_from(e, field="phone") from None
    gender = clean.get("gender", current.gender if current else "")
    birth_year = clean.get("birth_year", current.birth_year if current else None)
    raw_id = fields.get("id_number", current.id_number if current else "")
    if "id_number" in fields or (raw_id and ("gender" in clean or "birth_year" in clean)):
        raw_id = (raw_id or "").strip()
        try:
            clean["id_number"] = (
                normalize_id_number(raw_id, gender=gender or None, birth_year=birth_year)
                if raw_id
                else ""
            )
        except VnTextError as e:
            raise service_error_from(e, field="id_number") from None
        if clean["id_number"]:
            same = Resident.objects.filter(id_number=clean["id_number"])
            if current is not None:
                same = same.exclude(pk=current.pk)
            if first := same.first():
                raise ServiceError(
                    "id_number_exists",
                    _(
                        "This ID number already belongs to a resident (no. %(id)d): "
                        "the same number is the same person."
                    )
                    % {"id": first.pk},
                    field="id_number",
                    status=409,
                )
    for field in ("moved_out_on", "deceased_on"):
        if field in fields:
            _date_not_future(fields[field], field)
            clean[field] = fields[field]
    return clean


def _check_head(household: Household, relation: str | None, exclude: Resident | None) -> None:
    if relation != Relation.HEAD:
        return
    heads = household.residents.filter(
        relation=Relation.HEAD,
        moved_out_on__isnull=True,
        deceased_on__isnull=True,
        merged_into__isnull=True,
    )
    if exclude is not None:
        heads = heads.exclude(pk=exclude.pk)
    if head := heads.first():
        raise ServiceError(
            "head_exists",
            _("%(name)s is already the head of this household.") % {"name": head.full_name},
            field="relation",
            status=409,
        )


@transaction.atomic
def resident_create(
    *,
    household: Household,
    by: Any,
    full_name: str,
    birth: Any,
    gender: str = "",
    id_number: str = "",
    phone: str = "",
    relation: str = Relation.OTHER,
) -> Resident:
    """Add a person to a household; the ID number is checked against gender and birth year."""
    fields = _clean_resident(
        {
            "full_name": full_name,
            "birth": birth,
            "gender": gender,
            "id_number": id_number,
            "phone": phone,
            "relation": relation,
        }
    )
    _check_head(household, fields["relation"], None)
    resident = Resident.objects.create(
        household=household,
        village_id=household.village_id,
        path=household.path,
        province_code=household.province_code,
        commune_code=household.commune_code,
        **fields,
    )
    audit_record(actor=by, verb="people.resident.created", obj=resident)
    resident_changed(None, ResidentState.of(resident))
    return resident


RESIDENT_EDITABLE = (
    "full_name",
    "birth",
    "gender",
    "id_number",
    "phone",
    "relation",
    "moved_out_on",
    "deceased_on",
)


# columns a change sets along with the fields named in it: not worth naming in the audit
DERIVED_FIELDS = {"name_folded", "sort_key", "village_id", "path", "province_code", "commune_code"}


@transaction.atomic
def resident_update(
    *,
    resident: Resident,
    by: Any,
    household: Household | None = None,
    recorded_at: datetime | None = None,
    **changes: Any,
) -> Resident:
    """Correct a resident, record moving out or death, or move them to another household.

    `household` must come from the caller's scoped selector: moving someone
    into a village the caller cannot see is a 404 before this is called.

    `recorded_at` is when the change was made (the field app sends changes made
    offline later; now when left out). A field set since by a change recorded
    later keeps its value: the later change wins, field by field, whatever order
    the two arrive in, and the audit log keeps both (the loser as `superseded`).
    """
    only_editable(changes, RESIDENT_EDITABLE)
    when = recorded_at or timezone.now()
    newer = set(
        resident.field_stamps.filter(field__in=changes, changed_at__gt=when).values_list(
            "field", flat=True
        )
    )
    superseded = sorted(newer)
    changes = {name: value for name, value in changes.items() if name not in newer}
    fields = _clean_resident(changes, current=resident)
    before = ResidentState.of(resident)
    target = household or resident.household
    _check_head(target, fields.get("relation", resident.relation), resident)
    if household is not None and household.pk != resident.household_id:
        fields.update(
            household=household,
            village_id=household.village_id,
            path=household.path,
            province_code=household.province_code,
            commune_code=household.commune_code,
        )
    changed = apply_changes(resident, fields)
    if changed:
        # only these columns: the row may have changed since it was read (an import)
        resident.save(update_fields=[*changed, "updated_at"])
        resident_changed(before, ResidentState.of(resident))
    FieldStamp.objects.bulk_create(
        [FieldStamp(resident=resident, field=name, changed_at=when) for name in changes],
        update_conflicts=True,
        unique_fields=["resident", "field"],
        update_fields=["changed_at"],
    )
    if changed or superseded:
        details: dict[str, Any] = {"fields": sorted(set(changed) - DERIVED_FIELDS)}
        if superseded:
            details["superseded"] = superseded
        if recorded_at is not None:
            details["recorded_at"] = recorded_at.isoformat()
        audit_record(actor=by, verb="people.resident.updated", obj=resident, details=details)
    return resident


def _unknown_skill(skill: str) -> ServiceError:
    return ServiceError(
        "unknown_skill",
        _("Unknown skill %(skill)s; use one of: %(skills)s.")
        % {"skill": skill, "skills": ", ".join((*CORE_SKILLS, *HouseholdFact.values))},
        field="skill",
    )


def _skill_apply(resident: Resident, skill: str, *, action: str, on: date, source: str) -> bool:
    """Change a loaded resident's skill columns in memory; returns whether the status changed.

    The rules of a status change in one place, for one write (`_skill_change`)
    and for many at once (`visits_record`).
    """
    if skill not in CORE_SKILLS:
        raise _unknown_skill(skill)
    if source not in Source.values:
        raise ServiceError(
            "invalid_source", _("Unknown source %(source)s.") % {"source": source}, field="source"
        )
    _date_not_future(on, "on", tolerance=FUTURE_TOLERANCE)
    current = resident.skill_on(skill)
    if action == SkillEvent.Action.ACHIEVED:
        if current is not None and current <= on and resident.skill_source(skill) == source:
            return False
        keep = min(current, on) if current else on
        setattr(resident, f"{skill}_on", keep)
        setattr(resident, f"{skill}_source", source)
    else:
        if current is None:
            return False
        if on < current:
            raise ServiceError(
                "revoked_before_achieved",
                _("The skill was recorded on %(date)s; it cannot be withdrawn before that.")
                % {"date": current.strftime("%d/%m/%Y")},
                field="on",
            )
        setattr(resident, f"{skill}_on", None)
        setattr(resident, f"{skill}_source", "")
    return True


def _skill_event(resident: Resident, skill: str, *, by: Any, **fields: Any) -> SkillEvent:
    return SkillEvent(
        resident=resident, path=resident.path, skill=skill, recorded_by=_user(by), **fields
    )


def _skill_change(
    resident: Resident,
    skill: str,
    *,
    action: str,
    on: date,
    source: str,
    by: Any,
    member: Member | None = None,
    visit: Visit | None = None,
    reference: str = "",
) -> bool:
    """The one writer of a single skill column and its history; returns whether it changed."""
    before = ResidentState.of(resident)
    if not _skill_apply(resident, skill, action=action, on=on, source=source):
        return False
    resident.save(update_fields=[f"{skill}_on", f"{skill}_source", "updated_at"])
    _skill_event(
        resident,
        skill,
        by=by,
        action=action,
        on=on,
        source=source,
        member=member,
        visit=visit,
        reference=reference,
    ).save()
    resident_changed(before, ResidentState.of(resident))
    return True


@transaction.atomic
def skill_set(
    *, resident: Resident, skill: str, on: date, source: str, by: Any, member: Member | None = None
) -> Resident:
    """Record that a resident has a skill since a date (the earliest known date is kept)."""
    if _skill_change(
        resident,
        skill,
        action=SkillEvent.Action.ACHIEVED,
        on=on,
        source=source,
        by=by,
        member=member,
    ):
        audit_record(
            actor=by,
            verb="people.skill.achieved",
            obj=resident,
            details={"skill": skill, "source": source},
        )
    return resident


@transaction.atomic
def skill_revoke(
    *, resident: Resident, skill: str, on: date, by: Any, reason: str = ""
) -> Resident:
    """Withdraw a status recorded by mistake or lost (history keeps both events)."""
    if _skill_change(
        resident,
        skill,
        action=SkillEvent.Action.REVOKED,
        on=on,
        source=Source.VERIFIED,
        by=by,
        reference=reason[:80],
    ):
        audit_record(actor=by, verb="people.skill.revoked", obj=resident, details={"skill": skill})
    return resident


# --- visits --------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeIn:
    resident_id: int
    skill: str
    outcome: str
    note: str = ""
    verified: bool = False


@dataclass
class VisitIn:
    """One visit to store; `members` are the team members who went (already scoped)."""

    id: UUID
    household: Household
    visited_on: date
    outcomes: list[OutcomeIn]
    members: tuple[Member, ...] = ()
    notes: str = ""


def _present_on(resident: Resident, day: date) -> bool:
    """`selectors.present_q` for a resident already loaded (not merged away)."""
    return all(left is None or left > day for left in (resident.moved_out_on, resident.deceased_on))


def visit_record(
    *,
    visit_id: UUID,
    household: Household,
    by: Any,
    visited_on: date,
    outcomes: list[OutcomeIn],
    members: list[Member] | None = None,
    notes: str = "",
) -> tuple[Visit, bool]:
    """Store one visit (see `visits_record`); a refused visit raises its ServiceError."""
    visit = VisitIn(visit_id, household, visited_on, outcomes, tuple(members or ()), notes)
    answer = visits_record([visit], by=by)[0]
    if isinstance(answer, ServiceError):
        raise answer
    return answer


@transaction.atomic
@pipelined()  # the writes wait for no answer (cnscd.roundtrips)
def visits_record(visits: list[VisitIn], *, by: Any) -> list[tuple[Visit, bool] | ServiceError]:
    """Store visits and their outcomes; achieved outcomes update statuses in the same transaction.

    Each visit answers on its own, in order: `(visit, created)` or the
    ServiceError that refused it, and a refused visit writes nothing. Idempotent
    on the visit id: the field app resends until it hears back, so a visit
    already stored comes back with `created=False` and nothing changes. The
    writes are set-based, a fixed number of statements however many visits:
    the field app sends up to 1,000 at once (docs/performance.md).
    """
    known = _stored_visits([v.id for v in visits])
    residents = _residents_by_household({v.household.pk for v in visits if v.id not in known})
    answers: list[tuple[Visit, bool] | ServiceError] = []
    accepted: list[tuple[Visit, VisitIn]] = []
    for v in visits:
        if (stored := known.get(v.id)) is not None:
            answers.append(_visit_again(stored, v))
            continue
        if problem := _visit_problem(v, residents[v.household.pk]):
            answers.append(problem)
            continue
        visit = Visit(
            id=v.id,
            household=v.household,
            path=v.household.path,
            visited_on=v.visited_on,
            recorded_by=_user(by),
            notes=v.notes.strip(),
        )
        known[v.id] = visit  # the same id again later in the list is a resend
        accepted.append((visit, v))
        answers.append((visit, True))
    if accepted:
        _visits_write(accepted, residents, by)
    return answers


# The two reads of a visit have no ORDER BY: compiling the models' default ordering
# costs a third of each query's Python time (measured), and dicts need no order.


def _stored_visits(ids: list[UUID]) -> dict[UUID, Visit]:
    return Visit.objects.order_by().in_bulk(ids)


def _residents_by_household(households: set[int]) -> defaultdict[int, dict[int, Resident]]:
    residents: defaultdict[int, dict[int, Resident]] = defaultdict(dict)
    unordered = Resident.objects.order_by()
    for r in unordered.filter(household_id__in=households, merged_into__isnull=True):
        residents[r.household_id][r.pk] = r
    return residents


def _visit_again(stored: Visit, visit: VisitIn) -> tuple[Visit, bool] | ServiceError:
    if stored.household_id != visit.household.pk:
        return ServiceError(
            "visit_id_conflict",
            _("This visit id is already used for another household."),
            status=409,
        )
    return stored, False


def _visit_problem(visit: VisitIn, residents: dict[int, Resident]) -> ServiceError | None:
    """Why this visit cannot be stored, or None."""
    try:
        _date_not_future(visit.visited_on, "visited_on", tolerance=FUTURE_TOLERANCE)
    except ServiceError as e:
        return e
    for item in visit.outcomes:
        resident = residents.get(item.resident_id)
        if resident is None:
            return ServiceError(
                "resident_not_in_household",
                _("Resident no. %(id)d is not in this household.") % {"id": item.resident_id},
                field="outcomes",
            )
        if not _present_on(resident, visit.visited_on):
            return ServiceError(
                "resident_not_present",
                _("%(name)s had moved out or died before the visit.")
                % {"name": resident.full_name},
                field="outcomes",
            )
        if item.skill not in CORE_SKILLS:
            return _unknown_skill(item.skill)
        if item.outcome not in Outcome.values:
            return ServiceError(
                "invalid_outcome",
                _("Unknown outcome %(outcome)s.") % {"outcome": item.outcome},
                field="outcomes",
            )
    for member in visit.members:
        if member.path != visit.household.path:
            return ServiceError(
                "member_not_in_village",
                _("%(name)s is not on this village's team.") % {"name": member.full_name},
                field="members",
            )
    return None


def _visits_write(
    accepted: list[tuple[Visit, VisitIn]], residents: dict[int, dict[int, Resident]], by: Any
) -> None:
    """The writes of `visits_record`: each table once, statuses applied in visit order.

    Statuses and counters go first, the new rows after: the counter rows of a
    village not visited lately are the likeliest to be read from disk, and in
    the pipeline the server works on them while Python builds the inserts.
    Residents are still locked before counters, as every other writer does.
    """
    touched: dict[int, Resident] = {}
    before: dict[int, ResidentState | None] = {}
    changed: defaultdict[int, set[str]] = defaultdict(set)
    events = []
    for visit, v in accepted:
        for o in v.outcomes:
            if o.outcome != Outcome.ACHIEVED:
                continue
            resident = residents[v.household.pk][o.resident_id]
            if resident.pk not in touched:
                touched[resident.pk] = resident
                before[resident.pk] = ResidentState.of(resident)
            source = Source.VERIFIED if o.verified else Source.VISIT
            action = SkillEvent.Action.ACHIEVED
            if _skill_apply(resident, o.skill, action=action, on=v.visited_on, source=source):
                changed[resident.pk].update({f"{o.skill}_on", f"{o.skill}_source"})
                events.append(
                    _skill_event(
                        resident,
                        o.skill,
                        by=by,
                        action=action,
                        on=v.visited_on,
                        source=source,
                        member=v.members[0] if v.members else None,
                        visit=visit,
                    )
                )
    _save_columns([(touched[pk], fields) for pk, fields in changed.items()])
    residents_changed([(before[pk], ResidentState.of(touched[pk])) for pk in changed])
    insert([visit for visit, _v in accepted])
    went = Visit.members.through
    insert([went(visit_id=visit.pk, member_id=m.pk) for visit, v in accepted for m in v.members])
    insert(
        [
            VisitOutcome(
                visit=visit,
                resident_id=o.resident_id,
                skill=o.skill,
                outcome=o.outcome,
                note=o.note[:255],
            )
            for visit, v in accepted
            for o in v.outcomes
        ]
    )
    insert(events)
    audit_records(
        actor=by,
        verb="people.visit.recorded",
        events=[(visit, {"outcomes": len(v.outcomes)}) for visit, v in accepted],
    )


def _save_columns(rows: list[tuple[Resident, set[str]]]) -> None:
    """Save the changed columns of many residents, one UPDATE per set of columns.

    Only the changed columns: writing every column back would overwrite what
    another writer changed since these rows were read.
    """
    now = timezone.now()
    groups: defaultdict[tuple[str, ...], list[Resident]] = defaultdict(list)
    for resident, fields in rows:
        resident.updated_at = now
        groups[tuple(sorted(fields))].append(resident)
    for fields, group in groups.items():
        if len(group) == 1:  # one visit: a plain UPDATE costs half of a CASE one (measured)
            resident = group[0]
            Resident.objects.filter(pk=resident.pk).update(
                updated_at=now, **{field: getattr(resident, field) for field in fields}
            )
        else:
            Resident.objects.bulk_update(group, [*fields, "updated_at"])


# --- consent and personal data ----------------------------------------------------


def _check_purpose(purpose: str) -> None:
    if purpose not in Purpose.values:
        raise ServiceError(
            "invalid_purpose",
            _("Unknown purpose %(purpose)s.") % {"purpose": purpose},
            field="purpose",
        )


@transaction.atomic
def consent_give(*, resident: Resident, purpose: str, on: date, by: Any) -> Consent:
    _check_purpose(purpose)
    _date_not_future(on, "on")
    if current := resident.consents.filter(purpose=purpose, withdrawn_on__isnull=True).first():
        return current
    consent = Consent.objects.create(
        resident=resident, purpose=purpose, given_on=on, recorded_by=_user(by)
    )
    audit_record(actor=by, verb="people.consent.given", obj=resident, details={"purpose": purpose})
    return consent


@transaction.atomic
def consent_withdraw(*, resident: Resident, purpose: str, on: date, by: Any) -> None:
    """Withdrawal stops the processing for that purpose; for phone contact, the phone is hidden."""
    _check_purpose(purpose)
    _date_not_future(on, "on")
    given = resident.consents.filter(purpose=purpose, withdrawn_on__isnull=True).first()
    if given and on < given.given_on:
        raise ServiceError(
            "withdrawn_before_given",
            _("Consent cannot be withdrawn before it was given (%(date)s).")
            % {"date": given.given_on.strftime("%d/%m/%Y")},
            field="on",
        )
    updated = resident.consents.filter(purpose=purpose, withdrawn_on__isnull=True).update(
        withdrawn_on=on
    )
    if not updated:
        raise ServiceError(
            "no_consent", _("There is no consent to withdraw for this purpose."), field="purpose"
        )
    audit_record(
        actor=by, verb="people.consent.withdrawn", obj=resident, details={"purpose": purpose}
    )


REVEALABLE = ("id_number", "phone")


@transaction.atomic
def resident_reveal(*, resident: Resident, field: str, by: Any) -> str:
    """The unmasked value of a contact field, for a role that needs it; always audited.

    The caller has checked the role (`people.selectors.may_reveal`). The audit
    entry names the field, never the value.
    """
    if field not in REVEALABLE:
        raise ServiceError(
            "invalid_field", _("Only the ID number and the phone can be shown."), field="field"
        )
    if field == "phone" and phone_withheld(resident):
        raise ServiceError(
            "phone_withheld",
            _("The resident withdrew consent to be contacted by phone."),
            status=403,
        )
    audit_record(actor=by, verb="people.resident.revealed", obj=resident, details={"field": field})
    return getattr(resident, field)


# --- duplicates ------------------------------------------------------------------


@transaction.atomic
def residents_merge(*, keep: Resident, duplicate: Resident, by: Any) -> Resident:
    """Merge a duplicate into `keep`: histories, visits and consents move; nothing is deleted.

    Empty fields of `keep` are filled from the duplicate; a skill keeps its
    earliest date. The duplicate stays as a row pointing to `keep` and leaves
    every list and count.
    """
    if keep.pk == duplicate.pk or duplicate.merged_into_id or keep.merged_into_id:
        raise ServiceError("invalid_merge", _("Choose two different residents not merged yet."))
    if keep.commune_code != duplicate.commune_code:
        raise ServiceError("invalid_merge", _("Only residents of the same commune can be merged."))
    if keep.id_number and duplicate.id_number and keep.id_number != duplicate.id_number:
        raise ServiceError(
            "invalid_merge", _("These residents have different ID numbers: they are two people.")
        )
    keep_before, duplicate_before = ResidentState.of(keep), ResidentState.of(duplicate)
    for field in ("birth_date", "gender", "phone"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    id_number = keep.id_number or duplicate.id_number
    for skill in CORE_SKILLS:
        theirs = duplicate.skill_on(skill)
        if theirs and (keep.skill_on(skill) is None or theirs < keep.skill_on(skill)):
            setattr(keep, f"{skill}_on", theirs)
            setattr(keep, f"{skill}_source", duplicate.skill_source(skill))
    SkillEvent.objects.filter(resident=duplicate).update(resident=keep, path=keep.path)
    VisitOutcome.objects.filter(resident=duplicate).update(resident=keep)
    Consent.objects.filter(resident=duplicate).exclude(
        purpose__in=keep.consents.filter(withdrawn_on__isnull=True).values("purpose")
    ).update(resident=keep)
    duplicate.merged_into = keep
    duplicate.id_number = ""
    duplicate.save(update_fields=["merged_into", "id_number", "updated_at"])
    keep.id_number = id_number
    keep.save()
    resident_changed(duplicate_before, None)
    resident_changed(keep_before, ResidentState.of(keep))
    audit_record(
        actor=by, verb="people.resident.merged", obj=keep, details={"duplicate": duplicate.pk}
    )
    return keep


# --- local skills ------------------------------------------------------------------


@transaction.atomic
def local_skill_create(*, province: Unit, key: str, name: str, by: Any) -> LocalSkill:
    """A skill a province tracks besides the core ones ("other platforms of the locality")."""
    if province.kind != Kind.PROVINCE:
        raise ServiceError(
            "not_a_province", _("Local skills are defined by a province."), field="province"
        )
    key = key.strip().lower()
    if not key or not key.replace("_", "").isalnum() or not key.isascii():
        raise ServiceError(
            "invalid_key", _("A key has lower-case letters, digits and _ only."), field="key"
        )
    if key in CORE_SKILLS or key in HouseholdFact.values:
        raise ServiceError(
            "invalid_key", _("%(key)s is already a core skill.") % {"key": key}, field="key"
        )
    name = " ".join(name.split())
    if not name:
        raise ServiceError("missing_name", _("Enter the skill's name."), field="name")
    if LocalSkill.objects.filter(province=province, key=key).exists():
        raise ServiceError(
            "local_skill_exists",
            _("%(key)s already exists in this province.") % {"key": key},
            field="key",
            status=409,
        )
    skill = LocalSkill.objects.create(
        province=province, key=key, name=name[:200], path=province.path
    )
    audit_record(actor=by, verb="people.local_skill.created", obj=skill, unit_path=province.path)
    return skill


@transaction.atomic
def local_skill_set(
    *, resident: Resident, skill: LocalSkill, on: date, source: str, by: Any
) -> LocalSkillStatus:
    """Record a local skill; only skills of the resident's own province apply."""
    if not resident.path.startswith(skill.path):
        raise ServiceError(
            "skill_of_another_province", _("This skill belongs to another province."), field="skill"
        )
    if source not in Source.values:
        raise ServiceError(
            "invalid_source", _("Unknown source %(source)s.") % {"source": source}, field="source"
        )
    _date_not_future(on, "on", tolerance=FUTURE_TOLERANCE)
    status, _created = LocalSkillStatus.objects.update_or_create(
        resident=resident, skill=skill, defaults={"achieved_on": on, "source": source}
    )
    SkillEvent.objects.create(
        resident=resident,
        path=resident.path,
        skill=skill.key,
        action=SkillEvent.Action.ACHIEVED,
        on=on,
        source=source,
        recorded_by=_user(by),
    )
    audit_record(
        actor=by, verb="people.local_skill.achieved", obj=resident, details={"skill": skill.key}
    )
    return status
