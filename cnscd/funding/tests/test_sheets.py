"""The payout sheet: read back from the xlsx, text extracted from the PDF."""

from datetime import date
from io import BytesIO

from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from cnscd.funding.allowances import allowance_report
from cnscd.funding.periods import parse_period
from cnscd.funding.sheets import payout_pdf, payout_sheet, payout_xlsx
from cnscd.geo.services import village_create

from .conftest import make_team


def sheet_for(unit, period="2025-Q3"):
    return payout_sheet(allowance_report(unit, parse_period(period)))


def rows_of(content: bytes) -> list[tuple]:
    worksheet = load_workbook(BytesIO(content)).active
    return [tuple(row) for row in worksheet.iter_rows(values_only=True)]


def test_xlsx_lists_each_team_and_its_total_adds_up(province_policy, team, sibling_team, hac_thanh):
    with translation.override("en"):
        rows = rows_of(payout_xlsx(sheet_for(hac_thanh)))
    header = rows.index(
        ("No.", "Village / residential group", "Team leader", "Members", "Months",
         "Amount (đồng)", "Signature on receipt")
    )  # fmt: skip
    lines = rows[header + 1 : header + 3]
    assert lines == [
        (1, "Tổ dân phố Bắc Sơn", "Phạm Thị Cúc", 1, "3", 1_500_000, None),
        (2, "Tổ dân phố Đông Sơn", "Lê Văn An", 2, "3", 1_500_000, None),
    ]
    total = rows[header + 3]
    assert total[1] == "Total"
    assert total[5] == sum(line[5] for line in lines) == 3_000_000
    assert rows[header + 4][1] == "Amount in words: Ba triệu đồng."
    signatures = next(r for r in rows if r[1] == "Prepared by")
    assert signatures[1:4] == ("Prepared by", "Chief accountant", "Head of the body")
    assert any(r[0] and "Nghị quyết 12/2024/NQ-HĐND" in str(r[0]) for r in rows[:header])


def test_xlsx_amounts_are_numbers_with_a_money_format(province_policy, team, hac_thanh):
    worksheet = load_workbook(BytesIO(payout_xlsx(sheet_for(hac_thanh)))).active
    cell = next(c for row in worksheet.iter_rows() for c in row if c.value == 1_500_000)
    assert isinstance(cell.value, int)
    assert cell.number_format == '#,##0 "đ"'


def test_part_months_are_shown_with_a_decimal_comma(thanh_hoa, hac_thanh):
    from .conftest import monthly_policy

    monthly_policy(thanh_hoa)
    village = village_create(commune=hac_thanh, name="Thôn Mới", division="thon", by=None)
    make_team(village, date(2025, 8, 17), ("Bùi Văn Khoa", date(2025, 8, 17), None, "leader"))
    rows = rows_of(payout_xlsx(sheet_for(hac_thanh)))
    line = next(r for r in rows if r[1] == "Thôn Mới")
    # 15/31 of August and all of September: 1.48 months; 500,000 × 15/31 + 500,000 = 741,935.48
    assert (line[4], line[5]) == ("1,48", 741_935)


def test_province_sheet_names_the_commune_of_each_village(province_policy, team, thanh_hoa):
    rows = rows_of(payout_xlsx(sheet_for(thanh_hoa)))
    assert any(r[1] == "Tổ dân phố Đông Sơn (Phường Hạc Thành)" for r in rows)


def test_pdf_renders_the_list_the_total_in_words_and_the_signatures(
    province_policy, team, sibling_team, hac_thanh
):
    with translation.override("en"):
        content = payout_pdf(sheet_for(hac_thanh))
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in [
        "Tổ dân phố Đông Sơn",
        "Lê Văn An",
        "1.500.000",
        "3.000.000 đ",
        "Ba triệu đồng",
        "Prepared by",
        "Chief accountant",
        "Head of the body",
        "Nghị quyết 12/2024/NQ-HĐND",
        "Quarter 3/2025",
    ]:
        assert expected in text, expected
    assert (
        reader.metadata.title == "Payout list of allowances for community digital technology teams"
    )


def test_an_empty_sheet_still_renders_with_a_zero_total(hac_thanh):
    sheet = sheet_for(hac_thanh)
    assert sheet.rows == [] and sheet.total == 0
    text = PdfReader(BytesIO(payout_pdf(sheet))).pages[0].extract_text()
    assert "Không đồng" in text
