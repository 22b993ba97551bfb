"""Workbooks built the way offices build them, for the import tests."""

import datetime
import io
import re
import zipfile

import xlwt
from openpyxl import Workbook

RESIDENT_HEADER = [
    "Mã thôn", "Số hộ", "Chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
    "Số điện thoại", "Địa chỉ", "Mã địa chỉ số", "VNeID mức 2", "Chữ ký số", "Thanh toán điện tử",
    "Dịch vụ công trực tuyến", "Mua sắm trực tuyến", "An toàn trên mạng", "Sổ sức khỏe điện tử",
    "VssID",
]  # fmt: skip


def xlsx(rows: list[list], *, title_rows: list[list] | None = None, merge: list[str] = ()) -> bytes:
    """An xlsx with optional title rows above the given rows (header first)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [*(title_rows or []), *rows]:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls(rows: list[list], *, title_rows: list[list] | None = None, merge_title: int = 0) -> bytes:
    """An Excel 97-2003 workbook (.xls), as older office PCs still save them: dates are
    numbers with a date format, and the first title row may span `merge_title` columns."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Danh sách")
    as_date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for r, row in enumerate([*(title_rows or []), *rows]):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, as_date)
            else:
                sheet.write(r, c, value)
    if title_rows and merge_title:
        sheet.merge(0, 0, 0, merge_title - 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the value Excel would have cached (openpyxl writes none).

    `values` maps a cell reference (``"E3"``) to its cached value.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                for ref, value in values.items():
                    xml = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v>[^<]*</v>|<v */>)?',
                        rf"\1\2<v>{value}</v>",
                        xml,
                    )
                content = xml.encode()
            target.writestr(item, content)
    return out.getvalue()
