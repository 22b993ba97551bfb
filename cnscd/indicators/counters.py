"""Counters: how many residents (by birth year) or households have each skill, per unit and month.

A write that changes a resident or household hands us its state before and
after (`people.hooks`); we turn each state into its *contributions* — the
count deltas it makes, by unit level, skill, birth cohort and month — and
add the difference to `Counter` (monthly deltas) and `CounterTotal`
(running totals), in the same transaction. `rebuild` computes the same
contributions from raw rows and `check` compares: one function,
`contributions`, defines what is counted, so the two cannot drift apart.

Months are month-ends: a status achieved on any day of March counts from
the end of March; a resident who moved out on any day of March is gone at
the end of March.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.db.models import Q, Sum

from cnscd.geo.models import Kind, Unit
from cnscd.indicators.models import BUCKET_START, Counter, CounterTotal, Level
from cnscd.indicators.rebuild_sql import rebuild_communes
from cnscd.people.hooks import HouseholdState, ResidentPair, ResidentState
from cnscd.people.models import Household, Resident
from cnscd.people.skills import Source

RESIDENTS = "residents"
HOUSEHOLDS = "households"

Key = tuple[str, str, str, str, int, int]  # level, unit, parent, skill, bucket, month


def month_index(day: date) -> int:
    """Months since January 2000 (0 for anything earlier)."""
    return max(0, (day.year - 2000) * 12 + day.month - 1)


def bucket_of(birth_year: int) -> int:
    return birth_year if birth_year >= BUCKET_START else 0


class Deltas:
    """Count and verified-count changes per key; adding and subtracting whole sets of them."""

    def __init__(self) -> None:
        self.count: defaultdict[Key, int] = defaultdict(int)
        self.verified: defaultdict[Key, int] = defaultdict(int)

    def add(self, key: Key, count: int, verified: int) -> None:
        self.count[key] += count
        self.verified[key] += verified

    def minus(self, other: "Deltas") -> "Deltas":
        result = Deltas()
        for source, sign in ((self, 1), (other, -1)):
            for key, value in source.count.items():
                result.add(key, sign * value, sign * source.verified[key])
        return result

    def nonzero(self) -> list[tuple[Key, int, int]]:
        return [(k, c, self.verified[k]) for k, c in self.count.items() if c or self.verified[k]]


def _units(state) -> list[tuple[str, str, str]]:
    return [
        (Level.VILLAGE, state.village_code, state.commune_code),
        (Level.COMMUNE, state.commune_code, state.province_code),
        (Level.PROVINCE, state.province_code, "VN"),
        (Level.NATIONAL, "VN", ""),
    ]


def _interval(
    deltas: Deltas, state, skill: str, bucket: int, start: int, end: int | None, verified: bool
) -> None:
    """Count 1 from month `start` until month `end` (excluded), at every level."""
    if end is not None and end <= start:
        return
    for level, unit, parent in _units(state):
        deltas.add((level, unit, parent, skill, bucket, start), 1, int(verified))
        if end is not None:
            deltas.add((level, unit, parent, skill, bucket, end), -1, -int(verified))


def resident_contributions(state: ResidentState | None, deltas: Deltas | None = None) -> Deltas:
    """What one resident adds to the counters: presence, and each skill while present."""
    deltas = deltas if deltas is not None else Deltas()
    if state is None:
        return deltas
    bucket = bucket_of(state.birth_year)
    end = month_index(state.left_on) if state.left_on else None
    _interval(deltas, state, RESIDENTS, bucket, 0, end, False)
    for skill, on, source in state.skills:
        _interval(deltas, state, skill, bucket, month_index(on), end, source == Source.VERIFIED)
    return deltas


def household_contributions(state: HouseholdState | None, deltas: Deltas | None = None) -> Deltas:
    """What one household adds: itself, and each fact it has (households do not leave)."""
    deltas = deltas if deltas is not None else Deltas()
    if state is None:
        return deltas
    _interval(deltas, state, HOUSEHOLDS, 0, 0, None, False)
    for fact, on, source in state.facts:
        _interval(deltas, state, fact, 0, month_index(on), None, source == Source.VERIFIED)
    return deltas


def apply_resident_changes(pairs: list[ResidentPair]) -> None:
    """The `people.hooks` listener: add the differences of the states' contributions,
    summed over all the residents first so that a batch is one write."""
    after, before = Deltas(), Deltas()
    for old, new in pairs:
        resident_contributions(new, after)
        resident_contributions(old, before)
    _write(after.minus(before))


def apply_household_change(before: HouseholdState | None, after: HouseholdState | None) -> None:
    _write(household_contributions(after).minus(household_contributions(before)))


# rows per upsert statement: far below SQLite's limit of 32,766 parameters
UPSERT_ROWS = 1000


def _write(deltas: Deltas) -> None:
    """Add deltas to both tables, one multi-row upsert each (SQLite 3.24+ and PostgreSQL).

    One statement per table instead of one per row: a visit touches four levels, and
    each round trip costs more than the row. Rows go in key order, so two visits
    upserting the same rows lock them in the same order (no deadlock).
    """
    rows = sorted(deltas.nonzero())
    if not rows:
        return
    totals: defaultdict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (level, unit, parent, skill, bucket, _month), count, verified in rows:
        total = totals[(level, unit, parent, skill, bucket)]
        total[0] += count
        total[1] += verified
    monthly = [(*key, count, verified) for key, count, verified in rows]
    summed = [(*key, count, verified) for key, (count, verified) in sorted(totals.items())]
    statements = _upserts("indicators_counter", monthly, month=True) + _upserts(
        "indicators_countertotal", summed, month=False
    )
    if connection.vendor == "postgresql" and len(statements) == 2:
        # one round trip for both tables: a visit's write is a dozen statements, each one
        # costing more in the round trip than in the work (docs/performance.md)
        (first, first_params), (second, second_params) = statements
        statements = [(f"WITH monthly AS ({first}) {second}", first_params + second_params)]
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def _upserts(table: str, rows: list[tuple], *, month: bool) -> list[tuple[str, list]]:
    """Statements adding (level, unit, parent, skill, bucket[, month], count, verified) rows
    to `table`, UPSERT_ROWS at a time."""
    key = "level, unit_code, skill, bucket" + (", month" if month else "")
    columns = "level, unit_code, parent_code, skill, bucket" + (", month" if month else "")
    width = 8 if month else 7
    statements = []
    for start in range(0, len(rows), UPSERT_ROWS):
        chunk = rows[start : start + UPSERT_ROWS]
        statements.append(
            (
                f"INSERT INTO {table} ({columns}, count, verified) "
                f"VALUES {_marks(width, len(chunk))} "
                f"ON CONFLICT ({key}) DO UPDATE SET count = {table}.count + excluded.count, "
                f"verified = {table}.verified + excluded.verified",
                [value for row in chunk for value in row],
            )
        )
    return statements


def _marks(width: int, rows: int) -> str:
    row = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([row] * rows)


# --- rebuild and check ----------------------------------------------------------------


def expected_deltas(path: str) -> Deltas:
    """The contributions of every resident and household under `path`, from raw rows."""
    deltas = Deltas()
    residents = Resident.objects.filter(path__under=path, merged_into__isnull=True)
    for resident in residents.iterator(chunk_size=5000):
        resident_contributions(ResidentState.of(resident), deltas)
    for household in Household.objects.filter(path__under=path).iterator(chunk_size=5000):
        household_contributions(HouseholdState.of(household), deltas)
    return deltas


def _communes(unit: Unit) -> list[Unit]:
    """Counters are rebuilt commune by commune: a village rounds up to its commune."""
    if unit.kind == Kind.VILLAGE:
        return [unit.parent]
    if unit.kind == Kind.COMMUNE:
        return [unit]
    return list(Unit.objects.current().filter(kind=Kind.COMMUNE, path__under=unit.path))


def _commune_rows(
    commune: Unit,
) -> tuple[dict[tuple, tuple[int, int]], dict[tuple, tuple[int, int]]]:
    """Expected village- and commune-level rows (monthly, totals) from the commune's raw rows."""
    monthly: dict[tuple, tuple[int, int]] = {}
    totals: defaultdict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (level, unit, parent, skill, bucket, month), count, verified in expected_deltas(
        commune.path
    ).nonzero():
        if level not in (Level.VILLAGE, Level.COMMUNE):
            continue
        monthly[(level, unit, parent, skill, bucket, month)] = (count, verified)
        total = totals[(level, unit, parent, skill, bucket)]
        total[0] += count
        total[1] += verified
    return monthly, {k: (c, v) for k, (c, v) in totals.items() if c or v}


