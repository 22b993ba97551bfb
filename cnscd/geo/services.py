"""Writes to the unit tree: loading the official list and creating villages."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import (
    COUNTRY_CODE,
    PATH_SEPARATOR,
    VILLAGE_DIVISIONS,
    Division,
    Kind,
    Unit,
)
from cnscd.geo.naming import unit_sort_key
from cnscd.geo.official import OfficialUnit, official_communes, official_provinces
from cnscd.vntext.folding import fold

COUNTRY_NAME = "Việt Nam"
VILLAGE_CODE_RE = re.compile(r"^(?P<commune>\d{5})-(?P<number>\d{3})$")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _child_path(parent_path: str, code: str) -> str:
    return f"{parent_path}{code}{PATH_SEPARATOR}"


@transaction.atomic
def units_load_official(*, progress: Callable[[int], Any] | None = None) -> LoadResult:
    """Create or update the country, provinces and communes from the official list.

    Idempotent: a second run finds every row equal and writes nothing. Villages
    are never touched. `progress(n)` is called as rows are compared, for a bar.
    """
    existing = {u.code: u for u in Unit.objects.current().exclude(kind=Kind.VILLAGE)}
    created = updated = unchanged = 0

    def upsert(code: str, name: str, kind: str, division: str, parent: Unit | None) -> Unit:
        nonlocal created, updated, unchanged
        path = _child_path(parent.path if parent else "", code)
        wanted = {
            "name": name,
            "kind": kind,
            "division": division,
            "parent_id": parent.pk if parent else None,
            "path": path,
            "province_code": path.split(PATH_SEPARATOR)[1] if parent else "",
            "name_folded": fold(name),
            "sort_key": unit_sort_key(name),
        }
        unit = existing.get(code)
        if unit is None:
            unit = Unit(code=code, **wanted)
            to_create.append(unit)
            created += 1
        elif any(getattr(unit, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(unit, field, value)
            to_update.append(unit)
            updated += 1
        else:
            unchanged += 1
        if progress:
            progress(1)
        return unit

    fields = [
        "name",
        "kind",
        "division",
        "parent",
        "path",
        "province_code",
        "name_folded",
        "sort_key",
    ]
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    country = upsert(COUNTRY_CODE, COUNTRY_NAME, Kind.COUNTRY, Division.COUNTRY, None)
    _flush(to_create, to_update, fields)
    provinces = {
        p.code: upsert(p.code, p.name, Kind.PROVINCE, p.division, country)
        for p in official_provinces()
    }
    _flush(to_create, to_update, fields)
    communes: list[OfficialUnit] = official_communes()
    for c in communes:
        upsert(c.code, c.name, Kind.COMMUNE, c.division, provinces[c.parent_code])
    _flush(to_create, to_update, fields)
    result = LoadResult(created=created, updated=updated, unchanged=unchanged)
    if result.changed:
        audit_record(
            actor=None,
            verb="geo.units.loaded",
            unit_path=country.path,
            details={"created": created, "updated": updated},
        )
    return result


def _flush(to_create: list[Unit], to_update: list[Unit], fields: list[str]) -> None:
    """Write one level of the tree, so that the next level can point at its parents."""
    if to_create:
        Unit.objects.bulk_create(to_create, batch_size=500)
        to_create.clear()
    if to_update:
        Unit.objects.bulk_update(to_update, fields, batch_size=500)
        to_update.clear()


def _clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


@transaction.atomic
def village_create(
    *, commune: Unit, name: str, division: str, by: Any, code: str | None = None
) -> Unit:
    """Create a village (thôn, bản, ấp, tổ dân phố, khu phố) under a commune.

    Without `code` the next free `<commune>-<NNN>` is taken; numbers of closed
    villages are never reused. The caller has already checked that `by` may
    manage `commune` (an officer of its subtree).
    """
    if commune.kind != Kind.COMMUNE or not commune.is_current:
        raise ServiceError(
            "not_a_commune",
            _(
                "Villages can only be created under a commune, ward or special zone; "
                "%(name)s (%(code)s) is not one."
            )
            % {"name": commune.name, "code": commune.code},
            field="commune",
        )
    if division not in VILLAGE_DIVISIONS:
        raise ServiceError(
            "invalid_village_kind",
            _("Unknown village kind %(kind)s; use one of: %(kinds)s.")
            % {"kind": division, "kinds": ", ".join(VILLAGE_DIVISIONS)},
            field="kind",
        )
    name = _clean_name(name)
    if not name:
        raise ServiceError("village_name_required", _("Enter the village name."), field="name")
    if len(name) > Unit._meta.get_field("name").max_length:
        raise ServiceError(
            "village_name_too_long", _("The village name is too long."), field="name"
        )
    # serialise village creation per commune, so two officers never get the same number
    Unit.objects.select_for_update().filter(pk=commune.pk).first()
    villages = Unit.objects.filter(parent=commune, kind=Kind.VILLAGE)
    same_name = villages.current().filter(name_folded=fold(name)).first()
    if same_name:
        raise ServiceError(
            "village_exists",
            _("%(commune)s already has a village named %(name)s (code %(code)s).")
            % {"commune": commune.name, "name": same_name.name, "code": same_name.code},
            field="name",
            status=409,
        )
    code = _village_code(commune, villages, code)
    village = Unit(
        code=code,
        name=name,
        kind=Kind.VILLAGE,
        division=division,
        parent=commune,
        path=_child_path(commune.path, code),
        province_code=commune.province_code,
        name_folded=fold(name),
        sort_key=unit_sort_key(name),
    )
    village.save()
    audit_record(actor=by, verb="geo.village.created", obj=village)
    return village


def _village_code(commune: Unit, villages, code: str | None) -> str:
    if code is None:
        last = villages.aggregate(last=Max("code"))["last"]
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        if number > 999:
            raise ServiceError(
                "village_codes_exhausted",
                _("%(commune)s has used all 999 village codes.") % {"commune": commune.name},
            )
        return f"{commune.code}-{number:03d}"
    match = VILLAGE_CODE_RE.match(code)
    if not match or match["number"] == "000":
        raise ServiceError(
            "invalid_village_code",
            _(
                "A village code is the commune code, a hyphen and three digits from 001 to 999 "
                "(for example %(example)s); %(code)s is not."
            )
            % {"example": f"{commune.code}-001", "code": code},
            field="code",
        )
    if match["commune"] != commune.code:
        raise ServiceError(
            "village_code_mismatch",
            _("Village code %(code)s does not start with the code of its commune, %(commune)s.")
            % {"code": code, "commune": commune.code},
            field="code",
        )
    if villages.filter(code=code).exists():
        raise ServiceError(
            "village_code_taken",
            _("Village code %(code)s is already used.") % {"code": code},
            field="code",
            status=409,
        )
    return code
