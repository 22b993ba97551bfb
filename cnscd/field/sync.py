"""Applying what the field app sends: each item on its own, in order, none twice.

A batch is what a member recorded offline, sent when the network came back
(docs/field.md). Every item gets its own answer: `stored`, `duplicate` (its
id was stored before: the phone resent it) or `rejected` with a code and a
Vietnamese message, and a rejected item writes nothing while the rest of the
batch is stored. The writes themselves are the people services, so a visit
from the field is checked and counted exactly like one from the web pages.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, ValidationError

from cnscd.accounts.models import User
from cnscd.errors import ServiceError
from cnscd.field.models import SyncItem
from cnscd.geo.models import Kind, Unit
from cnscd.people import services
from cnscd.people.models import Household, Relation, Resident
from cnscd.people.permissions import may_record
from cnscd.teams.models import Member

MAX_ITEMS = 1000
# phones keep their own time; one that is a few minutes fast is not lying
CLOCK_SKEW = timedelta(minutes=10)

Ref = int | UUID  # a server id, or the id of the item that created the object


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Envelope(Strict):
    id: UUID
    type: str
    payload: dict[str, Any]
    recorded_at: datetime


class HouseholdCreate(Strict):
    village: str | None = None
    number: str
    address: str = ""


class ResidentCreate(Strict):
    household: Ref
    full_name: str
    birth: str | int
    gender: str = ""
    relation: str = Relation.OTHER
    phone: str = ""


class ResidentChanges(Strict):
    full_name: str | None = None
    birth: str | int | None = None
    gender: str | None = None
    phone: str | None = None
    relation: str | None = None
    moved_out_on: date | None = None
    deceased_on: date | None = None


class ResidentUpdate(Strict):
    resident: Ref
    changes: ResidentChanges


class OutcomeItem(Strict):
    resident: Ref
    skill: str
    outcome: str
    note: str = ""


class VisitPayload(Strict):
    household: Ref
    visited_on: date
    notes: str = ""
    outcomes: list[OutcomeItem]


@dataclass
class Result:
    id: str | None
    status: str  # stored, duplicate, rejected
    code: str = ""
    message: str = ""
    object: dict | None = None

    def as_dict(self) -> dict:
        body: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.code:
            body.update(code=self.code, message=self.message)
        if self.object:
            body["object"] = self.object
        return body


@dataclass
class Pending:
    """An item that passed the checks every type shares, waiting to be applied."""

    item: Envelope
    recorded_at: datetime
    payload: Any
    again: bool  # its id came earlier in this same batch


def sync_apply(user: User, items: list[Any]) -> list[Result]:
    """Apply a batch in one transaction, in order, every item answering on its own.

    Consecutive visits, nearly all of a batch, are applied together with a
    fixed number of statements (`people.services.visits_record`); any other
    item runs alone in a savepoint of its own.
    """
    with transaction.atomic():
        results: list[Result] = []
        for run in _runs(_checked(user, items)):
            if isinstance(run, Result):
                results.append(run)
            elif isinstance(run, list):
                results.extend(_apply_visits(user, run))
            else:
                results.append(_apply_one(user, run))
        return results


def _runs(checked: list[Result | Pending]) -> Iterator[Result | Pending | list[Pending]]:
    """Answers, single items, and lists of consecutive visits to apply together."""
    visits: list[Pending] = []
    for entry in checked:
        if isinstance(entry, Pending) and entry.item.type == "visit" and not entry.again:
            visits.append(entry)
            continue
        if visits:
            yield visits
            visits = []
        yield entry
    if visits:
        yield visits


def _rejected(item_id: str | None, code: str, message: str) -> Result:
    return Result(item_id, "rejected", code, message)


def _checked(user: User, raws: list[Any]) -> list[Result | Pending]:
    envelopes = [_envelope(raw) for raw in raws]
    ids = [e.id for e in envelopes if isinstance(e, Envelope)]
    stored = SyncItem.objects.in_bulk(ids)
    seen: set[UUID] = set()
    checked: list[Result | Pending] = []
    for envelope in envelopes:
        if isinstance(envelope, Envelope):
            again = envelope.id in seen
            seen.add(envelope.id)
            if envelope.id in stored:
                checked.append(_duplicate(user, stored[envelope.id]))
                continue
            checked.append(_check(envelope, again))
        else:
            checked.append(envelope)
    return checked


def _envelope(raw: Any) -> Envelope | Result:
    try:
        return Envelope.model_validate(raw)
    except ValidationError as e:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        return _rejected(
            str(raw_id) if raw_id is not None else None,
            "invalid_item",
            _("A change is an object with id (UUID), type, payload and recorded_at: %(error)s")
            % {"error": _first_error(e)},
        )


def _check(item: Envelope, again: bool) -> Pending | Result:
    item_id = str(item.id)
    handler = HANDLERS.get(item.type)
    if handler is None:
        return _rejected(
            item_id,
            "unknown_type",
            _("Unknown change type %(type)s; known: %(types)s.")
            % {"type": item.type, "types": ", ".join(sorted(HANDLERS))},
        )
    recorded_at = (
        item.recorded_at
        if timezone.is_aware(item.recorded_at)
        else timezone.make_aware(item.recorded_at)
    )
    if recorded_at > timezone.now() + CLOCK_SKEW:
        return _rejected(
            item_id,
            "recorded_in_future",
            _("This change is dated in the future (%(when)s): check the phone's clock.")
            % {"when": timezone.localtime(recorded_at).strftime("%d/%m/%Y %H:%M")},
        )
    schema, _apply = handler
    try:
        payload = schema.model_validate(item.payload)
    except ValidationError as e:
        return _rejected(
            item_id,
            "malformed_payload",
            _("The change's content is incomplete or wrong: %(error)s")
            % {"error": _first_error(e)},
        )
    return Pending(item, recorded_at, payload, again)


def _apply_one(user: User, pending: Pending) -> Result:
    item = pending.item
    if pending.again and (stored := SyncItem.objects.filter(pk=item.id).first()):
        return _duplicate(user, stored)
    _schema, apply = HANDLERS[item.type]
    try:
        with transaction.atomic():
            object_type, object_id = apply(user, item.id, pending.recorded_at, pending.payload)
            _sync_item(user, pending, object_type, object_id).save(force_insert=True)
    except ServiceError as e:
        return _rejected(str(item.id), e.code, e.message)
    except IntegrityError:  # the same item, sent twice at once: the other one stored it
        stored = SyncItem.objects.filter(pk=item.id).first()
        if stored is None:
            raise
        return _duplicate(user, stored)
    return _stored(pending, object_type, object_id)


def _stored(pending: Pending, object_type: str, object_id: int | str) -> Result:
    return Result(str(pending.item.id), "stored", object={"type": object_type, "id": object_id})


def _sync_item(user: User, pending: Pending, object_type: str, object_id: int | str) -> SyncItem:
    return SyncItem(
        id=pending.item.id,
        user=user,
        type=pending.item.type,
        payload=pending.item.payload,
        recorded_at=pending.recorded_at,
        object_type=object_type,
        object_id=str(object_id),
    )


def _duplicate(user: User, stored: SyncItem) -> Result:
    if stored.user_id != user.pk:
        return _rejected(
            str(stored.id), "invalid_item", _("This change id is already used by someone else.")
        )
    object_id: int | str = int(stored.object_id) if stored.object_id.isdigit() else stored.object_id
    return Result(
        str(stored.id),
        "duplicate",
        message=_("This change was already stored."),
        object={"type": stored.object_type, "id": object_id},
    )


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "item"
    return f"{where}: {first['msg']}"


# --- finding what an item names --------------------------------------------------------


ADDED = {"household": lambda: _("a household"), "resident": lambda: _("a person")}


def _rows_named(
    user: User, refs: list[Ref], object_type: str, rows: QuerySet, missing: str
) -> dict[Ref, Any]:
    """For each reference, by server id or by the item that created it offline: the row,
    in the user's scope, or the ServiceError that says why not. Two queries for any number."""
    offline = {ref for ref in refs if isinstance(ref, UUID)}
    created = dict(
        SyncItem.objects.filter(pk__in=offline, user=user, object_type=object_type).values_list(
            "pk", "object_id"
        )
        if offline
        else ()
    )
    pk_of = {
        ref: int(created[ref]) if ref in offline else ref
        for ref in refs
        if ref in created or ref not in offline
    }
    found = rows.in_bulk(set(pk_of.values()))
    named: dict[Ref, Any] = {}
    for ref in refs:
        if ref in offline and ref not in created:
            named[ref] = ServiceError(
                "unknown_reference",
                _("The change refers to %(what)s added offline that was never stored (%(ref)s).")
                % {"what": ADDED[object_type](), "ref": ref},
            )
        elif (row := found.get(pk_of[ref])) is None:
            named[ref] = ServiceError("unknown_reference", missing % {"id": pk_of[ref]})
        elif not may_record(user, row.path):
            named[ref] = _out_of_scope()
        else:
            named[ref] = row
    return named


