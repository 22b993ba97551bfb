from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.folding import nfc
from cnscd.vntext.names import title_case_name
from cnscd.vntext.tests.strategies import vietnamese_text


def test_capitals_and_lower_case_become_title_case():
    assert title_case_name("NGUYỄN văn đức") == "Nguyễn Văn Đức"
    assert title_case_name("đỗ thị ánh") == "Đỗ Thị Ánh"


def test_whitespace_is_collapsed_and_text_composed():
    assert title_case_name("  trần\t  THỊ\n bích  ") == "Trần Thị Bích"
    assert title_case_name("nguye\u0302\u0303n") == "Nguyễn"


def test_parts_of_minority_names_each_start_with_a_capital():
    assert title_case_name("H'HEN NIÊ") == "H'Hen Niê"
    assert title_case_name("y-moan ênuôl") == "Y-Moan Ênuôl"


def test_letters_that_change_length_with_case_are_kept():
    assert title_case_name("straße") == "Straße"


@given(st.text())
def test_title_case_name_is_idempotent(text):
    once = title_case_name(text)
    assert title_case_name(once) == once


@given(vietnamese_text)
def test_only_the_case_of_vietnamese_letters_changes(text):
    assert title_case_name(text).lower() == " ".join(nfc(text).lower().split())
