"""The dashboard as a formatted workbook, the way a province office files its reports.

Layout and formats are `cnscd.workbooks`': a title row naming the unit and
the date, a bold frozen header, numbers as real numbers.
"""

from datetime import date

from django.utils.translation import gettext as _

from cnscd.geo.models import Unit
from cnscd.workbooks import INTEGER, PERCENT, SheetColumn, add_sheet, new_workbook, workbook_bytes


def dashboard_workbook(
    unit: Unit,
    *,
    as_of: date,
    indicators: list[tuple[str, dict]],
    ranking_title: str,
    ranking: list[dict],
) -> bytes:
    """Two sheets: every indicator of the unit, and its children ranked by one indicator."""
    workbook = new_workbook()
    heading = _("%(unit)s — figures on %(date)s") % {
        "unit": unit.name,
        "date": as_of.strftime("%d/%m/%Y"),
    }
    rate = SheetColumn(_("Rate (%)"), 12, PERCENT)
    achieved = SheetColumn(_("Achieved"), 14, INTEGER)
    population = SheetColumn(_("Population"), 14, INTEGER)
    add_sheet(
        workbook,
        title=_("Indicators"),
        heading=heading,
        columns=[
            SheetColumn(_("Indicator"), 48),
            rate,
            SheetColumn(_("Target (%)"), 12, PERCENT),
            achieved,
            population,
        ],
        rows=(
            [name, f["rate"], f["target"], f["numerator"], f["denominator"]]
            for name, f in indicators
        ),
    )
    if ranking:
        add_sheet(
            workbook,
            title=_("Ranking"),
            heading=f"{heading} — {ranking_title}",
            columns=[
                SheetColumn(_("Rank"), 8, INTEGER),
                SheetColumn(_("Unit"), 36),
                SheetColumn(_("Code"), 12),
                rate,
                achieved,
                population,
            ],
            rows=(
                [
                    r["rank"],
                    r["unit"]["name"],
                    r["unit"]["code"],
                    r["rate"],
                    r["numerator"],
                    r["denominator"],
                ]
                for r in ranking
            ),
        )
    return workbook_bytes(workbook)
