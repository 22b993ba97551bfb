"""Indicator figures for any unit and reference date, read from the counters only.

A unit's own rows are at most a few hundred (skills × birth cohorts): the
village, commune, province and national levels are all stored. Past dates
read the monthly deltas up to the reference month; the current month reads
the running totals (the rows of month TOTAL).
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Q, Sum

from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_children
from cnscd.indicators.counters import HOUSEHOLDS, RESIDENTS, month_index
from cnscd.indicators.models import (
    BUCKET_START,
    TOTAL,
    Counter,
    Indicator,
    Level,
    Population,
    Target,
)

LEVEL_OF = {
    Kind.VILLAGE: Level.VILLAGE,
    Kind.COMMUNE: Level.COMMUNE,
    Kind.PROVINCE: Level.PROVINCE,
    Kind.COUNTRY: Level.NATIONAL,
}


def _counter_rows(unit: Unit, *, children: bool):
    """The unit's own counter rows, or its children's."""
    if children:
        child_level = {
            Kind.COUNTRY: Level.PROVINCE,
            Kind.PROVINCE: Level.COMMUNE,
            Kind.COMMUNE: Level.VILLAGE,
        }[unit.kind]
        return Counter.objects.filter(level=child_level, parent_code=unit.code)
    return Counter.objects.filter(level=LEVEL_OF[unit.kind], unit_code=unit.code)


Sums = dict[tuple[str, str], dict[int | None, tuple[int, int]]]


def _eligible(bucket: int, reference_year: int, min_age: int) -> bool:
    """Age is reference year minus birth year; bucket 0 holds everyone born before BUCKET_START."""
    birth_year = bucket or BUCKET_START - 1
    return reference_year - birth_year >= min_age


def _eligible_filter(reference_year: int, min_age: int) -> Q:
    """`_eligible` as a filter on counter rows."""
    cohorts = Q(bucket__gte=BUCKET_START, bucket__lte=reference_year - min_age)
    return cohorts | Q(bucket=0) if _eligible(0, reference_year, min_age) else cohorts


def _sums(unit: Unit, as_of: date, today: date, ages: set[int], *, children: bool = False) -> Sums:
    """(unit code, skill) → {minimum age: (count, verified)} at the end of as_of's month,
    with the key None for everyone.

    Summed in SQL, one row per unit and skill for each minimum age the indicators use:
    a unit has up to a thousand rows (skills × birth cohorts), too many to move into
    Python on every dashboard hit. Without `children` the unit code is the unit's own.
    """
    rows = _counter_rows(unit, children=children)
    if month_index(as_of) >= month_index(today):
        rows = rows.filter(month=TOTAL)
    else:
        rows = rows.filter(month__lte=month_index(as_of))
    aggregates = {"c": Sum("count"), "v": Sum("verified")}
    for age in ages:
        eligible = _eligible_filter(as_of.year, age)
        aggregates[f"c{age}"] = Sum("count", filter=eligible)
        aggregates[f"v{age}"] = Sum("verified", filter=eligible)
    sums: Sums = {}
    for row in rows.values("unit_code", "skill").annotate(**aggregates).order_by():
        by_age: dict[int | None, tuple[int, int]] = {None: (row["c"], row["v"])}
        for age in ages:
            by_age[age] = (row[f"c{age}"] or 0, row[f"v{age}"] or 0)
        sums[(row["unit_code"], row["skill"])] = by_age
    return sums


def _rate(
    indicator: Indicator, sums: Sums, unit_code: str, verified_only: bool
) -> tuple[int, int, float | None]:
    """Numerator, denominator and rate of one indicator from one unit's sums."""
    population = RESIDENTS if indicator.population == Population.RESIDENTS else HOUSEHOLDS
    denominator = _sum(sums, unit_code, population, indicator.min_age)[0]
    numerator = _sum(sums, unit_code, indicator.skill, indicator.min_age)[int(verified_only)]
    rate = round(100 * numerator / denominator, 1) if denominator else None
    return numerator, denominator, rate


