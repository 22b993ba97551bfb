"""`cnscd uploads purge [--days N]`: delete uploaded lists and error workbooks older than
N days (default IMPORT_KEEP_DAYS); see `imports.retention`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cnscd.imports.retention import purge_files


class Command(BaseCommand):
    help = "Delete uploaded import files past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["purge"])
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, action, days, **options) -> None:
        if days is not None and days < 0:
            raise CommandError(_("--days cannot be negative."))
        purged = purge_files(keep_days=days)
        kept = settings.IMPORT_KEEP_DAYS if days is None else days
        self.stdout.write(
            _("Deleted the files of %(count)d imports older than %(days)d days.")
            % {"count": purged, "days": kept}
        )
