"""Indicator statistics at 1M and more residents: counters against a naive GROUP BY.

Builds N synthetic residents (BENCH_RESIDENTS, default 1,000,000) spread
over villages of every real commune, loads them with set-based inserts,
rebuilds the counters in SQL, then measures side by side in one run:
`indicator_figures` for the country, a province, a commune and a village
(p50, p95) and the naive baseline (one GROUP BY over the resident table for
the same unit); the cost of one visit's write with its counter updates;
rebuild time; bulk-load rate; and `check` on a commune after the writes.
"""

import os
import random
import time
import uuid
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from bench.timing import measure, table
from cnscd.geo.models import PATH_SEPARATOR, Division, Kind, Unit
from cnscd.imports import bulk
from cnscd.indicators.counters import check, rebuild
from cnscd.indicators.figures import indicator_figures
from cnscd.indicators.models import TOTAL, Counter
from cnscd.people.models import Household, Resident
from cnscd.people.services import OutcomeIn, visit_record
from cnscd.people.skills import CORE_SKILLS

VILLAGES_PER_COMMUNE = 3
HOUSEHOLD_SIZE = 4


def _villages() -> list[Unit]:
    communes = list(Unit.objects.current().filter(kind=Kind.COMMUNE))
    rows = [
        Unit(
            code=f"{c.code}-{n:03d}",
            name=f"Thôn {n}",
            kind=Kind.VILLAGE,
            division=Division.THON,
            parent=c,
            path=f"{c.path}{c.code}-{n:03d}{PATH_SEPARATOR}",
            province_code=c.province_code,
            name_folded=f"thon {n}",
            sort_key=f"{n:04d}",
        )
        for c in communes
        for n in range(1, VILLAGES_PER_COMMUNE + 1)
    ]
    Unit.objects.bulk_create(rows, batch_size=5000)
    return list(Unit.objects.filter(kind=Kind.VILLAGE).select_related("parent"))


RESIDENT_COLUMNS = [
    "household_id", "village_id", "path", "province_code", "commune_code", "full_name",
    "name_folded", "sort_key", "birth_year", "gender", "id_number", "phone", "relation",
    "moved_out_on", "created_at", "updated_at",
    *[f"{skill}_{part}" for skill in CORE_SKILLS for part in ("on", "source")],
]  # fmt: skip


CHUNK_HOUSEHOLDS = 25_000


def _resident_row(index, household, rng, first_day, span, today, now) -> tuple:
    """One synthetic resident: half of the core skills, achieved on a random day; 3% moved out."""
    skills = []
    for _skill in CORE_SKILLS:
        if rng.random() < 0.5:
            skills += [
                first_day + timedelta(days=rng.randrange(span)),
                rng.choice(["visit", "verified", "import"]),
            ]
        else:
            skills += [None, ""]
    moved = first_day + timedelta(days=rng.randrange(span)) if rng.random() < 0.03 else None
    return (
        household.pk,
        household.village_id,
        household.path,
        household.province_code,
        household.commune_code,
        f"Người {index}",
        f"nguoi {index}",
        "0",
        today.year - rng.randint(0, 90),
        rng.choice(["male", "female"]),
        "",
        "",
        "other",
        moved,
        now,
        now,
        *skills,
    )


def _load(n: int, villages: list[Unit], rng: random.Random, today: date) -> float:
    """Households and their residents, a chunk at a time so 10M rows fit in memory.

    Returns resident rows per second (households included in the time).
    """
    start = time.perf_counter()
    first_day = date(2022, 3, 1)
    span = (today - first_day).days
    now = timezone.now()
    total_households = -(-n // HOUSEHOLD_SIZE)
    index = 0
    for first in range(0, total_households, CHUNK_HOUSEHOLDS):
        numbers = range(first + 1, min(first + CHUNK_HOUSEHOLDS, total_households) + 1)
        with transaction.atomic():
            households = Household.objects.bulk_create(
                [
                    Household(
                        village=village,
                        path=village.path,
                        province_code=village.province_code,
                        commune_code=village.parent.code,
                        number=str(k),
                        number_key=f"{k:08d}",
                    )
                    for k in numbers
                    for village in [villages[k % len(villages)]]
                ],
                batch_size=5000,
            )
            rows = []
            for household in households:
                for _ in range(min(HOUSEHOLD_SIZE, n - index)):
                    rows.append(_resident_row(index, household, rng, first_day, span, today, now))
                    index += 1
            bulk.insert(Resident, RESIDENT_COLUMNS, rows)
    return n / (time.perf_counter() - start)


def _naive(unit: Unit, today: date) -> list:
    """The straightforward query: one GROUP BY over residents of the subtree."""
    residents = Resident.objects.filter(path__startswith=unit.path if unit.code != "VN" else "")
    present = (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today)) & (
        Q(deceased_on__isnull=True) | Q(deceased_on__gt=today)
    )
    return list(
        residents.filter(present, merged_into__isnull=True)
        .values("birth_year")
        .annotate(
            n=Count("id"),
            **{s: Count("id", filter=Q(**{f"{s}_on__isnull": False})) for s in CORE_SKILLS},
        )
    )


