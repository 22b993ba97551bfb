import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.legacy import (
    decode_cp1258,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    repair_column,
)
from cnscd.vntext.tests.strategies import LOWER_LETTERS, vietnamese_letters

# Capitals TCVN3 has codes for; every other toned capital shares the code of
# its lower-case letter.
_TCVN3_CAPITALS = list("ĂÂÊÔƠƯĐ")
_ASCII = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-")

tcvn3_text = st.text(st.sampled_from(LOWER_LETTERS + _TCVN3_CAPITALS + _ASCII), max_size=40)
vni_text = st.text(st.one_of(vietnamese_letters, st.sampled_from(_ASCII)), max_size=40)


def test_domain_examples_decode_to_ho_va_ten():
    assert decode_tcvn3("Hä vµ tªn") == "Họ và tên"
    assert decode_vni("Hoï vaø teân") == "Họ và tên"


def test_tcvn3_bytes_from_the_reference_table():
    # Bytes as glibc's TCVN5712-1 maps them, read as Latin-1.
    assert decode_tcvn3("\xa7\xb8\xad\xea\xe5\xfe") == "Đáườồỵ"
    assert decode_tcvn3("NguyÔn V¨n §øc") == "Nguyễn Văn Đức"


def test_tcvn3_u_with_horn_is_the_soft_hyphen_byte():
    assert decode_tcvn3("Tr\xadêng") == "Trường"


def test_tcvn3_h_fonts_decode_to_capitals():
    assert decode_tcvn3("hä vµ tªn", uppercase=True) == "HỌ VÀ TÊN"


def test_toned_capitals_get_the_lower_case_code_in_tcvn3():
    assert encode_tcvn3("Á") == encode_tcvn3("á") == "\xb8"
    assert decode_tcvn3(encode_tcvn3("HỌ VÀ TÊN"), uppercase=True) == "HỌ VÀ TÊN"


def test_vni_bytes_from_the_published_table():
    assert decode_vni("Nguyeãn Vaên Ñöùc") == "Nguyễn Văn Đức"
    assert decode_vni("ñöôïc thuôû khuyûu ò î") == "được thuở khuỷu ị ỵ"
    assert decode_vni("AÉ AÁ ÔÙ ÖØ Í Î") == "Ắ Ấ Ớ Ừ Í Ỵ"


def test_vni_capital_base_with_lower_case_mark_takes_the_case_of_the_base():
    assert decode_vni("Aùnh") == "Ánh"


def test_cp1252_and_latin1_readings_decode_alike():
    # Byte 0x85 is "…" in Windows-1252 and a C1 control in Latin-1; both fonts
    # keep punctuation there, so neither reading changes it.
    for ellipsis in ("\u2026", "\x85"):
        assert decode_tcvn3("Hä" + ellipsis) == "Họ" + ellipsis
        assert decode_vni("Hoï" + ellipsis) == "Họ" + ellipsis


def test_encoders_refuse_text_they_cannot_write():
    with pytest.raises(ValueError, match="TCVN3"):
        encode_tcvn3("©")
    with pytest.raises(ValueError, match="VNI"):
        encode_vni("Müller")


@given(tcvn3_text)
def test_tcvn3_round_trips_every_letter_it_can_represent(text):
    assert decode_tcvn3(encode_tcvn3(text)) == text


@given(st.text(vietnamese_letters, max_size=30))
def test_tcvn3_round_trips_capital_text_through_h_fonts(text):
    assert decode_tcvn3(encode_tcvn3(text.upper()), uppercase=True) == text.upper()


@given(vni_text)
def test_vni_round_trips_vietnamese_text(text):
    assert decode_vni(encode_vni(text)) == text


def test_cp1258_combining_tones_are_composed():
    # "Phạm Đức" in Windows-1258: a + combining dot below (0xF2);
    # Đ (0xD0), ư (0xFD) + combining acute (0xEC).
    assert decode_cp1258(b"Pha\xf2m \xd0\xfd\xecc") == "Phạm Đức"


_SHEET = [
    "Họ và tên",
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Số hộ",
    "Có",
    "Chưa cài VNeID",
    "Thôn Hổ, xã Quảng Phú",
    "12",
    "",
]


def test_unicode_sheet_is_left_as_it_is():
    assert repair_column(_SHEET) == _SHEET


def test_tcvn3_sheet_is_detected_and_repaired():
    assert repair_column([encode_tcvn3(cell) for cell in _SHEET]) == _SHEET


def test_vni_sheet_is_detected_and_repaired():
    assert repair_column([encode_vni(cell) for cell in _SHEET]) == _SHEET


def test_short_cells_that_look_like_unicode_follow_their_sheet():
    # "Sè hé" and "cã" are valid Unicode on their own.
    assert repair_column(["Hä vµ tªn", "Sè hé", "cã"]) == ["Họ và tên", "Số hộ", "có"]
    assert repair_column(["Sè hé", "cã"]) == ["Sè hé", "cã"]


def test_decomposed_unicode_is_composed_on_repair():
    assert repair_column(["Nguye\u0302\u0303n Va\u0306n"]) == ["Nguyễn Văn"]


def test_one_odd_cell_is_decoded_alone_and_the_sheet_stays_unicode():
    assert repair_column([*_SHEET, "Hä"]) == [*_SHEET, "Họ"]


def test_ascii_only_cells_are_left_alone():
    assert repair_column(["Nguyen Van An", "123"]) == ["Nguyen Van An", "123"]
    assert repair_column([]) == []
