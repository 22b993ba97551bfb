"""Formatted workbooks, the way offices file their lists: every app's xlsx downloads.

A sheet starts with a title row naming the unit and the date (bold, larger),
then a bold, filled header row that stays in view while scrolling. Numbers
and dates are real cells with formats Vietnamese offices expect: Excel shows
`#,##0` with the reader's thousands separator (1.234.567 in Vietnamese), and
every date as `DD/MM/YYYY`, never month first.

Sheets are written row by row (openpyxl's write-only mode), so memory stays
flat however long the list; in exchange a row cannot be changed once added,
and column widths and formats are set before the first row.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INTEGER = "#,##0"
PERCENT = "0.0"  # rates are stored as percentages already: 40.0 means 40 %
DATE = "DD/MM/YYYY"
MONEY = '#,##0 "đ"'
TEXT = "@"  # keeps the leading zero of 0912… and stops 05/03 from turning into a date

HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


@dataclass(frozen=True)
class SheetColumn:
    """One column: its header, width in characters and the format of its cells.

    `number_format` applies to the column's cells that are not dates (dates
    always get DATE) and to cells typed into the column later. A `required`
    column has its header in red. `font` styles the column's data cells.
    """

    header: str
    width: int
    number_format: str | None = None
    required: bool = False
    font: Font | None = None


def new_workbook() -> Workbook:
    """An empty streaming workbook; add sheets with `add_sheet`."""
    return Workbook(write_only=True)


def _cell(sheet: WriteOnlyWorksheet, value: Any, column: SheetColumn) -> Any:
    """The value as a styled cell when it needs a format or a font, else as it is (faster)."""
    number_format = DATE if isinstance(value, date) else column.number_format
    if number_format is None and column.font is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    if number_format:
        cell.number_format = number_format
    if column.font:
        cell.font = column.font
    return cell


def add_sheet(
    workbook: Workbook,
    *,
    title: str,
    heading: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
) -> WriteOnlyWorksheet:
    """Add a sheet: the heading in row 1, `notes` one a row, the header, then `rows`.

    `rows` may be a generator (a queryset's iterator): it is consumed once,
    as the rows are written. Returns the sheet, to which the caller may still
    add data validations.
    """
    sheet = workbook.create_sheet(title)
    header_row = 2 + len(notes)
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.number_format:
            dimension.number_format = column.number_format
    title_cell = WriteOnlyCell(sheet, heading)
    title_cell.font = TITLE_FONT
    sheet.append([title_cell])
    for note in notes:
        sheet.append([note])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, v, c) for v, c in zip(row, columns, strict=True)])
    return sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    """The finished xlsx file. A write-only workbook can be saved only once."""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    """A download of `content` named `filename` (ASCII: browsers and Excel agree on it)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
