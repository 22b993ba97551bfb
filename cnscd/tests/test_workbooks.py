"""The shared workbook writer: title, frozen header, formats by column, dates always dd/mm/yyyy."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from cnscd.workbooks import (
    INTEGER,
    MONEY,
    PERCENT,
    SheetColumn,
    add_sheet,
    new_workbook,
    workbook_bytes,
    xlsx_response,
)

COLUMNS = [
    SheetColumn("Xã", 30),
    SheetColumn("Thành viên", 12, INTEGER),
    SheetColumn("Tỷ lệ (%)", 10, PERCENT),
    SheetColumn("Kinh phí", 16, MONEY, required=True),
    SheetColumn("Ngày", 12),
]


def built(**extra):
    workbook = new_workbook()
    add_sheet(
        workbook,
        title="Báo cáo",
        heading="Phường Hạc Thành — 31/12/2025",
        columns=COLUMNS,
        rows=iter([["Hạc Thành", 1234, 40.5, 3_000_000, date(2025, 3, 5)]]),
        **extra,
    )
    return load_workbook(io.BytesIO(workbook_bytes(workbook))).worksheets[0]


def test_a_sheet_has_a_title_row_a_frozen_bold_header_and_widths():
    sheet = built()
    assert sheet.title == "Báo cáo"
    assert sheet["A1"].value == "Phường Hạc Thành — 31/12/2025" and sheet["A1"].font.size == 13
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDE7F3") for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet["D2"].font.color.rgb.endswith("C00000")  # a required column


def test_numbers_and_dates_get_their_formats():
    sheet = built()
    assert [c.number_format for c in sheet[3]] == [
        "General",
        "#,##0",
        "0.0",
        '#,##0 "đ"',
        "DD/MM/YYYY",
    ]
    assert sheet["E3"].value == datetime(2025, 3, 5)
    assert sheet.column_dimensions["D"].number_format == '#,##0 "đ"'  # for rows typed later


def test_notes_sit_between_the_title_and_the_header():
    sheet = built(notes=["Ghi chú 1", "Ghi chú 2"])
    assert (sheet["A2"].value, sheet["A3"].value, sheet["A4"].value) == (
        "Ghi chú 1",
        "Ghi chú 2",
        "Xã",
    )
    assert sheet.freeze_panes == "A5"


def test_the_response_is_an_xlsx_attachment():
    response = xlsx_response(b"PK", filename="bao-cao.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.xlsx"'
    assert response.content == b"PK"
