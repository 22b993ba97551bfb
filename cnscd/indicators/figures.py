"""Indicator figures for any unit and reference date, read from the counters only.

A unit's own rows are at most a few hundred (skills × birth cohorts): the
village, commune, province and national levels are all stored. Past dates
read the monthly deltas up to the reference month; the current month reads
the running totals.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Sum

from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_children
from cnscd.indicators.counters import HOUSEHOLDS, RESIDENTS, month_index
from cnscd.indicators.models import (
    BUCKET_START,
    Counter,
    CounterTotal,
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


def _counter_rows(model, unit: Unit, *, children: bool):
    """The unit's own counter rows, or its children's."""
    if children:
        child_level = {
            Kind.COUNTRY: Level.PROVINCE,
            Kind.PROVINCE: Level.COMMUNE,
            Kind.COMMUNE: Level.VILLAGE,
        }[unit.kind]
        return model.objects.filter(level=child_level, parent_code=unit.code)
    return model.objects.filter(level=LEVEL_OF[unit.kind], unit_code=unit.code)


def _rows(unit: Unit, as_of: date, today: date, *, children: bool = False):
    """(unit code, skill, bucket) → (count, verified) at the end of as_of's month.

    Without `children` the unit code is the unit's own.
    """
    current = month_index(as_of) >= month_index(today)
    model = CounterTotal if current else Counter
    rows = _counter_rows(model, unit, children=children)
    if not current:
        rows = rows.filter(month__lte=month_index(as_of))
    group = ("unit_code", "skill", "bucket") if children else ("skill", "bucket")
    sums = rows.values(*group).annotate(c=Sum("count"), v=Sum("verified")).order_by()
    return {
        (r["unit_code"] if children else unit.code, r["skill"], r["bucket"]): (r["c"], r["v"])
        for r in sums
    }


def _eligible(bucket: int, reference_year: int, min_age: int) -> bool:
    """Age is reference year minus birth year; bucket 0 holds everyone born before BUCKET_START."""
    birth_year = bucket or BUCKET_START - 1
    return reference_year - birth_year >= min_age


def _rate(
    indicator: Indicator, rows: dict, unit_code: str, year: int, verified_only: bool
) -> tuple[int, int, float | None]:
    """Numerator, denominator and rate of one indicator from one unit's rows."""
    population = RESIDENTS if indicator.population == Population.RESIDENTS else HOUSEHOLDS
    numerator = denominator = 0
    for (code, skill, bucket), (count, verified) in rows.items():
        if code != unit_code or not _eligible(bucket, year, indicator.min_age):
            continue
        if skill == population:
            denominator += count
        elif skill == indicator.skill:
            numerator += verified if verified_only else count
    rate = round(100 * numerator / denominator, 1) if denominator else None
    return numerator, denominator, rate


def indicator_figures(
    unit: Unit, *, as_of: date, today: date, verified_only: bool = False
) -> dict[str, Any]:
    """`residents`, `households` and, per active indicator, numerator, denominator, rate, target."""
    rows = _rows(unit, as_of, today)
    targets = dict(
        Target.objects.filter(unit=unit, year=as_of.year).values_list("indicator__key", "rate")
    )
    figures: dict[str, Any] = {
        "residents": sum(c for (_, skill, _), (c, _) in rows.items() if skill == RESIDENTS),
        "households": sum(c for (_, skill, _), (c, _) in rows.items() if skill == HOUSEHOLDS),
        "indicators": {},
    }
    for indicator in Indicator.objects.filter(is_active=True):
        numerator, denominator, rate = _rate(indicator, rows, unit.code, as_of.year, verified_only)
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
    rows = _rows(unit, as_of, today, children=True)
    targets = dict(
        Target.objects.filter(unit__in=children, indicator=indicator, year=as_of.year).values_list(
            "unit__code", "rate"
        )
    )
    ranked = []
    for child in children:
        numerator, denominator, rate = _rate(indicator, rows, child.code, as_of.year, False)
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
        _counter_rows(Counter, unit, children=False)
        .filter(skill__in=[population, indicator.skill])
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
