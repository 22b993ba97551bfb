"""What the field app sent: every stored sync item, so that a resend is recognised."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncItem(models.Model):
    """One change a member made in the field app, stored once under the app's own UUID.

    The phone resends a batch until it hears back; the id makes the resend a
    `duplicate`. Later items refer to the objects earlier ones created by this
    id (a visit to a household added offline), so `object_id` is kept. The
    payload is kept as sent: it is the member's own record of the change.
    """

    id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=32)
    payload = models.JSONField()
    recorded_at = models.DateTimeField(_("recorded at"))
    received_at = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(max_length=16)
    object_id = models.CharField(max_length=36)

    class Meta:
        verbose_name = _("field app change")
        verbose_name_plural = _("field app changes")

    def __str__(self) -> str:
        return f"{self.type} {self.id}"
