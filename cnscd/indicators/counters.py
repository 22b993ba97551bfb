"""Counters: how many residents (by birth year) or households have each skill, per unit and month.

A write that changes a resident or household hands us its state before and
after (`people.hooks`); we turn each state into its *contributions* — the
count deltas it makes, by unit level, skill, birth cohort and month, and to
each running total (month TOTAL) — and add the difference to `Counter`, in
the same transaction. `rebuild` computes the same contributions from raw
rows and `check` compares: one function, `contributions`, defines what is
counted, so the two cannot drift apart.

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
from cnscd.indicators.models import BUCKET_START, TOTAL, Counter, Level
from cnscd.indicators.rebuild_sql import rebuild_communes
from cnscd.people.hooks import HouseholdState, ResidentPair, ResidentState
from cnscd.people.models import Household, Resident
from cnscd.people.skills import Source

RESIDENTS = "residents"
HOUSEHOLDS = "households"

Key = tuple[str, str, str, str, int, int]  # level, unit, parent, skill, bucket, month (or TOTAL)


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
    """Count 1 from month `start` until month `end` (excluded), at every level; the
    total counts it while it has no end."""
    if end is not None and end <= start:
        return
    for level, unit, parent in _units(state):
        key = (level, unit, parent, skill, bucket)
        deltas.add((*key, start), 1, int(verified))
        if end is None:
            deltas.add((*key, TOTAL), 1, int(verified))
        else:
            deltas.add((*key, end), -1, -int(verified))


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

_UPSERT = (
    "INSERT INTO indicators_counter "
    "(level, unit_code, parent_code, skill, bucket, month, count, verified) VALUES {} "
    "ON CONFLICT (level, unit_code, skill, bucket, month) DO UPDATE SET "
    "count = indicators_counter.count + excluded.count, "
    "verified = indicators_counter.verified + excluded.verified"
)


def _write(deltas: Deltas) -> None:
    """Add deltas to the counter rows, one multi-row upsert (SQLite 3.24+ and PostgreSQL).

    One statement instead of one per row: a visit touches a month and a total
    at four levels, and each round trip costs more than the row. Rows go in key
    order, so two visits upserting the same rows lock them in the same order
    (no deadlock).
    """
    rows = [(*key, count, verified) for key, count, verified in sorted(deltas.nonzero())]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start : start + UPSERT_ROWS]
            cursor.execute(
                _UPSERT.format(_marks(8, len(chunk))), [value for row in chunk for value in row]
            )


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


Rows = dict[Key, tuple[int, int]]


def _commune_rows(commune: Unit) -> Rows:
    """Expected village- and commune-level rows from the commune's raw rows."""
    return {
        key: (count, verified)
        for key, count, verified in expected_deltas(commune.path).nonzero()
        if key[0] in (Level.VILLAGE, Level.COMMUNE)
    }


def _stored_rows(scope: Q) -> Rows:
    """Stored non-zero rows in `scope`."""
    fields = ("level", "unit_code", "parent_code", "skill", "bucket", "month")
    return {
        tuple(row[:6]): (row[6], row[7])
        for row in Counter.objects.filter(scope).values_list(*fields, "count", "verified")
        if row[6] or row[7]
    }


def _in_commune(commune: Unit) -> Q:
    return Q(level=Level.VILLAGE, parent_code=commune.code) | Q(
        level=Level.COMMUNE, unit_code=commune.code
    )


def _sums_of(children: Q, key: tuple[str, str, str]) -> Rows:
    """Rows of a unit (`key` = level, code, parent) as the sums of its children's rows:
    a province sums its communes, the country its provinces."""
    return {
        (*key, skill, bucket, month): (count, verified)
        for skill, bucket, month, count, verified in Counter.objects.filter(children)
        .values_list("skill", "bucket", "month")
        .annotate(Sum("count"), Sum("verified"))
        .order_by()
        .values_list("skill", "bucket", "month", "count__sum", "verified__sum")
        if count or verified
    }


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

    def compare(expected: Rows, stored: Rows) -> None:
        for key in sorted(set(expected) | set(stored), key=str):
            if expected.get(key, (0, 0)) != stored.get(key, (0, 0)):
                month = "total" if key[5] == TOTAL else f"month {key[5]}"
                problems.append(
                    f"{key[:5]} {month}: expected {expected.get(key, (0, 0))}, "
                    f"stored {stored.get(key, (0, 0))}"
                )

    for commune in communes:
        with _one_snapshot():
            expected = _commune_rows(commune)
            stored = _stored_rows(_in_commune(commune))
        compare(expected, stored)
    sums = [
        (Q(level=Level.COMMUNE, parent_code=code), (Level.PROVINCE, code, "VN"))
        for code in sorted({c.province_code for c in communes})
    ]
    sums.append((Q(level=Level.PROVINCE), (Level.NATIONAL, "VN", "")))
    for children, (level, code, parent) in sums:
        with _one_snapshot():
            expected = _sums_of(children, (level, code, parent))
            stored = _stored_rows(Q(level=level, unit_code=code))
        compare(expected, stored)
    return problems
