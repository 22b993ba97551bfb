"""The blank import templates: headers from the column specification, drop-downs, instructions."""

import io

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cnscd.imports.columns import (
    BACKGROUND_NAMES,
    MEMBER_COLUMNS,
    RESIDENT_COLUMNS,
    ROLE_NAMES,
    header_key,
)
from cnscd.imports.template_workbooks import MEMBERS, RESIDENTS, template_workbook

TEMPLATES = [
    ("/imports/templates/residents.xlsx", RESIDENT_COLUMNS, "mau-nhap-nhan-khau"),
    ("/imports/templates/members.xlsx", MEMBER_COLUMNS, "mau-nhap-thanh-vien"),
]


def opened(content: bytes):
    return load_workbook(io.BytesIO(content))


def header(sheet) -> list:
    return [cell.value for cell in sheet[2]]


def label_of(text: str) -> str:
    """The column label a header names, without the (*) mark."""
    columns = (*RESIDENT_COLUMNS, *MEMBER_COLUMNS)
    return next(c.label for c in columns if header_key(c.label) == header_key(text))


def drop_downs(workbook, sheet) -> dict[str, tuple[str, list[str]]]:
    """Each validated column's header → (the cells it covers, the entries it offers)."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        source, cells = validation.formula1.rsplit("!", 1)
        entries = workbook[source.strip("'")][cells.replace("$", "")]
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[label_of(sheet[f"{column}2"].value)] = (
            str(validation.sqref),
            [row[0].value for row in entries],
        )
    return found


@pytest.mark.parametrize("template", [RESIDENTS, MEMBERS])
def test_the_header_is_the_column_labels_with_required_ones_marked(template):
    columns = template.columns
    sheet = opened(template_workbook(template)).worksheets[0]
    cells = list(sheet[2])
    assert [header_key(c.value) for c in cells] == [header_key(c.label) for c in columns]
    for cell, column in zip(cells, columns, strict=True):
        assert cell.font.bold
        assert cell.value.endswith("(*)") == column.required
        if column.required:
            assert cell.font.color.rgb.endswith("C00000")
    assert "Họ và tên (*)" in header(sheet)


def test_the_data_sheet_holds_only_the_title_and_the_frozen_header():
    sheet = opened(template_workbook(RESIDENTS)).worksheets[0]
    assert sheet.max_row == 2
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].value == _("List of residents")
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 13


def test_every_column_is_text_so_leading_zeros_and_dates_stay_as_typed():
    sheet = opened(template_workbook(RESIDENTS)).worksheets[0]
    letters = {label_of(cell.value): cell.column_letter for cell in sheet[2]}
    for label in ("Số định danh cá nhân", "Số điện thoại", "Ngày sinh", "Số hộ"):
        assert sheet.column_dimensions[letters[label]].number_format == "@"


def test_choice_columns_get_a_drop_down_over_thousands_of_rows():
    workbook = opened(template_workbook(RESIDENTS))
    found = drop_downs(workbook, workbook.worksheets[0])
    letter = {c.label: get_column_letter(i) for i, c in enumerate(RESIDENT_COLUMNS, 1)}
    assert found["Giới tính"] == (
        f"{letter['Giới tính']}3:{letter['Giới tính']}5000",
        ["Nam", "Nữ"],
    )
    assert found["VNeID mức 2"] == (f"{letter['VNeID mức 2']}3:{letter['VNeID mức 2']}5000", ["x"])
    assert found["Chủ hộ"][1] == ["x"]
    choice_columns = {c.label for c in RESIDENT_COLUMNS if c.choices}
    assert set(found) == choice_columns


def test_member_drop_downs_keep_names_that_contain_a_comma():
    workbook = opened(template_workbook(MEMBERS))
    found = drop_downs(workbook, workbook.worksheets[0])
    assert found["Vai trò"][1] == list(ROLE_NAMES)
    assert found["Thành phần"][1] == list(BACKGROUND_NAMES)
    assert "Học sinh, sinh viên" in found["Thành phần"][1]
    assert workbook[workbook.sheetnames[-1]].sheet_state == "hidden"


def test_the_instructions_sheet_lists_every_column_with_its_example_and_help():
    workbook = opened(template_workbook(RESIDENTS))
    sheet = workbook.worksheets[1]
    assert sheet.title == _("Instructions")
    rows = list(sheet.iter_rows(values_only=True))
    header_row = next(i for i, row in enumerate(rows) if row[0] == _("Column"))
    assert sheet.freeze_panes == f"A{header_row + 2}"
    listed = {row[0]: row for row in rows[header_row + 1 :]}
    for column in RESIDENT_COLUMNS:
        name = f"{column.label} (*)" if column.required else column.label
        _label, required, example, _choices, help_text = listed[name]
        assert bool(required) == column.required
        assert (example or "") == column.example
        assert (help_text or "") == str(column.help)
    example_cell = sheet.cell(row=header_row + 2, column=3)
    assert example_cell.value == RESIDENT_COLUMNS[0].example
    assert example_cell.font.italic


def test_a_village_is_named_in_the_title(village):
    sheet = opened(template_workbook(RESIDENTS, village=village)).worksheets[0]
    assert village.name in sheet["A1"].value and village.code in sheet["A1"].value


@pytest.mark.parametrize("url, columns, filename", TEMPLATES)
def test_templates_download_as_xlsx_with_a_vietnamese_file_name(
    url, columns, filename, viewer, login_client
):
    response = login_client(viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{filename}.xlsx"' in response["Content-Disposition"]
    sheet = opened(response.content).worksheets[0]
    assert [header_key(v) for v in header(sheet)] == [header_key(c.label) for c in columns]


@pytest.mark.parametrize("url, columns, filename", TEMPLATES)
def test_a_template_for_a_village_names_it(url, columns, filename, village, member, login_client):
    response = login_client(member).get(url, {"village": village.code})
    assert f'filename="{filename}-{village.code}.xlsx"' in response["Content-Disposition"]
    assert village.name in opened(response.content).worksheets[0]["A1"].value


@pytest.mark.parametrize("url", [t[0] for t in TEMPLATES])
def test_templates_require_a_login(url, client):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("url", [t[0] for t in TEMPLATES])
def test_outsider_gets_404_for_a_thanh_hoa_village_template(url, village, outsider, login_client):
    assert login_client(outsider).get(url, {"village": village.code}).status_code == 404


def test_a_template_for_a_commune_is_404(commune_officer, login_client):
    url = "/imports/templates/residents.xlsx"
    assert login_client(commune_officer).get(url, {"village": "14797"}).status_code == 404
