"""The 12-digit personal ID number (số định danh cá nhân, the number on the
citizen identity card), DOMAIN.md section 4.

The number carries facts we can check against the rest of a record: digits
1-3 are the old province code where the birth was registered, digit 4 gives
the century of birth and the gender, digits 5-6 the last two digits of the
birth year. An import that catches a contradiction here catches a typo.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from cnscd.vntext.errors import VnTextError
from cnscd.vntext.errors import gettext_noop as _

# The 63 provinces before the 2025 merger, padded to three digits. Numbers
# keep these codes for life, so the list never follows later mergers.
PROVINCE_CODES = frozenset(
    """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030
    031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058
    060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089
    091 092 093 094 095 096
    """.split()  # noqa: SIM905 - laid out like the list in DOMAIN.md
)

Gender = Literal["male", "female"]

_IGNORED = re.compile(r"[\s.]+")


class IdNumberError(VnTextError):
    """An ID number that is not valid or contradicts the record. Codes:
    ``id_number_empty``, ``id_number_not_digits``, ``id_number_length``,
    ``id_number_province``, ``id_number_century``, ``id_number_gender``,
    ``id_number_birth_year``."""


@dataclass(frozen=True)
class IdNumberFacts:
    """What a valid number says about its holder."""

    birth_province_code: str
    gender: Gender
    birth_year: int


def _facts(number: str) -> IdNumberFacts:
    century_digit = int(number[3])
    return IdNumberFacts(
        birth_province_code=number[:3],
        gender="male" if century_digit % 2 == 0 else "female",
        birth_year=1900 + (century_digit // 2) * 100 + int(number[4:6]),
    )


def _length_error(length: int) -> IdNumberError:
    if length == 9:
        message = _(
            "The ID number must have 12 digits; this one has 9, like an old identity card "
            "(CMND). CMND numbers are no longer valid: use the 12-digit personal ID number."
        )
    elif length == 11:
        message = _(
            "The ID number must have 12 digits; this one has 11. If the list was made in a "
            "spreadsheet, the leading 0 may have been lost: check the number and enter it as "
            "text."
        )
    else:
        message = _("The ID number must have 12 digits; this one has %(length)s.")
    return IdNumberError("id_number_length", message, {"length": length})


def normalize_id_number(
    text: str, *, gender: Gender | None = None, birth_year: int | None = None
) -> str:
    """The stored form (12 digits) of an ID number, checked against the
    person's ``gender`` and ``birth_year`` when they are known.

    Spaces and dots are dropped; nothing is padded: an 11-digit number that
    lost its leading zero is an error, because guessing the digit would
    store a number nobody checked. Raises :class:`IdNumberError`.
    """
    if gender not in ("male", "female", None):
        raise ValueError(f"gender must be 'male', 'female' or None, not {gender!r}")
    number = _IGNORED.sub("", text)
    if not number:
        raise IdNumberError("id_number_empty", _("The ID number is empty."))
    if not all(ch in "0123456789" for ch in number):
        raise IdNumberError(
            "id_number_not_digits",
            _("The ID number may contain only digits (spaces and dots are ignored)."),
        )
    if len(number) != 12:
        raise _length_error(len(number))
    if number[:3] not in PROVINCE_CODES:
        raise IdNumberError(
            "id_number_province",
            _(
                "The ID number starts with %(digits)s, which is not a province code: the first "
                "three digits are the province where the birth was registered (001 to 096)."
            ),
            {"digits": number[:3]},
        )
    facts = _facts(number)
    if facts.birth_year > datetime.date.today().year:
        raise IdNumberError(
            "id_number_century",
            _(
                "The fourth digit of the ID number (%(digit)s) with the year digits "
                "%(year_digits)s gives the birth year %(year)s, which is in the future."
            ),
            {"digit": number[3], "year_digits": number[4:6], "year": facts.birth_year},
        )
    if gender is not None and gender != facts.gender:
        if facts.gender == "female":
            message = _("The ID number is a woman's, but the person is recorded as a man.")
        else:
            message = _("The ID number is a man's, but the person is recorded as a woman.")
        raise IdNumberError("id_number_gender", message)
    if birth_year is not None and birth_year != facts.birth_year:
        raise IdNumberError(
            "id_number_birth_year",
            _(
                "The ID number gives the birth year %(number_year)s, but the birth year "
                "recorded is %(birth_year)s."
            ),
            {"number_year": facts.birth_year, "birth_year": birth_year},
        )
    return number


def id_number_facts(number: str) -> IdNumberFacts:
    """Province code, gender and birth year read from a valid number.
    Raises :class:`IdNumberError` for an invalid one."""
    return _facts(normalize_id_number(number))


def mask_id_number(number: str) -> str:
    """Show the first 4 and last 2 digits: ``0381******45``. Anything too
    short to keep 6 digits is masked whole."""
    if len(number) < 7:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]
