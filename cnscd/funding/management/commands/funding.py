"""`cnscd funding allowances CODE --period P [--format text|json]` and `cnscd funding seed`.

The JSON form is a contract for scripts (README.md, docs/funding.md):
`{"unit", "period", "total", "teams": [{"team", "village", "amount", "days",
"policies"}]}`, amounts in integer đồng.
"""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.funding.allowances import allowance_report, report_as_dict
from cnscd.funding.periods import parse_period
from cnscd.funding.seeds import funding_seed
from cnscd.geo.models import Unit
from cnscd.vntext.money import format_dong


class Command(BaseCommand):
    help = "Team allowances: what teams are owed (`allowances`); the known policies (`seed`)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        allowances = sub.add_parser(
            "allowances", help="What each team of a unit is owed for a period."
        )
        allowances.add_argument("code", help="unit code: 48, 14797, 14797-001")
        allowances.add_argument("--period", required=True, help="2025, 2025-Q3 or 2025-08")
        allowances.add_argument("--format", choices=["text", "json"], default="text")
        sub.add_parser("seed", help="Create the known provincial policies (idempotent).")

    def handle(self, *args, action: str, **options) -> None:
        if action == "seed":
            self._seed()
        else:
            self._allowances(options["code"], options["period"], options["format"])

    def _allowances(self, code: str, period_text: str, output: str) -> None:
        unit = Unit.objects.current().filter(code=code).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": code})
        try:
            period = parse_period(period_text)
        except ServiceError as e:
            raise CommandError(e.message) from None
        report = allowance_report(unit, period)
        if output == "json":
            self.stdout.write(json.dumps(report_as_dict(report), ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name} ({unit.code}) · {period.display()}")
        for line in report.lines:
            self.stdout.write(
                f"{line.team.village.code:<12} {line.team.village.name:<40} "
                f"{line.allowance.days:>4} {format_dong(line.amount):>16}"
            )
        self.stdout.write(_("Total: %(total)s") % {"total": format_dong(report.total)})

    def _seed(self) -> None:
        result = funding_seed()
        self.stdout.write(
            _("Seed policies: %(created)d created, %(existing)d already there.")
            % {"created": len(result.created), "existing": len(result.existing)}
        )
        for key, why in result.refused.items():
            self.stderr.write(f"{key}: {why}")
