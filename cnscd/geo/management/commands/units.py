"""`cnscd units load`: load or refresh the official provinces and communes."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from cnscd.geo.official import official_communes, official_provinces
from cnscd.geo.services import units_load_official


class Command(BaseCommand):
    help = "Administrative units: `load` the official list (34 provinces, 3,321 communes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Create or update units from the vietnam-provinces data.")

    def handle(self, *args, action: str, **options) -> None:
        total = 1 + len(official_provinces()) + len(official_communes())
        with tqdm(total=total, unit=" units", disable=options["verbosity"] == 0) as bar:
            result = units_load_official(progress=bar.update)
        if result.changed:
            self.stdout.write(
                _("Units loaded: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % result.__dict__
            )
        else:
            self.stdout.write(
                _("Units are up to date: all %(unchanged)d already loaded, nothing changed.")
                % result.__dict__
            )
