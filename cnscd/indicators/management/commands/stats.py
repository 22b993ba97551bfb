"""`cnscd stats CODE [--format text|json]`: the same figures as the stats API, for scripts."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.geo.models import Unit
from cnscd.indicators.stats import unit_stats


class Command(BaseCommand):
    help = "Statistics of a unit's subtree (full access; the API applies the caller's scope)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="unit code: VN, 38, 14797, 14797-001…")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, code: str, format: str, **options) -> None:
        unit = Unit.objects.current().filter(code=code).first()
        if unit is None:
            raise CommandError(_("Unknown unit code %(code)s.") % {"code": code})
        stats = unit_stats(unit, today=timezone.localdate())
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
