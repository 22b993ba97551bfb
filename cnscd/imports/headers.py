"""Find the header row of a list, below however many title rows sit above it.

Official lists start with the unit's name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
NAM", a title and a date; headers are often two rows high, with merged cells
(a merged cell's value sits in its top-left cell only) and a row numbering
the columns "(1) (2) (3)" under them. The header is the row, among the first
few dozen, whose cells (or, for an empty cell, the cell above it) name the
most known columns.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cnscd.errors import ServiceError
from cnscd.imports.columns import Column, header_key
from cnscd.imports.reading import Sheet
from cnscd.vntext.legacy import decode_tcvn3, decode_vni, repair_column

SCAN_ROWS = 30
_COLUMN_NUMBER = re.compile(r"\(?\s*\d{1,2}\s*\)?")


@dataclass
class Header:
    sheet: Sheet
    row: int  # index of the (last) header row; data starts below it
    columns: dict[str, int]  # column key -> cell index
    labels: list[str]  # the header text of every cell index, as the file shows it

    def data_start(self) -> int:
        """Index of the first data row: after the header and a column-numbering row."""
        start = self.row + 1
        if start < len(self.sheet.rows) and _is_numbering(self.sheet.rows[start]):
            start += 1
        return start


def _is_numbering(row: list[object]) -> bool:
    cells = [str(c).strip() for c in row if str(c).strip()]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.fullmatch(c) for c in cells)


def _texts(row: list[object], above: list[object] | None) -> list[str]:
    """A row's header texts: an empty cell takes the text of the cell above (a vertical merge)."""
    texts = [str(cell).strip() if cell is not None else "" for cell in row]
    if above is not None:
        for index, text in enumerate(texts):
            if not text and index < len(above) and above[index] not in ("", None):
                texts[index] = str(above[index]).strip()
    return texts


def _keys(text: str) -> set[str]:
    """A header's key as written and as read in the legacy fonts: `Sè hé` is valid Unicode
    and also `Số hộ` typed in TCVN3, and a header cell is too short to tell."""
    if text.isascii():
        return {header_key(text)}
    return {header_key(text), header_key(decode_tcvn3(text)), header_key(decode_vni(text))}


def _match(texts: list[str], columns: tuple[Column, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, text in enumerate(texts):
        keys = _keys(text) - {""}
        for column in columns:
            if column.key not in found and keys & column.keys:
                found[column.key] = index
                break
    return found


def find_header(
    sheets: list[Sheet], columns: tuple[Column, ...], *, optional: frozenset[str] = frozenset()
) -> Header:
    """The best header among the sheets' first rows; ServiceError if none names the
    required columns (a column is required when marked so and not in `optional`)."""
    best: Header | None = None
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:SCAN_ROWS]):
            above = sheet.rows[index - 1] if index else None
            texts = _texts(row, above)
            found = _match(texts, columns)
            if best is None or len(found) > len(best.columns):
                best = Header(sheet, index, found, repair_column(texts))
    required = [c for c in columns if c.required and c.key not in optional]
    if best is None or len(best.columns) < 2:
        raise ServiceError(
            "no_header",
            _(
                "No header row was found in the first %(n)d rows. The list needs a row naming "
                "its columns, at least: %(names)s."
            )
            % {"n": SCAN_ROWS, "names": ", ".join(c.label for c in required)},
            field="file",
        )
    missing = [c.label for c in required if c.key not in best.columns]
    if missing:
        raise ServiceError(
            "missing_column",
            _("The header row (row %(row)d) has no column %(names)s.")
            % {"row": best.row + 1, "names": ", ".join(missing)},
            field="file",
        )
    return best
