"""Money in đồng, the way Vietnamese offices write it: `3.000.000 đ`, `Ba triệu đồng`.

Amounts are integers of đồng from end to end (the đồng has no subunit in
use), so every function here refuses floats, Decimals and negative numbers
instead of rounding them silently. The amount in words is what a payroll
list or a receipt prints under the total (*Bằng chữ: Ba triệu đồng*); it
comes from num2words (`lang="vi"`) in sentence case.
"""

import re

from num2words import num2words

from cnscd.vntext.errors import VnTextError
from cnscd.vntext.errors import gettext_noop as _

CURRENCY = "đ"
CURRENCY_WORD = "đồng"
_TYPED = re.compile(r"\d{1,3}(?:[. ]\d{3})+|\d+", re.ASCII)


class MoneyError(VnTextError):
    """An amount that is not a whole, non-negative number of đồng.
    Codes: ``amount_not_whole``, ``amount_negative``."""


def _checked(amount: object) -> int:
    # bool is an int subclass; True đồng is a bug, not an amount
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise MoneyError(
            "amount_not_whole",
            _("%(value)s is not a whole number of đồng; write it without decimals."),
            {"value": amount},
        )
    if amount < 0:
        raise MoneyError(
            "amount_negative", _("The amount %(value)s is negative."), {"value": amount}
        )
    return amount


def group_thousands(n: int) -> str:
    """`1234567` → `1.234.567`: the Vietnamese thousands separator is the dot."""
    return f"{_checked(n):,}".replace(",", ".")


def format_dong(amount: int) -> str:
    """`3000000` → `3.000.000 đ`."""
    return f"{group_thousands(amount)} {CURRENCY}"


def amount_in_words(amount: int) -> str:
    """`3000000` → `Ba triệu đồng`; `0` → `Không đồng`."""
    words = num2words(_checked(amount), lang="vi")
    return f"{words[:1].upper()}{words[1:]} {CURRENCY_WORD}"


def parse_dong(text: str) -> int:
    """An amount typed by a person: `3.000.000`, `3 000 000`, `3000000`, `3.000.000 đ`.

    Dots and spaces are accepted only as thousands separators (groups of three
    digits); a decimal comma (`3.000,5`) or a sign is refused, because an
    allowance is a whole number of đồng and never negative.
    """
    cleaned = text.strip()
    for suffix in (CURRENCY_WORD, CURRENCY, "VND", "VNĐ", "vnđ", "vnd"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    if cleaned.startswith("-"):
        raise MoneyError("amount_negative", _("The amount %(value)s is negative."), {"value": text})
    if not _TYPED.fullmatch(cleaned):
        raise MoneyError(
            "amount_not_whole",
            _("%(value)s is not a whole number of đồng; write it without decimals."),
            {"value": text},
        )
    return int(re.sub(r"[. ]", "", cleaned))
