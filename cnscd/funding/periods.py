"""Periods of time the allowances are computed and paid for: `2025`, `2025-Q3`, `2025-08`.

These three forms are a contract (the command line, the API, payment rows).
They nest: a month lies in one quarter, a quarter in one year, so two
standard periods either nest or do not overlap at all. The payment rules
rely on that (`funding.services.payment_record`).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from cnscd.errors import ServiceError

_FORMS = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included. `label` is the typed form, or `start..end`."""

    start: date
    end: date
    label: str

    @property
    def is_standard(self) -> bool:
        return ".." not in self.label

    def display(self) -> str:
        """How a Vietnamese payroll names the period: `Tháng 08/2025`, `Quý 3/2025`, `Năm 2025`."""
        if not self.is_standard:
            return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"
        if "-Q" in self.label:
            year, quarter = self.label.split("-Q")
            return _("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
        if "-" in self.label:
            return _("Month %(month)s") % {"month": f"{self.start:%m/%Y}"}
        return _("Year %(year)s") % {"year": self.label}


def parse_period(text: str) -> Period:
    """`2025`, `2025-Q3` or `2025-08`; anything else is a ServiceError `invalid_period`."""
    match = _FORMS.match((text or "").strip())
    year = int(match["year"]) if match else 0
    if not match or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(
            "invalid_period",
            _(
                "%(value)s is not a period; write a year (2025), a quarter (2025-Q3) "
                "or a month (2025-08)."
            )
            % {"value": text},
            field="period",
        )
    if match["quarter"]:
        first = 3 * int(match["quarter"]) - 2
        return Period(
            date(year, first, 1), _month_end(year, first + 2), f"{year}-Q{match['quarter']}"
        )
    if match["month"]:
        month = int(match["month"])
        return Period(date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def period_between(start: date, end: date) -> Period:
    """Any span of days; refused when it ends before it starts."""
    if end < start:
        raise ServiceError(
            "period_end_before_start",
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
            field="end",
        )
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: date) -> Period:
    """The quarter holding `day`; `quarter_of(q.start - timedelta(days=1))` is the one before."""
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
