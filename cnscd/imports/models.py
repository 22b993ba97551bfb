"""An import job: the uploaded file, its progress, and what it did."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit

# A job reports progress every few thousand rows and writes 100,000 rows in seconds.
STALLED_AFTER = timedelta(minutes=10)


class Kind(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    MEMBERS = "members", _("team members")


class Status(models.TextChoices):
    QUEUED = "queued", _("waiting")
    CHECKING = "checking", _("checking rows")
    WRITING = "writing", _("writing")
    CHECKED = "checked", _("checked, not imported yet")
    DONE = "done", _("import finished")
    FAILED = "failed", _("could not be read")


class ImportJob(models.Model):
    """One uploaded list, checked (dry run) and then, on the officer's word, imported.

    The background worker (django-tasks) runs it; the page polls its progress
    fields. The commit runs in one transaction: a crash or kill leaves the
    database as before, and the job can be run again (matching makes a second
    run create no duplicates).
    """

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    village = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    commit = models.BooleanField(default=False)  # False: a dry run
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    error_file = models.FileField(upload_to="imports/errors/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the worker's last progress
    finished_at = models.DateTimeField(null=True, blank=True)
    # the uploaded list and the error workbook deleted after IMPORT_KEEP_DAYS (retention.py)
    files_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    @property
    def unit_path(self) -> str:
        return self.path

    @property
    def is_running(self) -> bool:
        return self.status in (Status.QUEUED, Status.CHECKING, Status.WRITING)

    @property
    def has_file(self) -> bool:
        return self.files_deleted_at is None

    @property
    def is_stalled(self) -> bool:
        """Started but silent for long: the worker died (its transaction rolled back)."""
        last = self.heartbeat_at or self.created_at
        return self.is_running and timezone.now() - last > STALLED_AFTER

    @property
    def can_import(self) -> bool:
        """Waiting for the officer's word: checked, or an import whose worker died, with its
        file still kept."""
        waiting = self.status == Status.CHECKED or (self.commit and self.is_stalled)
        return waiting and self.has_file
