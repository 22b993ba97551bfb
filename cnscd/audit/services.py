"""The one helper every write path calls to leave a trace in the audit log."""

from typing import Any

from django.db import models

from cnscd.audit.models import AuditEvent
from cnscd.roundtrips import insert


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    unit_path: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; call it inside the service's transaction.

    `verb` is dotted and namespaced by app (`geo.village.created`). `actor` may
    be None for the command line run without `--as`. When `obj` has a `path`
    (a unit) or a `unit_path` property, it is used unless `unit_path` is given.
    """
    event = _event(actor, verb, obj, unit_path, details)
    event.save()
    return event


def audit_records(
    *, actor: Any, verb: str, events: list[tuple[models.Model, dict[str, Any]]]
) -> None:
    """Append one event per (object, details), in one statement: a batch of a thousand
    visits from the field app leaves a thousand events without a thousand round trips.
    Nothing is read back, so in a pipeline (`cnscd.roundtrips`) it waits for no answer."""
    insert([_event(actor, verb, obj, "", details) for obj, details in events])


def _event(
    actor: Any, verb: str, obj: models.Model | None, unit_path: str, details: dict | None
) -> AuditEvent:
    if obj is not None and not unit_path:
        unit_path = getattr(obj, "unit_path", "") or getattr(obj, "path", "")
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        unit_path=unit_path,
        details=details or {},
    )
