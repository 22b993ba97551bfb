"""Reading files as offices save them: formats, encodings, title rows, merged headers, bad files."""

import codecs
import datetime
import io
import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile

from cnscd.errors import ServiceError
from cnscd.imports.columns import RESIDENT_COLUMNS, header_key
from cnscd.imports.headers import find_header
from cnscd.imports.reading import read_sheets
from cnscd.imports.tests.sheets import with_cached_values, xls, xlsx
from cnscd.vntext.legacy import encode_tcvn3, encode_vni, repair_column
from cnscd.vntext.names import title_case_name
from cnscd.vntext.syllables import is_vietnamese_syllable

HEADER = ["STT", "Số hộ", "Họ và tên", "Ngày sinh"]
ROWS = [[1, 12, "Nguyễn Văn An", "05/03/1985"], [2, 12, "Trần Thị Bình", "1990"]]


def _header(data: bytes):
    return find_header(read_sheets(data), RESIDENT_COLUMNS, optional=frozenset({"village"}))


def test_header_below_title_rows_and_numbering_row():
    data = xlsx(
        [HEADER, ["(1)", "(2)", "(3)", "(4)"], *ROWS],
        title_rows=[["UBND PHƯỜNG HẠC THÀNH"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], []],
        merge=["A1:D1", "A2:D2"],
    )
    header = _header(data)
    assert header.row == 3  # the fourth Excel row
    assert header.columns == {"household": 1, "full_name": 2, "birth": 3}
    assert header.data_start() == 5  # the "(1) (2) (3)" row is skipped
    assert header.sheet.rows[header.data_start()][2] == "Nguyễn Văn An"


def test_an_xls_workbook_reads_like_an_xlsx():
    """Excel 97-2003 files: Unicode text, numbers, and dates stored as day numbers with a
    date format come back as dates."""
    data = xls(
        [
            HEADER,
            [1, 12, "Nguyễn Văn An", datetime.date(1985, 3, 5)],
            [2, 12, "Trần Thị Bình", 1990],
        ],
        title_rows=[["UBND PHƯỜNG HẠC THÀNH"], []],
        merge_title=4,
    )
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 container, not a zip
    header = _header(data)
    assert header.row == 2
    assert header.columns == {"household": 1, "full_name": 2, "birth": 3}
    rows = header.sheet.rows[header.data_start() :]
    assert [row[2] for row in rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert rows[0][3] in (datetime.date(1985, 3, 5), datetime.datetime(1985, 3, 5))
    assert rows[1][1] == 12 and rows[1][3] == 1990


def test_two_row_header_with_vertically_merged_cells():
    """`Số hộ` and `Họ và tên` span rows 1-2; the skill columns have a group title above."""
    data = xlsx(
        [
            ["Số hộ", "Họ và tên", "Năm sinh", "Kỹ năng số", ""],
            ["", "", "", "VNeID mức 2", "Chữ ký số"],
            [3, "Lê Văn Cường", 1970, "x", ""],
        ],
        merge=["A1:A2", "B1:B2", "C1:C2", "D1:E1"],
    )
    header = _header(data)
    assert header.row == 1
    assert header.columns == {
        "household": 0,
        "full_name": 1,
        "birth": 2,
        "vneid_l2": 3,
        "digital_signature": 4,
    }


@pytest.mark.parametrize(
    "written",
    ["HỌ VÀ TÊN", "Họ tên", "Họ và tên (*)", "ho va ten", "  Họ  và   tên  "],
)
def test_header_aliases_ignore_case_diacritics_and_notes(written):
    header = _header(xlsx([["Mã hộ", written, "Năm sinh"], [1, "An", 1990]]))
    assert header.columns["full_name"] == 1 and header.columns["household"] == 0


def test_headers_typed_in_tcvn3_are_found():
    header = _header(xlsx([[encode_tcvn3("Số hộ"), encode_tcvn3("Họ và tên"), "Năm sinh"]]))
    assert set(header.columns) == {"household", "full_name", "birth"}


def test_no_header_and_missing_required_column():
    with pytest.raises(ServiceError) as e:
        _header(xlsx([["Danh sách"], ["a", "b", "c"], [1, 2, 3]]))
    assert e.value.code == "no_header"
    assert "Họ và tên" in e.value.message
    with pytest.raises(ServiceError) as e:
        _header(xlsx([["Họ và tên", "Ngày sinh", "Giới tính"], ["An", 1990, "Nam"]]))
    assert e.value.code == "missing_column" and "Số hộ" in e.value.message


def test_formulas_are_read_as_their_cached_values_never_evaluated():
    data = xlsx([HEADER, [1, "=10+2", '=PROPER("nguyễn văn an")', "=DATE(1985,3,5)"]])
    data = with_cached_values(data, {"B2": "12", "C2": "Nguyễn Văn An"})
    row = read_sheets(data)[0].rows[1]
    assert row[1] == 12 and row[2] == "Nguyễn Văn An"
    assert row[3] in ("", None)  # no cached value: nothing is computed


@pytest.mark.parametrize(
    "encoded",
    [
        "Số hộ,Họ và tên\n12,Nguyễn Văn An\n".encode(),
        codecs.BOM_UTF8 + "Số hộ;Họ và tên\n12;Nguyễn Văn An\n".encode(),
        "Số hộ\tHọ và tên\n12\tNguyễn Văn An\n".encode("utf-16"),
        "Số hộ,Họ và tên\n12,Nguyễn Văn An\n".encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8 BOM, semicolons", "utf-16 BOM, tabs", "utf-16 without BOM"],
)
def test_csv_encodings_and_delimiters(encoded):
    rows = read_sheets(encoded)[0].rows
    assert rows[0] == ["Số hộ", "Họ và tên"] and rows[1] == ["12", "Nguyễn Văn An"]


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Text as Windows saves it in code page 1258: letters with their vowel marks, tones as
    separate combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def test_csv_in_windows_1258():
    rows = read_sheets(to_cp1258("Số hộ,Họ và tên\n12,Nguyễn Văn Đức\n"))[0].rows
    assert rows == [["Số hộ", "Họ và tên"], ["12", "Nguyễn Văn Đức"]]


def test_dates_and_numbers_keep_their_types():
    rows = read_sheets(xlsx([HEADER, [1, 12, "An", datetime.date(1985, 3, 5)]]))[0].rows
    assert rows[1][3] == datetime.date(1985, 3, 5) and rows[1][1] == 12


def _code(data: bytes) -> str:
    with pytest.raises(ServiceError) as e:
        read_sheets(data)
    return e.value.code


def test_bad_files_get_a_clear_code(settings):
    assert _code(b"%PDF-1.7 not a list") == "not_a_spreadsheet"
    assert _code(b"\x89PNG\r\n\x1a\n....") == "not_a_spreadsheet"
    assert _code(b"\x00\x01\x02\x03binary") == "not_a_spreadsheet"
    assert _code(xlsx([HEADER, *ROWS])[:900]) == "corrupt_file"
    assert _code(b"") == "empty_file"
    assert _code(xlsx([])) == "empty_sheet"
    protected = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx([HEADER, *ROWS]))).encrypt("mật khẩu", protected)
    assert _code(protected.getvalue()) == "password_protected"
    settings.IMPORT_MAX_BYTES = 1000
    assert _code(xlsx([HEADER, *ROWS])) == "file_too_large"