_KEY_FIELDS = ("level", "unit_code", "parent_code", "skill", "bucket")


def _stored_rows(scope: Q) -> tuple[dict[tuple, tuple[int, int]], dict[tuple, tuple[int, int]]]:
    """Stored non-zero rows in `scope`: (monthly by key with month, totals by key)."""
    monthly = {
        tuple(row[:6]): (row[6], row[7])
        for row in Counter.objects.filter(scope).values_list(
            *_KEY_FIELDS, "month", "count", "verified"
        )
        if row[6] or row[7]
    }
    totals = {
        tuple(row[:5]): (row[5], row[6])
        for row in CounterTotal.objects.filter(scope).values_list(*_KEY_FIELDS, "count", "verified")
        if row[5] or row[6]
    }
    return monthly, totals


def _in_commune(commune: Unit) -> Q:
    return Q(level=Level.VILLAGE, parent_code=commune.code) | Q(
        level=Level.COMMUNE, unit_code=commune.code
    )


def _sums_of(children: Q, key: tuple[str, str, str]):
    """Rows of a unit (`key` = level, code, parent) as the sums of its children's rows:
    a province sums its communes, the country its provinces."""
    monthly = {
        (*key, skill, bucket, month): (count, verified)
        for skill, bucket, month, count, verified in Counter.objects.filter(children)
        .values_list("skill", "bucket", "month")
        .annotate(Sum("count"), Sum("verified"))
        .order_by()
        .values_list("skill", "bucket", "month", "count__sum", "verified__sum")
        if count or verified
    }
    totals = {
        (*key, skill, bucket): (count, verified)
        for skill, bucket, count, verified in CounterTotal.objects.filter(children)
        .values_list("skill", "bucket")
        .annotate(Sum("count"), Sum("verified"))
        .order_by()
        .values_list("skill", "bucket", "count__sum", "verified__sum")
        if count or verified
    }
    return monthly, totals


