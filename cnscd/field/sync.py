"""Applying what the field app sends: each item on its own, in order, none twice.

A batch is what a member recorded offline, sent when the network came back
(docs/field.md). Every item gets its own answer: `stored`, `duplicate` (its
id was stored before: the phone resent it) or `rejected` with a code and a
Vietnamese message, and a rejected item writes nothing while the rest of the
batch is stored. The writes themselves are the people services, so a visit
from the field is checked and counted exactly like one from the web pages.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
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


def sync_apply(user: User, items: list[Any]) -> list[Result]:
    """Apply a batch in one transaction, each item in a savepoint of its own."""
    with transaction.atomic():
        return [_apply(user, raw) for raw in items]


def _rejected(item_id: str | None, code: str, message: str) -> Result:
    return Result(item_id, "rejected", code, message)


def _apply(user: User, raw: Any) -> Result:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    try:
        item = Envelope.model_validate(raw)
    except ValidationError as e:
        return _rejected(
            str(raw_id) if raw_id is not None else None,
            "invalid_item",
            _("A change is an object with id (UUID), type, payload and recorded_at: %(error)s")
            % {"error": _first_error(e)},
        )
    item_id = str(item.id)
    if stored := SyncItem.objects.filter(pk=item.id).first():
        return _duplicate(user, stored)
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
    schema, apply = handler
    try:
        payload = schema.model_validate(item.payload)
    except ValidationError as e:
        return _rejected(
            item_id,
            "malformed_payload",
            _("The change's content is incomplete or wrong: %(error)s")
            % {"error": _first_error(e)},
        )
    try:
        with transaction.atomic():
            object_type, object_id = apply(user, item.id, recorded_at, payload)
            SyncItem.objects.create(
                id=item.id,
                user=user,
                type=item.type,
                payload=item.payload,
                recorded_at=recorded_at,
                object_type=object_type,
                object_id=str(object_id),
            )
    except ServiceError as e:
        return _rejected(item_id, e.code, e.message)
    except IntegrityError:  # the same item, sent twice at once: the other one stored it
        stored = SyncItem.objects.filter(pk=item.id).first()
        if stored is None:
            raise
        return _duplicate(user, stored)
    return Result(item_id, "stored", object={"type": object_type, "id": object_id})


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


def _created_by_item(user: User, ref: UUID, object_type: str) -> str:
    stored = SyncItem.objects.filter(pk=ref, user=user, object_type=object_type).first()
    if stored is None:
        raise ServiceError(
            "unknown_reference",
            _("The change refers to %(what)s added offline that was never stored (%(ref)s).")
            % {"what": ADDED[object_type](), "ref": ref},
        )
    return stored.object_id


def _named(user: User, ref: Ref, object_type: str, rows, missing: str):
    """The row a payload names by server id or by the item that created it, in scope."""
    pk = _created_by_item(user, ref, object_type) if isinstance(ref, UUID) else ref
    row = rows.filter(pk=pk).first()
    if row is None:
        raise ServiceError("unknown_reference", missing % {"id": pk})
    _require_scope(user, row.path)
    return row


def _household(user: User, ref: Ref) -> Household:
    households = Household.objects.select_related("village")
    return _named(user, ref, "household", households, _("Household no. %(id)s does not exist."))


def _resident(user: User, ref: Ref) -> Resident:
    residents = Resident.objects.filter(merged_into__isnull=True)
    return _named(user, ref, "resident", residents, _("Resident no. %(id)s does not exist."))


def _require_scope(user: User, path: str) -> None:
    if not may_record(user, path):
        raise ServiceError(
            "out_of_scope",
            _("This household is outside the villages you work for."),
            status=403,
        )


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
        household=_household(user, payload.household),
        by=user,
        full_name=payload.full_name,
        birth=str(payload.birth),
        gender=payload.gender,
        relation=payload.relation,
        phone=payload.phone,
    )
    return "resident", resident.pk


def _resident_update(user: User, item_id: UUID, recorded_at, payload: ResidentUpdate):
    resident = _resident(user, payload.resident)
    changes = payload.changes.model_dump(exclude_unset=True)
    if "birth" in changes:
        changes["birth"] = str(changes["birth"])
    services.resident_update(resident=resident, by=user, recorded_at=recorded_at, **changes)
    return "resident", resident.pk


def _visit(user: User, item_id: UUID, recorded_at, payload: VisitPayload):
    household = _household(user, payload.household)
    members = list(Member.objects.filter(user=user, path=household.path, left_on__isnull=True)[:1])
    visit, _created = services.visit_record(
        visit_id=item_id,
        household=household,
        by=user,
        visited_on=payload.visited_on,
        members=members,
        notes=payload.notes,
        outcomes=[
            services.OutcomeIn(
                resident_id=_resident(user, o.resident).pk,
                skill=o.skill,
                outcome=o.outcome,
                note=o.note,
            )
            for o in payload.outcomes
        ],
    )
    return "visit", str(visit.pk)


Handler = tuple[type[BaseModel], Callable[[User, UUID, datetime, Any], tuple[str, int | str]]]
HANDLERS: dict[str, Handler] = {
    "household.create": (HouseholdCreate, _household_create),
    "resident.create": (ResidentCreate, _resident_create),
    "resident.update": (ResidentUpdate, _resident_update),
    "visit": (VisitPayload, _visit),
}
