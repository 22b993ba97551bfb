"""Open whatever an office calls "the Excel file": xlsx, xls or csv, in any of their encodings.

The result is plain rows of cell values (str, int, float, date, datetime;
"" for an empty cell). Formulas arrive as the values Excel cached when it
last saved the file, never evaluated; macros are never run (calamine only
reads values). Every way a file can fail to be a readable table raises a
ServiceError with a stable code, before anything is written.
"""

import codecs
import csv
import io
from dataclasses import dataclass

import msoffcrypto
from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from cnscd.errors import ServiceError
from cnscd.vntext.legacy import decode_cp1258

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files that are surely not tables, so that a PDF or a photo gets a plain answer.
OTHER_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf")


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]


def _error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message, field="file")


def not_a_spreadsheet() -> ServiceError:
    return _error(
        "not_a_spreadsheet",
        _("This file is not a spreadsheet. Upload an Excel file (.xlsx, .xls) or a .csv file."),
    )


def _corrupt() -> ServiceError:
    return _error(
        "corrupt_file",
        _("The file is damaged and cannot be opened. Open it in Excel, save it again and retry."),
    )


def _check_size(data: bytes) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise _error(
            "file_too_large",
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": f"{len(data) / 1e6:.1f}", "limit": f"{limit / 1e6:.0f}"},
        )
    if not data:
        raise _error("empty_file", _("The file is empty."))


def _is_encrypted(data: bytes) -> bool:
    try:
        return msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except Exception:  # not an Office container msoffcrypto knows: let calamine judge
        return False


def _workbook_sheets(data: bytes) -> list[Sheet]:
    if data.startswith(OLE2_MAGIC) and _is_encrypted(data):
        raise _error(
            "password_protected",
            _("The file is protected by a password. Remove the password in Excel and retry."),
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            sheets.append(Sheet(name, sheet.to_python(skip_empty_area=False)))
    except (CalamineError, ValueError, TypeError) as e:
        if data.startswith(ZIP_MAGIC) and b"xl/" not in data[:4096] and b"[Content_Types]" in data:
            raise not_a_spreadsheet() from e
        raise _corrupt() from e
    return sheets


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or the NUL pattern of ASCII text), else
    Windows-1258, the code page Vietnamese Windows saves "CSV" in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        odd_nuls = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return data.decode("utf-16-le" if odd_nuls else "utf-16-be", errors="replace")
    if b"\x00" in head:
        raise not_a_spreadsheet()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return decode_cp1258(data)
    except UnicodeDecodeError:
        raise _error(
            "unreadable_text",
            _("The text of this CSV file is in an unknown encoding. Save it as CSV UTF-8."),
        ) from None


def _csv_rows(text: str) -> list[list[object]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def read_sheets(data: bytes) -> list[Sheet]:
    """The sheets of an uploaded file, judged by its bytes (never by its name)."""
    _check_size(data)
    if data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        sheets = _workbook_sheets(data)
    elif data.startswith(OTHER_MAGICS):
        raise not_a_spreadsheet()
    else:
        sheets = [Sheet("csv", _csv_rows(_decode_text(data)))]
    if not any(_has_data(sheet.rows) for sheet in sheets):
        raise _error("empty_sheet", _("The file has no data: every sheet is empty."))
    return sheets


def _has_data(rows: list[list[object]]) -> bool:
    return any(cell not in ("", None) for row in rows for cell in row)
