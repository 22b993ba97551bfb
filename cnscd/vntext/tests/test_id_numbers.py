import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.id_numbers import (
    PROVINCE_CODES,
    IdNumberError,
    IdNumberFacts,
    id_number_facts,
    mask_id_number,
    normalize_id_number,
)


def _code_of(text, **kwargs):
    with pytest.raises(IdNumberError) as caught:
        normalize_id_number(text, **kwargs)
    return caught.value


def test_domain_example_is_a_woman_born_1990_in_thanh_hoa():
    assert id_number_facts("038190012345") == IdNumberFacts(
        birth_province_code="038", gender="female", birth_year=1990
    )


def test_number_matching_the_record_is_stored_as_twelve_digits():
    stored = normalize_id_number(" 038 190.012 345 ", gender="female", birth_year=1990)
    assert stored == "038190012345"


def test_century_digit_gives_century_and_gender():
    assert id_number_facts("001085000001").gender == "male"
    assert id_number_facts("001085000001").birth_year == 1985
    assert id_number_facts("001210000001") == IdNumberFacts("001", "male", 2010)
    assert id_number_facts("096305000001") == IdNumberFacts("096", "female", 2005)


def test_there_are_63_province_codes():
    assert len(PROVINCE_CODES) == 63
    assert {"001", "038", "096"} <= PROVINCE_CODES
    assert not {"000", "003", "039", "097"} & PROVINCE_CODES


def test_gender_contradicting_the_number_is_an_error():
    error = _code_of("038190012345", gender="male")
    assert error.code == "id_number_gender"
    assert "woman" in str(error)


def test_birth_year_contradicting_the_number_is_an_error():
    error = _code_of("038190012345", birth_year=1991)
    assert error.code == "id_number_birth_year"
    assert error.params == {"number_year": 1990, "birth_year": 1991}


def test_empty_number_is_an_error():
    assert _code_of("  ").code == "id_number_empty"


def test_letters_are_an_error():
    assert _code_of("03819001234A").code == "id_number_not_digits"
    assert _code_of("038-190-012345").code == "id_number_not_digits"


def test_wrong_length_is_an_error_naming_the_length():
    error = _code_of("0381900123")
    assert error.code == "id_number_length"
    assert str(error) == "The ID number must have 12 digits; this one has 10."


def test_old_nine_digit_cmnd_number_is_refused_with_a_hint():
    error = _code_of("172 345 678")
    assert error.code == "id_number_length"
    assert "CMND" in str(error)


def test_eleven_digits_are_not_padded_but_hint_at_a_lost_zero():
    error = _code_of("38190012345")
    assert error.code == "id_number_length"
    assert "leading 0" in str(error)


def test_unknown_province_code_is_an_error_naming_the_digits():
    error = _code_of("039190012345")
    assert error.code == "id_number_province"
    assert "039" in str(error)


def test_birth_year_in_the_future_is_an_error():
    error = _code_of("038490012345")  # 2190
    assert error.code == "id_number_century"
    assert error.params["year"] == 2190


def test_facts_of_an_invalid_number_raise():
    with pytest.raises(IdNumberError):
        id_number_facts("12345")


def test_unknown_gender_value_is_a_programming_error():
    with pytest.raises(ValueError, match="gender"):
        normalize_id_number("038190012345", gender="Nữ")


def test_masked_number_keeps_first_four_and_last_two_digits():
    assert mask_id_number("038190012345") == "0381******45"
    assert mask_id_number("0381") == "****"


@given(st.text())
def test_normalize_id_number_raises_only_id_number_error(text):
    with contextlib.suppress(IdNumberError):
        normalize_id_number(text)


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.sampled_from("0123"),
    st.text(st.sampled_from("0123456789"), min_size=8, max_size=8),
)
def test_valid_numbers_round_trip_through_their_facts(province, century_digit, rest):
    number = province + century_digit + rest
    if century_digit in "23" and int(rest[:2]) > 25:
        return  # born after 2025: may be in the future when the test runs
    gender = "male" if century_digit in "02" else "female"
    birth_year = (1900 if century_digit in "01" else 2000) + int(rest[:2])
    assert id_number_facts(number) == IdNumberFacts(province, gender, birth_year)
    assert normalize_id_number(number, gender=gender, birth_year=birth_year) == number
