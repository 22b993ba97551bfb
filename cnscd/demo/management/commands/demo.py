"""`cnscd demo [--seed N] [--scale small|province|national] [--province CODE]`.

Deterministic demo data under the real units. Each domain app contributes
its generator; running the command twice adds nothing the first run made.
"""

import random

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from cnscd.demo.accounts import DEMO_PASSWORD, demo_accounts, demo_logins
from cnscd.demo.funding import demo_funding
from cnscd.demo.learning import demo_learning
from cnscd.demo.people import demo_people
from cnscd.demo.teams import demo_teams
from cnscd.demo.villages import demo_villages
from cnscd.geo.models import COUNTRY_CODE, Kind, Unit
from cnscd.indicators.counters import rebuild as rebuild_counters

# Residents are generated in this many communes of the home province, whatever the scale.
PEOPLE_COMMUNES = 5
SCALES = {
    # communes taken (None: all of the scope), villages per commune
    "small": (5, (6, 10)),
    "province": (None, (20, 37)),
    "national": (None, (20, 37)),
}


class Command(BaseCommand):
    help = "Create deterministic demo data under the real administrative units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument(
            "--province", default="38", help="province code for small and province scale"
        )
        parser.add_argument(
            "--households",
            type=int,
            default=400,
            help="at most this many households per village (at least half as many)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="create data only when no village exists yet (used by `make run`)",
        )

    def handle(self, *args, seed: int, scale: str, province: str, **options) -> None:
        country = Unit.objects.current().filter(code=COUNTRY_CODE).first()
        if country is None:
            raise CommandError(_("Load the official units first: cnscd units load"))
        home = Unit.objects.current().filter(code=province, kind=Kind.PROVINCE).first()
        if home is None:
            raise CommandError(_("Unknown province code %(code)s.") % {"code": province})
        if not (options["if_empty"] and Unit.objects.filter(kind=Kind.VILLAGE).exists()):
            self._generate(
                random.Random(seed),
                country,
                home,
                scale,
                options["households"],
                options["verbosity"] == 0,
            )
        self._print_logins()

    def _generate(
        self,
        rng: random.Random,
        country: Unit,
        home: Unit,
        scale: str,
        households: int,
        quiet: bool,
    ):
        take, per_commune = SCALES[scale]
        scope = country if scale == "national" else home
        communes = list(Unit.objects.current().subtree(scope.path).filter(kind=Kind.COMMUNE))
        if take is not None:
            communes = sorted(rng.sample(communes, take), key=lambda c: c.code)
        with tqdm(total=len(communes), unit=" communes", desc=_("Villages"), disable=quiet) as bar:
            created = demo_villages(
                communes=communes, rng=rng, per_commune=per_commune, progress=bar.update
            )
        self.stdout.write(_("Demo villages created: %(count)d.") % {"count": created})
        villages = Unit.objects.filter(kind=Kind.VILLAGE, parent__in=communes).order_by("path")
        with tqdm(total=villages.count(), unit=" villages", desc=_("Teams"), disable=quiet) as bar:
            teams, members = demo_teams(
                villages=villages, rng=rng, today=timezone.localdate(), progress=bar.update
            )
        self.stdout.write(
            _("Demo teams created: %(teams)d, with %(members)d members.")
            % {"teams": teams, "members": members}
        )
        self._people(rng, home, communes if take is not None else None, households, quiet)
        commune = communes[0]
        village = Unit.objects.filter(parent=commune, kind=Kind.VILLAGE).order_by("code").first()
        demo_accounts(country=country, province=home, commune=commune, village=village)
        demo_learning(commune=commune, today=timezone.localdate())
        demo_funding(province=home, communes=communes, rng=rng, today=timezone.localdate())

    def _people(
        self,
        rng: random.Random,
        home: Unit,
        communes: list[Unit] | None,
        households: int,
        quiet: bool,
    ):
        """Residents for the sampled communes only: a province of people would be millions."""
        if communes is None:
            in_home = Unit.objects.current().filter(parent=home, kind=Kind.COMMUNE).order_by("code")
            communes = sorted(rng.sample(list(in_home), PEOPLE_COMMUNES), key=lambda c: c.code)
        villages = Unit.objects.filter(kind=Kind.VILLAGE, parent__in=communes).order_by("path")
        bar = tqdm(total=villages.count(), unit=" villages", desc=_("Residents"), disable=quiet)
        with bar:
            created, residents = demo_people(
                villages=villages,
                rng=rng,
                today=timezone.localdate(),
                progress=bar.update,
                households_per_village=(max(1, households // 2), max(1, households)),
            )
        for commune in communes:  # bulk inserts bypass the per-write hook
            rebuild_counters(commune)
        self.stdout.write(
            _("Demo households created: %(households)d, with %(residents)d residents.")
            % {"households": created, "residents": residents}
        )

    def _print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for a in logins:
            self.stdout.write(f"  {a.user.username:<10} {a.role:<17} {a.unit.name} ({a.unit.code})")
