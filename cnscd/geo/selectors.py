"""Reads of the unit tree, always through the caller's scope."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from cnscd.geo.models import Kind, Unit
from cnscd.geo.scope import ScopedUser, path_in_scope, scope_q
from cnscd.vntext.folding import fold

_KIND_ORDER = (Kind.COUNTRY, Kind.PROVINCE, Kind.COMMUNE, Kind.VILLAGE)


def units_visible_to(user: ScopedUser, *, roles: Iterable[str] | None = None) -> QuerySet[Unit]:
    """Every unit read starts here: current units in the user's subtrees."""
    return Unit.objects.current().filter(scope_q(user, roles=roles))


def unit_get_for(user: ScopedUser, *, code: str, roles: Iterable[str] | None = None) -> Unit:
    """The current unit with this code, or 404 when it is unknown or out of scope alike."""
    return get_object_or_404(units_visible_to(user, roles=roles), code=code)


def unit_children(unit: Unit) -> QuerySet[Unit]:
    """Current children in Vietnamese order, each with `child_count` (its own current children).

    One query; scope is the parent's, so the caller must have fetched `unit`
    through a scoped selector.
    """
    return (
        Unit.objects.current()
        .filter(parent=unit)
        .annotate(child_count=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("sort_key", "code")
    )


def units_search(user: ScopedUser, *, query: str, kind: str | None = None) -> QuerySet[Unit]:
    """Units whose name contains the query (diacritics, case ignored) or whose code starts with it.

    Larger units come first (a province before its communes), then Vietnamese order.
    """
    folded = fold(query)
    units = units_visible_to(user)
    if kind:
        units = units.filter(kind=kind)
    if not folded:
        return units.none()
    order = Case(
        *(When(kind=k, then=Value(rank)) for rank, k in enumerate(_KIND_ORDER)),
        output_field=IntegerField(),
    )
    return (
        units.filter(Q(name_folded__contains=folded) | Q(code__startswith=query.strip()))
        .annotate(kind_rank=order)
        .order_by("kind_rank", "sort_key", "code")
    )


@dataclass(frozen=True)
class Crumb:
    unit: Unit
    visible: bool


def unit_breadcrumb(user: ScopedUser, unit: Unit) -> list[Crumb]:
    """The units above `unit`, country first; `visible` says whether to link them.

    Names of ancestors are public facts, but their pages are scoped: a commune
    officer sees "Việt Nam › Thanh Hóa" as plain text.
    """
    paths = unit.ancestor_paths()
    ancestors = {u.path: u for u in Unit.objects.current().filter(path__in=paths)}
    return [
        Crumb(unit=ancestors[p], visible=path_in_scope(user, p)) for p in paths if p in ancestors
    ]