def _found(row: Any) -> Any:
    """The row `_rows_named` found, or its reason raised."""
    if isinstance(row, ServiceError):
        raise row
    return row


def _households(user: User, refs: list[Ref]) -> dict[Ref, Any]:
    missing = _("Household no. %(id)s does not exist.")
    return _rows_named(user, refs, "household", Household.objects.all(), missing)


def _residents(user: User, refs: list[Ref], rows: QuerySet | None = None) -> dict[Ref, Any]:
    rows = Resident.objects.filter(merged_into__isnull=True) if rows is None else rows
    missing = _("Resident no. %(id)s does not exist.")
    return _rows_named(user, refs, "resident", rows, missing)


def _out_of_scope() -> ServiceError:
    return ServiceError(
        "out_of_scope", _("This household is outside the villages you work for."), status=403
    )


def _require_scope(user: User, path: str) -> None:
    if not may_record(user, path):
        raise _out_of_scope()


def _village(user: User, code: str | None) -> Unit:
    """The village named, or the only one the user works in."""
    villages = Unit.objects.current().filter(kind=Kind.VILLAGE)
    if code:
        village = villages.filter(code=code).first()
        if village is None:
            raise ServiceError(
                "unknown_reference", _("Village %(code)s does not exist.") % {"code": code}
            )
    else:
        village = field_village(user)
    _require_scope(user, village.path)
    return village


