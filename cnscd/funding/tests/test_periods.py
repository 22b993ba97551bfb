"""The three period forms of the contract, and spans of days."""

from datetime import date

import pytest
from django.utils import translation

from cnscd.errors import ServiceError
from cnscd.funding.periods import parse_period, period_between, quarter_of


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        (" 2025-12 ", date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_years_quarters_and_months_read_as_their_days(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, text.strip())
    assert period.is_standard


@pytest.mark.parametrize("text", ["", "25", "2025-8", "2025-00", "2025-13", "2025-Q0", "2025-q3",
                                  "2025/08", "1999", "2025-Q3-01"])  # fmt: skip
def test_other_forms_are_refused_with_a_code(text):
    with pytest.raises(ServiceError) as caught:
        parse_period(text)
    assert (caught.value.code, caught.value.field) == ("invalid_period", "period")


def test_a_span_of_days_must_not_end_before_it_starts():
    span = period_between(date(2025, 8, 1), date(2025, 8, 10))
    assert (span.is_standard, span.label) == (False, "2025-08-01..2025-08-10")
    with pytest.raises(ServiceError) as caught:
        period_between(date(2025, 8, 10), date(2025, 8, 1))
    assert caught.value.code == "period_end_before_start"
    assert "01/08/2025" in caught.value.message


def test_quarter_of_a_day_and_the_quarter_before():
    quarter = quarter_of(date(2026, 11, 23))
    assert quarter.label == "2026-Q4"
    assert quarter_of(date(2026, 1, 1)).label == "2026-Q1"
    assert quarter_of(date(2025, 12, 31)).label == "2025-Q4"


def test_periods_are_named_as_a_payroll_names_them():
    with translation.override("en"):
        assert parse_period("2025-Q3").display() == "Quarter 3/2025"
        assert parse_period("2025-08").display() == "Month 08/2025"
        assert parse_period("2025").display() == "Year 2025"
        assert period_between(date(2025, 8, 1), date(2025, 8, 10)).display() == (
            "01/08/2025–10/08/2025"
        )
