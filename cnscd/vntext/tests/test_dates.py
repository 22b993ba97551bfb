import contextlib
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnscd.vntext.dates import Birth, DateError, parse_birth, parse_date

TODAY = datetime.date(2025, 6, 1)


def _birth(value):
    return parse_birth(value, today=TODAY)


def _error_code(parse, value):
    with pytest.raises(DateError) as caught:
        parse(value, today=TODAY)
    return caught.value.code


@pytest.mark.parametrize(
    "text",
    ["05/03/1985", "5/3/1985", "5/3/85", "05-03-1985", "05.03.1985", "1985-03-05", " 5/3/1985 "],
)
def test_written_dates_are_read_day_first(text):
    assert _birth(text) == Birth(year=1985, date=datetime.date(1985, 3, 5))


def test_iso_text_with_a_time_is_read():
    assert _birth("1985-03-05 00:00:00").date == datetime.date(1985, 3, 5)


def test_bare_year_gives_a_birth_without_date():
    assert _birth("1985") == Birth(year=1985, date=None)
    assert _birth(1985) == Birth(year=1985, date=None)
    assert _birth(1985.0) == Birth(year=1985, date=None)


def test_date_cells_are_taken_as_they_are():
    assert _birth(datetime.date(1985, 3, 5)).date == datetime.date(1985, 3, 5)
    assert _birth(datetime.datetime(1985, 3, 5, 8, 30)).date == datetime.date(1985, 3, 5)


def test_excel_serial_numbers_use_the_1900_date_system():
    assert _birth(31111).date == datetime.date(1985, 3, 5)
    assert _birth(31107).date == datetime.date(1985, 3, 1)
    assert _birth(31111.75).date == datetime.date(1985, 3, 5)
    assert _birth(10000).date == datetime.date(1927, 5, 18)


def test_four_digit_numbers_are_years_and_smaller_ones_are_refused():
    assert _birth(2000) == Birth(year=2000, date=None)
    assert _error_code(parse_birth, 999) == "date_format"
    assert _error_code(parse_birth, 1985.5) == "date_format"


def test_two_digit_year_is_never_in_the_future():
    assert _birth("1/6/25").date == datetime.date(2025, 6, 1)
    assert _birth("2/6/25").date == datetime.date(1925, 6, 2)
    assert _birth("5/3/00").date == datetime.date(2000, 3, 5)


def test_twenty_ninth_of_february_uses_the_right_century():
    assert _birth("29/02/00").date == datetime.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "date_empty"),
        ("", "date_empty"),
        ("   ", "date_empty"),
        (float("nan"), "date_empty"),
        ("5 tháng 3", "date_format"),
        ("1985/03/05/01", "date_format"),
        ("05/03-1985", "date_format"),
        (True, "date_format"),
        (["05/03/1985"], "date_format"),
        (float("inf"), "date_format"),
        (10**30, "date_format"),
        ("31/02/1990", "date_invalid"),
        ("12/31/1990", "date_invalid"),
        ("1990-02-30", "date_invalid"),
        ("02/06/2025", "date_future"),
        ("2026", "date_future"),
        (2026, "date_future"),
        (datetime.date(2030, 1, 1), "date_future"),
        ("31/12/1899", "date_too_old"),
        ("1899", "date_too_old"),
    ],
)
def test_bad_birth_values_raise_their_code(value, code):
    assert _error_code(parse_birth, value) == code


def test_error_message_shows_the_value_and_reading_order():
    with pytest.raises(DateError) as caught:
        _birth("12/31/1990")
    assert str(caught.value) == "12/31/1990 is not a valid date; dates are read as day/month/year."


def test_parse_date_reads_full_dates_only():
    assert parse_date("05/03/1985", today=TODAY) == datetime.date(1985, 3, 5)
    assert parse_date(45000, today=TODAY) == datetime.date(2023, 3, 15)
    assert _error_code(parse_date, "1985") == "date_format"
    assert _error_code(parse_date, 1985) == "date_format"
    assert _error_code(parse_date, "01/01/1899") == "date_too_old"


def test_parse_date_accepts_future_dates_and_a_wider_two_digit_window():
    assert parse_date("31/12/25", today=TODAY) == datetime.date(2025, 12, 31)
    assert parse_date("1/1/44", today=TODAY) == datetime.date(2044, 1, 1)
    assert parse_date("1/1/45", today=TODAY) == datetime.date(1945, 1, 1)


@given(st.text())
def test_parse_birth_raises_only_date_error_on_any_string(text):
    with contextlib.suppress(DateError):
        parse_birth(text, today=TODAY)


@given(st.text())
def test_parse_date_raises_only_date_error_on_any_string(text):
    with contextlib.suppress(DateError):
        parse_date(text, today=TODAY)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
def test_every_past_date_written_day_first_reads_back(date):
    written = f"{date.day}/{date.month}/{date.year}"
    assert _birth(written) == Birth(year=date.year, date=date)


@given(st.dates(min_value=datetime.date(1925, 6, 2), max_value=TODAY))
def test_two_digit_years_of_the_last_hundred_years_read_back(date):
    written = f"{date.day:02d}/{date.month:02d}/{date.year % 100:02d}"
    assert _birth(written).date == date