def field_village(user: User) -> Unit:
    """The village a member works in: the one unit of their roles, when it is a village."""
    prefixes = user.unit_prefixes()
    units = list(Unit.objects.current().filter(path__in=prefixes, kind=Kind.VILLAGE)[:2])
    if len(prefixes) != 1 or len(units) != 1:
        raise ServiceError(
            "village_required",
            _("Choose the village: your roles cover more than one village."),
            field="unit",
        )
    return units[0]


# --- the item types -------------------------------------------------------------------


def _household_create(user: User, item_id: UUID, recorded_at, payload: HouseholdCreate):
    village = _village(user, payload.village)
    try:
        household = services.household_create(
            village=village, by=user, number=payload.number, address=payload.address
        )
    except ServiceError as e:
        if e.code != "household_exists":
            raise
        # two members added the same house offline: one household, both changes kept
        household = Household.objects.get(village=village, number=payload.number.strip())
    return "household", household.pk


def _resident_create(user: User, item_id: UUID, recorded_at, payload: ResidentCreate):
    resident = services.resident_create(
        household=_found(_households(user, [payload.household])[payload.household]),
        by=user,
        full_name=payload.full_name,
        birth=str(payload.birth),
        gender=payload.gender,
        relation=payload.relation,
        phone=payload.phone,
    )
    return "resident", resident.pk


def _resident_update(user: User, item_id: UUID, recorded_at, payload: ResidentUpdate):
    resident = _found(_residents(user, [payload.resident])[payload.resident])
    changes = payload.changes.model_dump(exclude_unset=True)
    if "birth" in changes:
        changes["birth"] = str(changes["birth"])
    services.resident_update(resident=resident, by=user, recorded_at=recorded_at, **changes)
    return "resident", resident.pk


def _visit(user: User, item_id: UUID, recorded_at, payload: VisitPayload):
    """A visit on its own (a resend within one batch, or after a clash with another request)."""
    visit = _found(_visits_in(user, [(item_id, payload)])[0])
    stored, _created = _found(services.visits_record([visit], by=user)[0])
    return "visit", str(stored.pk)


def _apply_visits(user: User, run: list[Pending]) -> list[Result]:
    try:
        with transaction.atomic():
            return _visits_together(user, run)
    except IntegrityError:  # another request stored some of them meanwhile: one by one
        return [_apply_one(user, pending) for pending in run]


def _visits_together(user: User, run: list[Pending]) -> list[Result]:
    visits = _visits_in(user, [(pending.item.id, pending.payload) for pending in run])
    answers = iter(
        services.visits_record([v for v in visits if isinstance(v, services.VisitIn)], by=user)
    )
    results, stored = [], []
    for pending, visit in zip(run, visits, strict=True):
        answer = next(answers) if isinstance(visit, services.VisitIn) else visit
        if isinstance(answer, ServiceError):
            results.append(_rejected(str(pending.item.id), answer.code, answer.message))
        else:
            object_id = str(answer[0].pk)
            results.append(_stored(pending, "visit", object_id))
            stored.append(_sync_item(user, pending, "visit", object_id))
    SyncItem.objects.bulk_create(stored)
    return results


def _visits_in(
    user: User, payloads: list[tuple[UUID, VisitPayload]]
) -> list[services.VisitIn | ServiceError]:
    """The visits the payloads describe, every reference resolved in a handful of queries.

    The member who went is the user's membership of that village's team, if any.
    """
    households = _households(user, [p.household for _id, p in payloads])
    residents = _residents(
        user,
        [o.resident for _id, p in payloads for o in p.outcomes],
        Resident.objects.filter(merged_into__isnull=True).only("id", "path"),
    )
    paths = {h.path for h in households.values() if isinstance(h, Household)}
    members: dict[str, Member] = {}
    for member in Member.objects.filter(user=user, path__in=paths, left_on__isnull=True):
        members.setdefault(member.path, member)
    visits: list[services.VisitIn | ServiceError] = []
    for item_id, p in payloads:
        try:
            household = _found(households[p.household])
            outcomes = [
                services.OutcomeIn(
                    resident_id=_found(residents[o.resident]).pk,
                    skill=o.skill,
                    outcome=o.outcome,
                    note=o.note,
                )
                for o in p.outcomes
            ]
        except ServiceError as e:
            visits.append(e)
            continue
        went = members.get(household.path)
        visits.append(
            services.VisitIn(
                item_id, household, p.visited_on, outcomes, (went,) if went else (), p.notes
            )
        )
    return visits


Handler = tuple[type[BaseModel], Callable[[User, UUID, datetime, Any], tuple[str, int | str]]]
HANDLERS: dict[str, Handler] = {
    "household.create": (HouseholdCreate, _household_create),
    "resident.create": (ResidentCreate, _resident_create),
    "resident.update": (ResidentUpdate, _resident_update),
    "visit": (VisitPayload, _visit),
}
