import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.money import (
    MoneyError,
    amount_in_words,
    format_dong,
    group_thousands,
    parse_dong,
)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(0, "0 đ"), (500, "500 đ"), (60000, "60.000 đ"), (3000000, "3.000.000 đ")],
)
def test_amounts_are_written_with_dots_between_thousands_and_the_dong_sign(amount, shown):
    assert format_dong(amount) == shown


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (3000000, "Ba triệu đồng"),
        (0, "Không đồng"),
        (600000, "Sáu trăm nghìn đồng"),
        (1512329, "Một triệu năm trăm mười hai nghìn ba trăm hai mươi chín đồng"),
        (2005000, "Hai triệu năm nghìn đồng"),
        (105, "Một trăm lẻ năm đồng"),
    ],
)
def test_amount_in_words_is_sentence_case_and_ends_in_dong(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("bad", [-1, 1.5, 3000000.0, Decimal("3"), "3000000", True, None])
def test_anything_but_a_non_negative_integer_is_refused(bad):
    with pytest.raises(MoneyError) as caught:
        format_dong(bad)
    assert caught.value.code in ("amount_negative", "amount_not_whole")
    with pytest.raises(MoneyError):
        amount_in_words(bad)


def test_negative_amount_has_its_own_code():
    with pytest.raises(MoneyError) as caught:
        amount_in_words(-500)
    assert caught.value.code == "amount_negative"


@pytest.mark.parametrize(
    "typed", ["3000000", "3.000.000", "3 000 000", "3.000.000 đ", " 3.000.000đ ", "3000000 VNĐ"]
)
def test_typed_amounts_are_read_as_whole_dong(typed):
    assert parse_dong(typed) == 3000000


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3.000,5", "amount_not_whole"),
        ("3,5", "amount_not_whole"),
        ("30.00", "amount_not_whole"),
        ("", "amount_not_whole"),
        ("ba triệu", "amount_not_whole"),
        ("-500.000", "amount_negative"),
    ],
)
def test_typed_amounts_with_decimals_or_signs_are_refused(typed, code):
    with pytest.raises(MoneyError) as caught:
        parse_dong(typed)
    assert caught.value.code == code


@given(st.integers(min_value=0, max_value=10**15))
def test_a_formatted_amount_reads_back_as_itself(amount):
    assert parse_dong(format_dong(amount)) == amount
    assert parse_dong(group_thousands(amount)) == amount


@given(st.text(max_size=30))
def test_reading_any_text_gives_an_amount_or_a_money_error(text):
    with contextlib.suppress(MoneyError):
        assert parse_dong(text) >= 0
