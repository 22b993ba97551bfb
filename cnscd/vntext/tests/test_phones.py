import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.phones import (
    MOBILE_PREFIXES,
    OLD_MOBILE_PREFIXES,
    PhoneError,
    is_mobile,
    mask_phone,
    normalize_phone,
)


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84912345678",
        "84912345678",
        "(+84) 912 345 678",
        "+84 (0) 912 345 678",
        "0084 912 345 678",
        " 0912345678 ",
    ],
)
def test_typed_forms_of_a_mobile_number_store_the_same_digits(typed):
    assert normalize_phone(typed) == "0912345678"


def test_number_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back():
    assert normalize_phone("912345678") == "0912345678"
    assert normalize_phone("2438261234") == "02438261234"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("01662345678", "0362345678"),
        ("0169 234 5678", "0392345678"),
        ("01202345678", "0702345678"),
        ("01212345678", "0792345678"),
        ("01232345678", "0832345678"),
        ("01272345678", "0812345678"),
        ("01862345678", "0562345678"),
        ("01992345678", "0592345678"),
        ("+841662345678", "0362345678"),
    ],
)
def test_old_eleven_digit_mobile_numbers_get_the_2018_prefix(old, new):
    assert normalize_phone(old) == new


def test_landline_keeps_its_eleven_digits():
    assert normalize_phone("024 3826 1234") == "02438261234"
    assert normalize_phone("+84 24 3826 1234") == "02438261234"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "phone_empty"),
        (" - . ", "phone_empty"),
        ("0912 345 67x", "phone_not_digits"),
        ("Không có", "phone_not_digits"),
        ("0912+345678", "phone_not_digits"),
        ("+", "phone_not_digits"),
        ("+1 212 555 0123", "phone_country"),
        ("0912 345 67", "phone_length"),
        ("09123456789", "phone_length"),
        ("01712345678", "phone_old_prefix"),
        ("01302345678", "phone_old_prefix"),
        ("0112345678", "phone_bad_prefix"),
        ("0512345678", "phone_bad_prefix"),
        ("0212345678", "phone_bad_prefix"),
    ],
)
def test_invalid_numbers_raise_their_code(typed, code):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(typed)
    assert caught.value.code == code


def test_error_message_names_the_length():
    with pytest.raises(PhoneError) as caught:
        normalize_phone("091234")
    assert "this one has 6" in str(caught.value)
    assert caught.value.params == {"length": 6}


def test_old_prefix_error_names_the_prefix():
    with pytest.raises(PhoneError) as caught:
        normalize_phone("01712345678")
    assert caught.value.params == {"prefix": "0171"}


def test_mobile_prefixes_are_those_of_domain_md():
    assert len(MOBILE_PREFIXES) == 8 + 5 + 5 + 9 + 10
    assert {"32", "39", "52", "59", "70", "76", "79", "81", "89", "90", "99"} <= MOBILE_PREFIXES
    assert not {"31", "50", "53", "71", "75", "80"} & MOBILE_PREFIXES


def test_every_converted_prefix_lands_on_a_mobile_prefix():
    assert len(OLD_MOBILE_PREFIXES) == 21
    assert all(new[1:] in MOBILE_PREFIXES for new in OLD_MOBILE_PREFIXES.values())


def test_is_mobile_tells_mobiles_from_landlines_and_junk():
    assert is_mobile("0912 345 678")
    assert not is_mobile("02438261234")
    assert not is_mobile("abc")


def test_masked_number_keeps_first_three_and_last_three_digits():
    assert mask_phone("0912345678") == "091****678"
    assert mask_phone("02438261234") == "024*****234"
    assert mask_phone("12345") == "*****"


@given(st.text())
def test_normalize_phone_raises_only_phone_error(text):
    with contextlib.suppress(PhoneError):
        normalize_phone(text)


@given(st.text(st.sampled_from("0123456789 .-+()84"), max_size=16))
def test_normalize_phone_is_idempotent(text):
    try:
        stored = normalize_phone(text)
    except PhoneError:
        return
    assert normalize_phone(stored) == stored
    assert stored.isdigit() and stored.startswith("0") and len(stored) in (10, 11)


@given(
    st.sampled_from(sorted(MOBILE_PREFIXES)),
    st.text(st.sampled_from("0123456789"), min_size=7, max_size=7),
)
def test_every_valid_mobile_number_is_accepted_in_international_form(prefix, rest):
    assert normalize_phone(f"+84 {prefix} {rest}") == f"0{prefix}{rest}"
