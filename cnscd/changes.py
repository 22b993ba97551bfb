"""Partial updates: refuse fields a service does not let change, apply only what differs.

Used by the `*_update` services of every app, so that "nothing changed"
writes nothing and audits nothing.
"""

from typing import Any

from django.utils.translation import gettext as _

from cnscd.errors import ServiceError


def only_editable(changes: dict[str, Any], editable: tuple[str, ...]) -> None:
    unknown = set(changes) - set(editable)
    if unknown:
        raise ServiceError(
            "invalid_field",
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
        )


def apply_changes(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ on `obj`; return the names of the fields that changed."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    return changed
