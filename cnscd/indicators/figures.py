"""Indicator figures for any unit and reference date, read from the counters only.

A unit's own rows are at most a few hundred (skills × birth cohorts): the
village, commune and province levels are stored; the country sums the 34
provinces. Past dates read the monthly deltas up to the reference month;
the current month reads the running totals.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Sum

from cnscd.geo.models import Kind, Unit
from cnscd.indicators.counters import BUCKET_START, HOUSEHOLDS, RESIDENTS, month_index
from cnscd.indicators.models import Counter, CounterTotal, Indicator, Level, Population, Target

LEVEL_OF = {Kind.VILLAGE: Level.VILLAGE, Kind.COMMUNE: Level.COMMUNE, Kind.PROVINCE: Level.PROVINCE}


def _rows(unit: Unit, as_of: date, today: date):
    """(skill, bucket) → (count, verified) for the unit at the end of as_of's month."""
    current = month_index(as_of) >= month_index(today)
    model = CounterTotal if current else Counter
    if unit.kind == Kind.COUNTRY:
        rows = model.objects.filter(level=Level.PROVINCE)
    else:
        rows = model.objects.filter(level=LEVEL_OF[unit.kind], unit_code=unit.code)
    if not current:
        rows = rows.filter(month__lte=month_index(as_of))
    sums = rows.values("skill", "bucket").annotate(c=Sum("count"), v=Sum("verified")).order_by()
    return {(r["skill"], r["bucket"]): (r["c"], r["v"]) for r in sums}


def _eligible(bucket: int, reference_year: int, min_age: int) -> bool:
    """Age is reference year minus birth year; bucket 0 holds everyone born before BUCKET_START."""
    birth_year = bucket or BUCKET_START - 1
    return reference_year - birth_year >= min_age


def indicator_figures(
    unit: Unit, *, as_of: date, today: date, verified_only: bool = False
) -> dict[str, Any]:
    """`residents`, `households` and, per active indicator, numerator, denominator, rate, target."""
    rows = _rows(unit, as_of, today)
    by_skill: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for (skill, bucket), (count, verified) in rows.items():
        by_skill[skill].append((bucket, count, verified))
    targets = dict(
        Target.objects.filter(unit=unit, year=as_of.year).values_list("indicator__key", "rate")
    )
    figures: dict[str, Any] = {
        "residents": sum(count for _, count, _ in by_skill[RESIDENTS]),
        "households": sum(count for _, count, _ in by_skill[HOUSEHOLDS]),
        "indicators": {},
    }
    for indicator in Indicator.objects.filter(is_active=True):
        population = RESIDENTS if indicator.population == Population.RESIDENTS else HOUSEHOLDS
        eligible = {
            b for b, _, _ in by_skill[population] if _eligible(b, as_of.year, indicator.min_age)
        }
        denominator = sum(c for b, c, _ in by_skill[population] if b in eligible)
        numerator = sum(
            (v if verified_only else c) for b, c, v in by_skill[indicator.skill] if b in eligible
        )
        target = targets.get(indicator.key)
        rate = round(100 * numerator / denominator, 1) if denominator else None
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
