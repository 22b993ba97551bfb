"""Team coverage statistics at national scale (about 93,500 teams, 458,000 members).

Ours: `indicators.stats.unit_stats`, i.e. what `GET /api/v1/units/{code}/stats`
computes. Naive baseline: the same totals and breakdowns by joining members
to teams and villages with Django's `startswith`, the way one would write it
without the denormalized columns, the `counted` partial index and
`path__under`.
"""

import random
import time

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from bench.timing import measure, table
from cnscd.demo.teams import demo_teams
from cnscd.demo.villages import demo_villages
from cnscd.geo.models import Kind, Unit
from cnscd.indicators.stats import unit_stats
from cnscd.teams.models import Member, Team


def naive_stats(unit: Unit) -> dict:
    villages = Unit.objects.filter(kind=Kind.VILLAGE, path__startswith=unit.path).count()
    teams = Team.objects.filter(village__path__startswith=unit.path, status="active")
    members = Member.objects.filter(
        team__village__path__startswith=unit.path, team__status="active", left_on__isnull=True
    )
    return {
        "villages": villages,
        "teams": teams.count(),
        "members": members.count(),
        "breakdown": list(
            members.values("background", "gender", "birth_year").annotate(n=Count("id"))
        ),
        "children": list(
            teams.values("province_code").annotate(
                n=Count("id"), m=Count("members", filter=Q(members__left_on__isnull=True))
            )
        ),
    }


def run() -> None:
    rng = random.Random(1)
    start = time.perf_counter()
    communes = list(Unit.objects.current().filter(kind=Kind.COMMUNE))
    demo_villages(communes=communes, rng=rng, per_commune=(20, 37))
    villages = Unit.objects.filter(kind=Kind.VILLAGE).order_by("path")
    teams, members = demo_teams(villages=villages, rng=rng, today=timezone.localdate())
    load = time.perf_counter() - start
    engine = connection.vendor
    print(
        f"\n[{engine}] demo data: {villages.count():,} villages, {teams:,} teams, "
        f"{members:,} members built in {load:.0f} s"
    )
    units = [("country VN", "VN"), ("province 38", "38"), ("commune 14797", "14797")]
    rows = []
    for label, code in units:
        unit = Unit.objects.current().get(code=code)
        ours = measure(lambda unit=unit: unit_stats(unit, today=timezone.localdate()))
        naive = measure(lambda unit=unit: naive_stats(unit), repeat=5)
        rows.append(
            [label, f"{ours[0]:.1f}", f"{ours[1]:.1f}", f"{naive[0]:.1f}", f"{naive[1]:.1f}"]
        )
    table(
        f"team stats [{engine}] (ms)",
        ["unit", "ours p50", "ours p95", "naive p50", "naive p95"],
        rows,
    )
