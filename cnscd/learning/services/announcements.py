"""Writes to announcements: an officer sends one to a subtree; a recipient reads it."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cnscd.accounts.models import User
from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.learning.models import Announcement, AnnouncementKind, ReadReceipt
from cnscd.learning.richtext import clean_html, plain_text


@transaction.atomic
def announcement_send(
    *, unit: Unit, by: Any, title: str, body: str, kind: str = AnnouncementKind.OTHER
) -> Announcement:
    """Send a notice to everyone working in `unit`'s subtree; the body is cleaned HTML."""
    if not unit.is_current:
        raise ServiceError(
            "unit_closed",
            _("%(name)s no longer exists as a unit.") % {"name": unit.name},
            field="unit",
        )
    if kind not in AnnouncementKind.values:
        raise ServiceError(
            "invalid_kind",
            _("%(value)s is not a valid choice; use one of: %(choices)s.")
            % {"value": kind, "choices": ", ".join(AnnouncementKind.values)},
            field="kind",
        )
    title = " ".join(title.split())
    if not title:
        raise ServiceError("title_required", _("Enter a title."), field="title")
    body = clean_html(body)
    if not plain_text(body):
        raise ServiceError("body_required", _("Write the text of the notice."), field="body")
    announcement = Announcement.objects.create(
        unit=unit,
        path=unit.path,
        kind=kind,
        title=title[:200],
        body=body,
        sent_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, verb="learning.announcement.sent", obj=announcement)
    return announcement


def announcement_mark_read(*, announcement: Announcement, user: User) -> ReadReceipt:
    """Idempotent: the first read is kept, a second call (the field app resends) changes nothing.

    Not audited: the receipt is itself the record of who read what, and when.
    """
    receipt = ReadReceipt.objects.filter(announcement=announcement, user=user).first()
    if receipt:
        return receipt
    try:
        with transaction.atomic():
            return ReadReceipt.objects.create(announcement=announcement, user=user)
    except IntegrityError:  # the same user read it in another tab at the same moment
        return ReadReceipt.objects.get(announcement=announcement, user=user)
