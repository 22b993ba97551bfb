"""`cnscd indicators rebuild [CODE]` and `cnscd indicators check [CODE]` (default: the country).

`check` exits non-zero when the counters differ from the raw rows, and
prints the first differences.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cnscd.geo.models import COUNTRY_CODE, Unit
from cnscd.indicators.counters import check, rebuild


class Command(BaseCommand):
    help = "Indicator counters: rebuild them from raw rows, or check that they agree."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for action in ("rebuild", "check"):
            sub.add_parser(action).add_argument("code", nargs="?", default=COUNTRY_CODE)

    def handle(self, *args, action: str, code: str, **options) -> None:
        unit = Unit.objects.current().filter(code=code).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": code})
        if action == "rebuild":
            communes = rebuild(unit)
            self.stdout.write(_("Counters rebuilt for %(count)d communes.") % {"count": communes})
            return
        problems = check(unit)
        if problems:
            for line in problems[:20]:
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d counter rows differ from the raw rows.") % {"count": len(problems)}
            )
        self.stdout.write(_("Counters agree with the raw rows."))
