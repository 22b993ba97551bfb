"""Units API: read any unit of your subtree, its children, search; officers add villages."""

from datetime import date

from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from cnscd.errors import require
from cnscd.geo.models import Division, Unit
from cnscd.geo.selectors import unit_children, unit_get_for, units_search
from cnscd.geo.services import village_create

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    division: str
    parent: str | None = Field(None, alias="parent_code")
    province_code: str
    path: str
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_parent_code(unit: Unit) -> str | None:
        return unit.parent.code if unit.parent_id else None


class ChildOut(UnitOut):
    child_count: int


class VillageIn(Schema):
    commune: str
    name: str
    kind: str = Division.THON
    code: str | None = None


@router.get("", response=list[UnitOut])
@paginate(LimitOffsetPagination)
def unit_search(request, search: str = "", kind: str | None = None):
    """Units of your subtree whose name contains `search` (diacritics and case ignored)."""
    return units_search(request.auth, query=search, kind=kind).select_related("parent")


@router.get("/{code}", response=UnitOut)
def unit_detail(request, code: str):
    return unit_get_for(request.auth, code=code)


@router.get("/{code}/children", response=list[ChildOut])
@paginate(LimitOffsetPagination)
def unit_children_list(request, code: str):
    unit = unit_get_for(request.auth, code=code)
    return unit_children(unit).select_related("parent")


@router.post("", response={201: UnitOut})
def village_add(request, data: VillageIn):
    """Create a village under a commune of your subtree (officers only)."""
    commune = unit_get_for(request.auth, code=data.commune)
    require(request.auth.can_manage(commune.path))
    village = village_create(
        commune=commune, name=data.name, division=data.kind, by=request.auth, code=data.code
    )
    return Status(201, village)