def _settle() -> None:
    """On PostgreSQL, finish the bulk load's after-work before anything is timed, as pgbench
    does: VACUUM ANALYZE the tables just written, else autovacuum reads and rewrites all of
    them in the middle of the timings (at 1M it ran through the counters while the visits
    were measured, docs/performance.md); then a CHECKPOINT, where the role may, so that the
    checkpointer is not flushing gigabytes of load and vacuum behind the timed reads."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in (Household, Resident, Counter)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
        cursor.execute("SELECT pg_has_role('pg_checkpoint', 'MEMBER')")  # true for a superuser
        if cursor.fetchone()[0]:
            cursor.execute("CHECKPOINT")
        else:
            print("no CHECKPOINT (role lacks pg_checkpoint): timings may include the load's writes")


VISITS = 200


def _visit_cost(today: date) -> tuple[tuple[float, float], set[str]]:
    """p50/p95 of recording one visit in which a resident got VNeID level 2: the visit, its
    outcome, the resident's new status and history, and the counter rows of four levels.
    Also returns the communes written to, for `check`."""
    waiting = iter(
        Resident.objects.filter(vneid_l2_on__isnull=True, moved_out_on__isnull=True)
        .select_related("household")
        .order_by("id")[: VISITS + 1]
    )

    communes = set()

    def one_visit():
        person = next(waiting)
        communes.add(person.commune_code)
        visit_record(  # one transaction of its own, as the visit API calls it
            visit_id=uuid.uuid4(),
            household=person.household,
            by=None,
            visited_on=today,
            outcomes=[OutcomeIn(resident_id=person.pk, skill="vneid_l2", outcome="achieved")],
        )

    return measure(one_visit, repeat=VISITS), communes


def run() -> None:
    n = int(os.environ.get("BENCH_RESIDENTS", "1000000"))
    rng = random.Random(1)
    today = timezone.localdate()
    engine = connection.vendor
    villages = _villages()
    rate = _load(n, villages, rng, today)
    start = time.perf_counter()
    rebuild(Unit.objects.get(code="VN", valid_to__isnull=True))
    rebuild_seconds = time.perf_counter() - start
    _settle()
    print(
        f"\n[{engine}] {n:,} residents in {len(villages):,} villages: loaded at "
        f"{rate:,.0f} rows/s, counters rebuilt in {rebuild_seconds:.1f} s "
        f"({Counter.objects.exclude(month=TOTAL).count():,} monthly rows, "
        f"{Counter.objects.filter(month=TOTAL).count():,} totals)"
    )
    commune = villages[0].parent
    units = [
        ("country VN", Unit.objects.get(code="VN", valid_to__isnull=True)),
        ("province 38", Unit.objects.get(code="38", valid_to__isnull=True)),
        (f"commune {commune.code}", commune),
        (f"village {villages[0].code}", villages[0]),
    ]
    rows = []
    for label, unit in units:
        ours = measure(lambda u=unit: indicator_figures(u, as_of=today, today=today))
        naive = measure(lambda u=unit: _naive(u, today), repeat=3)
        rows.append(
            [label, f"{ours[0]:.1f}", f"{ours[1]:.1f}", f"{naive[0]:.1f}", f"{naive[1]:.1f}"]
        )
    table(
        f"indicator stats [{engine}], {n:,} residents (ms)",
        ["unit", "ours p50", "ours p95", "naive p50", "naive p95"],
        rows,
    )
    (p50, p95), communes = _visit_cost(today)
    print(f"one visit with its counter updates: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    problems = [p for code in sorted(communes) for p in check(Unit.objects.get(code=code))]
    print(f"indicators check on the {len(communes)} communes visited: {len(problems)} differences")
