"""`cnscd villages add --commune CODE --name NAME [--kind thon|ban|ap|to_dan_pho|khu_pho]`.

A contract for scripts: on success the new village code alone is printed.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cnscd.errors import ServiceError
from cnscd.geo.models import VILLAGE_DIVISIONS, Division, Unit
from cnscd.geo.services import village_create


class Command(BaseCommand):
    help = "Villages and residential groups under a commune."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create a village and print its new code.")
        add.add_argument("--commune", required=True, help="five-digit commune code, e.g. 14797")
        add.add_argument("--name", required=True)
        add.add_argument(
            "--kind", default=Division.THON, choices=[d.value for d in VILLAGE_DIVISIONS]
        )

    def handle(self, *args, action: str, commune: str, name: str, kind: str, **options) -> None:
        parent = Unit.objects.current().filter(code=commune).first()
        if parent is None:
            raise CommandError(f"Unknown unit code {commune}.")
        try:
            village = village_create(commune=parent, name=name, division=kind, by=None)
        except ServiceError as e:
            raise CommandError(e.message) from None
        self.stdout.write(village.code)
