"""`cnscd import residents|members FILE [--village CODE] [--dry-run] [--as USERNAME]
[--format json]`: a contract used by scripts; see the README.

Prints {"rows", <created/updated/unchanged counts>, "rejected", "errors": [...]}
and exits 0 whenever the file was read, even with rejected rows; exits
non-zero, with the reason on stderr, when it could not be read at all.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from cnscd.accounts.models import User
from cnscd.errors import ServiceError
from cnscd.geo.models import Kind as UnitKind
from cnscd.geo.models import Unit
from cnscd.imports.jobs import IMPORTERS, run_import


class Command(BaseCommand):
    help = "Import a residents or members list (xlsx, xls, csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(IMPORTERS))
        parser.add_argument("file")
        parser.add_argument("--village", help="village code for rows without a Mã thôn")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--as", dest="username", help="apply this user's scope (default: full access)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, kind, file, village, dry_run, username, format, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        user = None
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(name)s.") % {"name": username})
        default_village = None
        if village:
            default_village = (
                Unit.objects.current().filter(code=village, kind=UnitKind.VILLAGE).first()
            )
            if default_village is None:
                raise CommandError(_("No village has the code %(code)s.") % {"code": village})
        with tqdm(total=0, unit=" rows", disable=None, file=self.stderr._out) as bar:

            def progress(done: int, total: int, rejected: int) -> None:
                bar.total = total
                bar.n = done
                bar.set_postfix(rejected=rejected, refresh=False)
                bar.refresh()

            try:
                report = run_import(
                    kind,
                    path.read_bytes(),
                    user=user,
                    unit=default_village or Unit.objects.current().filter(code="VN").first(),
                    village=default_village,
                    dry_run=dry_run,
                    progress=progress,
                    reference=f"cli:{path.name}",
                )
            except ServiceError as e:
                raise CommandError(f"{e.code}: {e.message}") from None
        result = report.as_dict()
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key, value in result.items():
            if key != "errors":
                self.stdout.write(f"{key:<22} {value}")
        for error in result["errors"]:
            self.stdout.write(
                f"  {_('row')} {error['row']} [{error['column']}] {error['code']}: "
                f"{error['message']}"
            )
