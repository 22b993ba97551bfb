"""The funding page's figures: allowances owed and paid, and contributions, per child unit.

Community contributions are shown next to allowances (the issue asks for
both side by side), so officials see all the money a unit's teams get.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from cnscd.accounts.models import User
from cnscd.funding.allowances import (
    AllowanceReport,
    allowance_report,
    child_path,
    units_by_path,
)
from cnscd.funding.models import ContributionKind
from cnscd.funding.periods import Period
from cnscd.funding.selectors import contributions_visible_to
from cnscd.geo.models import Unit


@dataclass
class Gifts:
    """Contributions received: cash in đồng, and goods counted with their stated value."""

    cash: int = 0
    goods: int = 0
    goods_value: int = 0

    def add(self, kind: str, amount: int | None, count: int) -> None:
        if kind == ContributionKind.CASH:
            self.cash += amount or 0
        else:
            self.goods += count
            self.goods_value += amount or 0


@dataclass(frozen=True)
class ChildRow:
    unit: Unit
    teams: int
    owed: int
    paid: int
    gifts: Gifts


@dataclass(frozen=True)
class Overview:
    report: AllowanceReport
    gifts: Gifts
    children: list[ChildRow]


def funding_overview(user: User, unit: Unit, period: Period) -> Overview:
    """Allowances for `period` and all contributions of the subtree (they are not per period).

    `unit` comes from a scoped selector; contributions are read through the
    user's scope as well. Two queries beyond the allowance report's.
    """
    report = allowance_report(unit, period)
    total, per_child = Gifts(), defaultdict(Gifts)
    rows = (
        contributions_visible_to(user)
        .filter(path__under=unit.path)
        .values("path", "kind")
        .annotate(amount=Sum("amount"), count=Count("id"))
        .order_by()
    )
    for row in rows:
        total.add(row["kind"], row["amount"], row["count"])
        if row["path"] != unit.path:
            per_child[child_path(unit, row["path"])].add(row["kind"], row["amount"], row["count"])
    allowances = {child.unit.path: child for child in report.children}
    units = {child.unit.path: child.unit for child in report.children}
    missing = set(per_child) - set(units)
    if missing:
        units.update(units_by_path(list(missing)))
    children = [
        ChildRow(
            unit=child,
            teams=allowances[path].teams if path in allowances else 0,
            owed=allowances[path].amount if path in allowances else 0,
            paid=allowances[path].paid if path in allowances else 0,
            gifts=per_child.get(path, Gifts()),
        )
        for path, child in sorted(units.items(), key=lambda item: (item[1].sort_key, item[1].code))
    ]
    return Overview(report=report, gifts=total, children=children)
