"""`cnscd stats CODE [--format text|json]`: the same figures as the stats API, for scripts."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.geo.models import Unit
from cnscd.indicators.stats import parse_as_of, unit_stats


class Command(BaseCommand):
    help = "Statistics of a unit's subtree (full access; the API applies the caller's scope)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="unit code: VN, 38, 14797, 14797-001…")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--as-of", dest="as_of", help="reference date YYYY-MM-DD")

    def handle(self, *args, code: str, format: str, as_of: str | None, **options) -> None:
        unit = Unit.objects.current().filter(code=code).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": code})
        today = timezone.localdate()
        try:
            reference = parse_as_of(as_of, today=today)
        except ServiceError as e:
            raise CommandError(e.message) from None
        stats = unit_stats(unit, today=today, as_of=reference)
        if format == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{unit.name} ({unit.code})")
        for key in (
            "villages",
            "villages_with_team",
            "coverage",
            "teams",
            "members",
            "avg_members_per_team",
            "teams_outside_3_9",
            "teams_without_leader",
        ):
            self.stdout.write(f"  {key:<24} {stats[key] if stats[key] is not None else '—'}")
