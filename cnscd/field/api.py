"""The field app's API: the village to keep offline, and sync both ways (docs/field.md)."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from ninja import Router
from ninja.decorators import decorate_view

from cnscd.errors import ServiceError, require
from cnscd.field.snapshot import changes_since, read_cursor, village_snapshot
from cnscd.field.sync import MAX_ITEMS, field_village, sync_apply
from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_get_for
from cnscd.people.permissions import may_record

router = Router(tags=["field"])


def _village_for(request, unit: str | None) -> Unit:
    """The village asked for (within the caller's scope), or the caller's only village."""
    village = unit_get_for(request.auth, code=unit) if unit else field_village(request.auth)
    if village.kind != Kind.VILLAGE:
        raise ServiceError("not_a_village", _("The field app works on one village."), field="unit")
    require(may_record(request.auth, village.path))
    return village


def _json(body: dict[str, Any]) -> HttpResponse:
    # compact: the village goes over a weak mobile signal
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json",
    )


@router.get("/field/village")
@decorate_view(gzip_page)
def village(request, unit: str | None = None):
    """Households and residents (contacts masked) of the village, with a sync cursor."""
    return _json(village_snapshot(_village_for(request, unit), today=timezone.localdate()))


@router.post("/sync")
def sync_push(request):
    """Apply a batch of changes made offline; one result per item, in order."""
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        body = None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise ServiceError(
            "invalid_batch", _('Send {"items": [...]}: a list of changes.'), status=400
        )
    if len(items) > MAX_ITEMS:
        raise ServiceError(
            "batch_too_large",
            _("At most %(max)d changes per batch; send the rest in the next one.")
            % {"max": MAX_ITEMS},
            status=413,
        )
    results = sync_apply(request.auth, items)
    return {"results": [r.as_dict() for r in results]}


@router.get("/sync")
@decorate_view(gzip_page)
def sync_pull(request, since: str | None = None, unit: str | None = None):
    """What changed in the village since the cursor (everything without one)."""
    moment = None
    if since:
        moment = read_cursor(since)
        if moment is None:
            raise ServiceError(
                "invalid_cursor",
                _("This sync cursor is not one we gave out; download the village again."),
                field="since",
            )
    village = _village_for(request, unit)
    return _json(changes_since(village, moment, today=timezone.localdate()))