def test_header_key_forms():
    assert header_key("HỌ VÀ TÊN (*)") == header_key("Họ và tên") == "hovaten"
    assert header_key("Số ĐT") == "sodt"


# --- text repair (vntext.legacy.repair_column), property-based -------------------------

SYLLABLES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Xuân",
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hoa", "Hùng", "Khánh", "Lan", "Long",
    "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Ánh",
    "Ổn", "Ước", "Đông", "Xóm", "Đồng", "Bản", "Thôn", "Tổ", "dân", "phố",
]  # fmt: skip
names = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=6))
def test_unicode_text_is_never_changed(cells):
    assert repair_column(cells) == [unicodedata.normalize("NFC", c) for c in cells]


def _readable_as_unicode(cells: list[str]) -> bool:
    """Legacy bytes that also read as valid Unicode Vietnamese (`Lan Xãm` is `Lan Xóm` in
    TCVN3): no one can tell these apart without more of the column."""
    return all(is_vietnamese_syllable(w) for c in cells for w in re.findall(r"[^\W\d_]+", c))


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=6))
def test_tcvn3_cells_come_back_as_unicode(cells):
    encoded = [encode_tcvn3(c) for c in cells]
    assume(not _readable_as_unicode(encoded))
    repaired = repair_column(encoded)
    # TCVN3 has no toned capitals: the names come back right once title-cased
    assert [title_case_name(r) for r in repaired] == [title_case_name(c) for c in cells]


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=6))
def test_vni_cells_come_back_as_unicode(cells):
    assume(not _readable_as_unicode([encode_vni(c) for c in cells]))
    expected = [unicodedata.normalize("NFC", c) for c in cells]
    assert repair_column([encode_vni(c) for c in cells]) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(names, min_size=3, max_size=8), names)
def test_a_legacy_column_with_some_unicode_cells(tcvn3_cells, unicode_cell):
    """A list typed in TCVN3 where someone pasted a row in Unicode (NFD, as macOS pastes)."""
    decisive = [c for c in tcvn3_cells if not _readable_as_unicode([encode_tcvn3(c)])]
    assume(len(decisive) >= 2)  # more of the column shows its font than the pasted row
    cells = [encode_tcvn3(c) for c in tcvn3_cells] + [unicodedata.normalize("NFD", unicode_cell)]
    repaired = repair_column(cells)
    assert [title_case_name(r) for r in repaired[:-1]] == [title_case_name(c) for c in tcvn3_cells]
    if re.search("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]", unicodedata.normalize("NFC", unicode_cell)):
        # letters TCVN3 cannot produce: the pasted row is left as it is, composed
        assert repaired[-1] == unicodedata.normalize("NFC", unicode_cell)


def test_a_column_mixing_fonts_is_repaired_cell_by_cell():
    cells = [
        encode_tcvn3("Nguyễn Văn An"),
        encode_vni("Trần Thị Bình"),
        unicodedata.normalize("NFD", "Đỗ Thị Ý"),
        encode_tcvn3("Hà"),
        "John Smith",
    ]
    assert repair_column(cells) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Đỗ Thị Ý",
        "Hà",
        "John Smith",
    ]
    # in a Unicode column, Latin-1-only Unicode text is valid and left alone
    assert repair_column(["Lê Hà", "Tâm", "Nguyễn Văn An"]) == ["Lê Hà", "Tâm", "Nguyễn Văn An"]
