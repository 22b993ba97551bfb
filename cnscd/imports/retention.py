"""How long uploaded lists are kept.

An uploaded list and its error workbook hold names, ID numbers and phones of
whole villages. An officer needs them while checking and correcting an
import, not afterwards, and the personal-data law asks that such data be
kept no longer than its purpose needs (docs/deployment.md). So both files
are deleted `IMPORT_KEEP_DAYS` after the job ended; the job row stays, with
its counts and problems, as the record of what was imported. The worker
purges after every job, and `cnscd uploads purge` does it on demand.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cnscd.audit.services import audit_record
from cnscd.imports.models import ImportJob


def expired_jobs(*, now: datetime, keep_days: int):
    """Jobs that still have files and ended (or were started, if they never ended) more
    than `keep_days` ago."""
    cutoff = now - timedelta(days=keep_days)
    ended = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    return ImportJob.objects.filter(ended, files_deleted_at__isnull=True)


def purge_files(*, now: datetime | None = None, keep_days: int | None = None) -> int:
    """Delete the expired jobs' files; returns how many jobs lost their files."""
    now = now or timezone.now()
    keep_days = settings.IMPORT_KEEP_DAYS if keep_days is None else keep_days
    purged = 0
    for job in expired_jobs(now=now, keep_days=keep_days).iterator():
        for stored in (job.file, job.error_file):
            if stored:
                stored.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="", error_file="", files_deleted_at=now)
        audit_record(
            actor=None,
            verb="imports.files.deleted",
            obj=job,
            details={"file": job.file_name, "kept_days": keep_days},
        )
        purged += 1
    return purged