@transaction.atomic
def rebuild(unit: Unit) -> int:
    """Recompute the counters of the unit's communes (and their provinces) from raw rows.

    Returns the number of communes rebuilt. Bulk writers (imports, demo) call
    this for the villages they touched instead of the per-row hook. The work
    is done in SQL (`rebuild_sql`); `check` verifies it against
    `contributions`.
    """
    communes = _communes(unit)
    rebuild_communes(
        [(c.code, c.province_code) for c in communes], everything=unit.kind == Kind.COUNTRY
    )
    return len(communes)


def rebuild_listed(communes: list[tuple[str, str]]) -> None:
    """The `people.hooks.communes_rewritten` listener: recount these (commune, province) pairs
    from raw rows, inside the bulk writer's transaction."""
    rebuild_communes(sorted(set(communes)))


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """A transaction whose reads all see the same moment.

    Under PostgreSQL's default isolation each statement sees the rows
    committed when it starts, so a visit committed between reading the raw
    rows and reading the counters would show as a difference. REPEATABLE
    READ keeps the first snapshot; SQLite's transactions read one snapshot
    already. Inside a caller's transaction the caller's isolation stays.
    """
    outer = connection.in_atomic_block
    with transaction.atomic():
        if not outer and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def check(unit: Unit) -> list[str]:
    """Differences between stored counters and raw rows, as readable lines (empty: all agree).

    Safe on a live system: each comparison reads both sides in one snapshot (a
    commune's raw rows and its counters; a province's communes and the
    province), and no snapshot lasts the whole check, which at national scale
    would hold back vacuum for as long as the check runs.
    """
    problems: list[str] = []
    communes = _communes(unit)

    def compare(what: str, expected: dict, stored: dict) -> None:
        for key in sorted(set(expected) | set(stored), key=str):
            if expected.get(key, (0, 0)) != stored.get(key, (0, 0)):
                problems.append(
                    f"{what} {key}: expected {expected.get(key, (0, 0))}, "
                    f"stored {stored.get(key, (0, 0))}"
                )

    for commune in communes:
        with _one_snapshot():
            monthly, totals = _commune_rows(commune)
            stored_monthly, stored_totals = _stored_rows(_in_commune(commune))
        compare("monthly", monthly, stored_monthly)
        compare("total", totals, stored_totals)
    sums = [
        (Q(level=Level.COMMUNE, parent_code=code), (Level.PROVINCE, code, "VN"))
        for code in sorted({c.province_code for c in communes})
    ]
    sums.append((Q(level=Level.PROVINCE), (Level.NATIONAL, "VN", "")))
    for children, (level, code, parent) in sums:
        with _one_snapshot():
            expected_monthly, expected_totals = _sums_of(children, (level, code, parent))
            stored_monthly, stored_totals = _stored_rows(Q(level=level, unit_code=code))
        compare("monthly", expected_monthly, stored_monthly)
        compare("total", expected_totals, stored_totals)
    return problems
