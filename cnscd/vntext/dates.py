"""Birth dates and other dates as they come out of Vietnamese spreadsheets.

Dates are written day first (``5/3/85`` is 5 March 1985), never month first.
Excel also hands us real date cells, serial numbers (when a date cell lost its
format), ISO text, and bare years: many people know only their birth year,
and ages are counted as reference year minus birth year (DOMAIN.md 3 and 6).

Numbers: a number from 1000 to 9999 is a year; from 10000 up it is an Excel
serial in the 1900 date system (10000 is 18 May 1927, 31111 is 5 March 1985);
anything smaller is rejected. So a raw serial below 10000 (a date from 1902
to May 1927) is read as a year: one after today is rejected, the others would
misdate only residents born before 1928, a small price for reading every
typed year right. Real date cells are not affected: they arrive as dates.
"""

import datetime
import math
import numbers
import re
from dataclasses import dataclass

from cnscd.vntext.errors import VnTextError
from cnscd.vntext.errors import gettext_noop as _

FIRST_YEAR = 1900
FIRST_SERIAL = 10000
# Excel's day 0 is 1899-12-31 but it counts a 29 February 1900 that never
# was; from serial 61 on, days are counted from 1899-12-30.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)

_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})", re.ASCII)
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII
)
_YEAR = re.compile(r"\d{4}", re.ASCII)


class DateError(VnTextError):
    """A date that cannot be read or cannot be right. Codes: ``date_empty``,
    ``date_format``, ``date_invalid``, ``date_future``, ``date_too_old``."""


@dataclass(frozen=True)
class Birth:
    """A birth: always a year, and the full date when it is known."""

    year: int
    date: datetime.date | None


def _format_error(value: object) -> DateError:
    return DateError(
        "date_format",
        _(
            "%(value)s is not a date in a recognised format; write it as day/month/year, "
            "for example 05/03/1985."
        ),
        {"value": value},
    )


def _empty_error() -> DateError:
    return DateError("date_empty", _("The date is empty."))


def _build(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError(
            "date_invalid",
            _("%(value)s is not a valid date; dates are read as day/month/year."),
            {"value": shown},
        ) from None


def _two_digit_year(yy: int, month: int, day: int, *, latest: datetime.date) -> int:
    """The latest year ending in ``yy`` that keeps the date on or before
    ``latest``; an impossible day or month is left to :func:`_build`."""
    century = latest.year // 100 * 100
    for year in (century + yy, century - 100 + yy):
        try:
            if datetime.date(year, month, day) <= latest:
                return year
        except ValueError:
            continue
    return century - 100 + yy


def _from_serial(serial: int, shown: str) -> datetime.date:
    try:
        return _EXCEL_EPOCH + datetime.timedelta(days=serial)
    except OverflowError:
        raise _format_error(shown) from None


def _parse_text(text: str, *, window_end: datetime.date) -> datetime.date | int:
    """A date or (for a bare year) an int; raises DateError."""
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year_text = int(match[1]), int(match[3]), match[4]
        year = int(year_text)
        if len(year_text) == 2:
            year = _two_digit_year(year, month, day, latest=window_end)
        return _build(year, month, day, text)
    if match := _ISO.fullmatch(text):
        return _build(int(match[1]), int(match[2]), int(match[3]), text)
    if _YEAR.fullmatch(text):
        return int(text)
    raise _format_error(text)


def _parse_number(value: int | float, shown: str) -> datetime.date | int:
    """A year (int) for 1000-9999, a date for an Excel serial."""
    if isinstance(value, float):
        if math.isnan(value):  # how pandas reads an empty cell
            raise _empty_error()
        if math.isinf(value):
            raise _format_error(shown)
        if value < FIRST_SERIAL and not value.is_integer():
            raise _format_error(shown)
        # A fraction of a serial is the time of day of a date-time cell.
        value = math.floor(value)
    if value < 1000:
        raise _format_error(shown)
    if value < FIRST_SERIAL:
        return value
    return _from_serial(value, shown)


def _parse_any(value: object, *, window_end: datetime.date) -> datetime.date | int:
    """Shared reading of every input kind: a date, or an int for a bare year."""
    if value is None:
        raise _empty_error()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise _format_error(str(value))
    # numbers.Integral/Real also take numpy's scalars, which pandas hands out.
    if isinstance(value, numbers.Integral):
        return _parse_number(int(value), str(value))
    if isinstance(value, numbers.Real):
        return _parse_number(float(value), str(value))
    if not isinstance(value, str):
        raise _format_error(str(value))
    text = value.strip()
    if not text:
        raise _empty_error()
    return _parse_text(text, window_end=window_end)


def _too_old_error(shown: str) -> DateError:
    return DateError("date_too_old", _("%(value)s is before 1900."), {"value": shown})


def _check_range(
    year: int, shown: str, *, today: datetime.date, date: datetime.date | None
) -> None:
    if year < FIRST_YEAR:
        raise _too_old_error(shown)
    if (date is not None and date > today) or year > today.year:
        raise DateError("date_future", _("%(value)s is in the future."), {"value": shown})


def _shown(value: object) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel numbers arrive as floats: show 1890, not 1890.0
    return str(value).strip()


def parse_birth(value: object, *, today: datetime.date | None = None) -> Birth:
    """Read a birth date or birth year from a cell: date/datetime, a year or
    an Excel serial as int/float, or text ``dd/mm/yyyy``, ``d/m/yy`` (also
    with ``-`` or ``.``), ISO ``yyyy-mm-dd`` or a bare ``yyyy``.

    A two-digit year gets the century that keeps the date from being after
    ``today`` (default: the real today). Raises :class:`DateError`, also for
    a date after ``today`` or before 1900.
    """
    today = today or datetime.date.today()
    parsed = _parse_any(value, window_end=today)
    shown = _shown(value)
    if isinstance(parsed, int):
        _check_range(parsed, shown, today=today, date=None)
        return Birth(year=parsed, date=None)
    _check_range(parsed.year, shown, today=today, date=parsed)
    return Birth(year=parsed.year, date=parsed)


def parse_date(value: object, *, today: datetime.date | None = None) -> datetime.date:
    """Read a full date from a cell, in the formats of :func:`parse_birth`
    except a bare year (which raises ``date_format``).

    Other date columns (joined, visited, policy ends) may be in the future,
    so there is no future check; a two-digit year is placed in the window
    from 80 years before ``today`` to 19 years after. Raises
    :class:`DateError`, also for a date before 1900.
    """
    today = today or datetime.date.today()
    window_end = datetime.date(min(today.year + 19, datetime.MAXYEAR), 12, 31)
    parsed = _parse_any(value, window_end=window_end)
    shown = _shown(value)
    if isinstance(parsed, int):
        raise _format_error(shown)
    if parsed.year < FIRST_YEAR:
        raise _too_old_error(shown)
    return parsed
