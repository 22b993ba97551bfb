"""The dashboard as a formatted workbook, the way a province office files its reports.

A title row names the unit and the date; the header is bold and frozen;
numbers are real numbers with Vietnamese-friendly formats, not text.
"""

import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cnscd.geo.models import Unit

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
INTEGER = "#,##0"
PERCENT = "0.0"


def _sheet(
    workbook: Workbook,
    title: str,
    heading: str,
    header: list[str],
    rows: list[list[Any]],
    formats: list[str | None],
    widths: list[int],
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(row)
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=True):
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A3"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def dashboard_workbook(
    unit: Unit,
    *,
    as_of: date,
    indicators: list[tuple[str, dict]],
    ranking_title: str,
    ranking: list[dict],
) -> bytes:
    """Two sheets: every indicator of the unit, and its children ranked by one indicator."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    heading = _("%(unit)s — figures on %(date)s") % {
        "unit": unit.name,
        "date": as_of.strftime("%d/%m/%Y"),
    }
    _sheet(
        workbook,
        _("Indicators"),
        heading,
        [_("Indicator"), _("Rate (%)"), _("Target (%)"), _("Achieved"), _("Population")],
        [
            [name, f["rate"], f["target"], f["numerator"], f["denominator"]]
            for name, f in indicators
        ],
        [None, PERCENT, PERCENT, INTEGER, INTEGER],
        [48, 12, 12, 14, 14],
    )
    if ranking:
        _sheet(
            workbook,
            _("Ranking"),
            f"{heading} — {ranking_title}",
            [_("Rank"), _("Unit"), _("Code"), _("Rate (%)"), _("Achieved"), _("Population")],
            [
                [
                    r["rank"],
                    r["unit"]["name"],
                    r["unit"]["code"],
                    r["rate"],
                    r["numerator"],
                    r["denominator"],
                ]
                for r in ranking
            ],
            [INTEGER, None, None, PERCENT, INTEGER, INTEGER],
            [8, 36, 12, 12, 14, 14],
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