def _sum(sums: Sums, unit_code: str, skill: str, min_age: int | None) -> tuple[int, int]:
    return sums.get((unit_code, skill), {}).get(min_age, (0, 0))


def _active_indicators() -> tuple[list[Indicator], set[int]]:
    indicators = list(Indicator.objects.filter(is_active=True))
    return indicators, {i.min_age for i in indicators}


def indicator_figures(
    unit: Unit, *, as_of: date, today: date, verified_only: bool = False
) -> dict[str, Any]:
    """`residents`, `households` and, per active indicator, numerator, denominator, rate, target."""
    indicators, ages = _active_indicators()
    sums = _sums(unit, as_of, today, ages)
    targets = dict(
        Target.objects.filter(unit=unit, year=as_of.year).values_list("indicator__key", "rate")
    )
    figures: dict[str, Any] = {
        "residents": _sum(sums, unit.code, RESIDENTS, None)[0],
        "households": _sum(sums, unit.code, HOUSEHOLDS, None)[0],
        "indicators": {},
    }
    for indicator in indicators:
        numerator, denominator, rate = _rate(indicator, sums, unit.code, verified_only)
        target = targets.get(indicator.key)
        figures["indicators"][indicator.key] = {
            "numerator": numerator,
            "denominator": denominator,
            "rate": rate,
            "target": float(target) if target is not None else None,
            "gap": round(float(target) - rate, 1)
            if target is not None and rate is not None
            else None,
        }
    return figures


def ranking(
    unit: Unit, indicator: Indicator, *, as_of: date, today: date, lowest: int = 10
) -> list[dict[str, Any]]:
    """Child units by rate, highest first; the `lowest` ten are flagged. Units without anyone
    to count (no rate) come last."""
    children = list(unit_children(unit))
    sums = _sums(unit, as_of, today, {indicator.min_age}, children=True)
    targets = dict(
        Target.objects.filter(unit__in=children, indicator=indicator, year=as_of.year).values_list(
            "unit__code", "rate"
        )
    )
    ranked = []
    for child in children:
        numerator, denominator, rate = _rate(indicator, sums, child.code, False)
        target = targets.get(child.code)
        ranked.append(
            {
                "unit": {"code": child.code, "name": child.name, "kind": child.kind},
                "numerator": numerator,
                "denominator": denominator,
                "rate": rate,
                "target": float(target) if target is not None else None,
            }
        )
    ranked.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), r["unit"]["name"]))
    with_rate = [r for r in ranked if r["rate"] is not None]
    low = {id(r) for r in with_rate[-lowest:]} if len(with_rate) > lowest else set()
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position if row["rate"] is not None else None
        row["lowest"] = id(row) in low
    return ranked


def trend(
    unit: Unit, indicator: Indicator, *, today: date, months: int = 24
) -> list[dict[str, Any]]:
    """Month-end figures of one indicator over the last `months` months, oldest first."""
    population = RESIDENTS if indicator.population == Population.RESIDENTS else HOUSEHOLDS
    deltas = (
        _counter_rows(unit, children=False)
        .filter(skill__in=[population, indicator.skill], month__lt=TOTAL)
        .values("skill", "bucket", "month")
        .annotate(c=Sum("count"))
        .order_by("month")
    )
    last = month_index(today)
    first = last - months + 1
    running: defaultdict[tuple[str, int], int] = defaultdict(int)
    pending = list(deltas)
    applied = 0
    points = []
    for month in range(first, last + 1):
        while applied < len(pending) and pending[applied]["month"] <= month:
            row = pending[applied]
            running[(row["skill"], row["bucket"])] += row["c"]
            applied += 1
        year = 2000 + month // 12
        numerator = denominator = 0
        for (skill, bucket), count in running.items():
            if _eligible(bucket, year, indicator.min_age):
                if skill == population:
                    denominator += count
                else:
                    numerator += count
        points.append(
            {
                "month": f"{year:04d}-{month % 12 + 1:02d}",
                "numerator": numerator,
                "denominator": denominator,
                "rate": round(100 * numerator / denominator, 1) if denominator else None,
            }
        )
    return points
