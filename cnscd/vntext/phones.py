"""Vietnamese phone numbers: the one stored form, validation and masking.

Lists hold numbers typed every way (``0912 345 678``, ``+84912345678``,
``(+84) 912.345.678``), old 11-digit mobile numbers converted in 2018, and
landlines (DOMAIN.md section 5). We store digits only, starting with ``0``:
10 digits for a mobile, 11 for a landline (``02`` + area code).
"""

import re

from cnscd.vntext.errors import VnTextError
from cnscd.vntext.errors import gettext_noop as _

# Second and third digits of a 10-digit mobile number (the network prefix).
MOBILE_PREFIXES = frozenset(
    [f"3{d}" for d in "23456789"]
    + ["52", "55", "56", "58", "59", "70", "76", "77", "78", "79"]
    + [f"8{d}" for d in "123456789"]
    + [f"9{d}" for d in "0123456789"]
)

# The 2018 conversion of 11-digit mobile numbers: old prefix -> new prefix,
# the last seven digits stay.
OLD_MOBILE_PREFIXES = {
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0186": "056",
    "0188": "058",
    "0199": "059",
}

# Separators people type inside a number; "+" is allowed only in front.
_SEPARATORS = re.compile(r"[\s.\-()/]+")


class PhoneError(VnTextError):
    """A phone number that cannot be stored. Codes: ``phone_empty``,
    ``phone_not_digits``, ``phone_country``, ``phone_length``,
    ``phone_old_prefix``, ``phone_bad_prefix``."""


def _after_country_code(rest: str) -> str:
    """National form of what follows 84; "+84 (0)912..." keeps its 0 once."""
    return rest if rest.startswith("0") else "0" + rest


def _to_national(digits: str, *, international: bool) -> str:
    """Turn what was typed (digits only) into the national form ``0...``."""
    if international or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if not digits.startswith("84"):
            raise PhoneError(
                "phone_country",
                _("Only Vietnamese (+84) phone numbers are accepted; this one is foreign."),
            )
        return _after_country_code(digits[2:])
    if digits.startswith("84") and len(digits) in (11, 12):
        return _after_country_code(digits[2:])
    # A number stored as a number in a spreadsheet lost its leading 0: put it
    # back only where the result is a complete mobile or landline number.
    if len(digits) == 9 and digits[:2] in MOBILE_PREFIXES:
        return "0" + digits
    if len(digits) == 10 and digits.startswith("2"):
        return "0" + digits
    return digits


def normalize_phone(text: str) -> str:
    """The stored form of a phone number: digits only, starting with 0.

    Accepts spaces, dots, dashes, brackets and slashes between digits, a
    ``+84``/``84``/``0084`` country code, old 11-digit mobile numbers (mapped
    by the 2018 table) and numbers whose leading 0 a spreadsheet dropped
    (``912345678``). Raises :class:`PhoneError`. Idempotent.
    """
    compact = _SEPARATORS.sub("", text)
    if not compact:
        raise PhoneError("phone_empty", _("The phone number is empty."))
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if not digits or not all(ch in "0123456789" for ch in digits):
        raise PhoneError(
            "phone_not_digits",
            _(
                "A phone number may contain only digits, spaces, dots, dashes, brackets "
                "and a leading +84."
            ),
        )
    national = _to_national(digits, international=international)
    length = len(national)
    if length == 11 and national.startswith("01"):
        new_prefix = OLD_MOBILE_PREFIXES.get(national[:4])
        if new_prefix is None:
            raise PhoneError(
                "phone_old_prefix",
                _(
                    "This looks like an old 11-digit mobile number, but its prefix "
                    "%(prefix)s was not converted in 2018, so the number is not valid."
                ),
                {"prefix": national[:4]},
            )
        return new_prefix + national[4:]
    if length == 11 and national.startswith("02"):
        return national
    if length != 10 or not national.startswith("0"):
        raise PhoneError(
            "phone_length",
            _(
                "A phone number must have 10 digits (mobile) or 11 digits (landline, "
                "starting with 02); this one has %(length)s."
            ),
            {"length": length},
        )
    if national[1:3] not in MOBILE_PREFIXES:
        raise PhoneError(
            "phone_bad_prefix",
            _(
                "The number starts with %(prefix)s, which is not a Vietnamese mobile "
                "network prefix."
            ),
            {"prefix": national[:3]},
        )
    return national


def is_mobile(phone: str) -> bool:
    """True for a valid mobile number (can receive SMS, can have Zalo);
    False for landlines and for anything :func:`normalize_phone` rejects."""
    try:
        return len(normalize_phone(phone)) == 10
    except PhoneError:
        return False


def mask_phone(phone: str) -> str:
    """Show the first 3 and last 3 digits of a stored number: ``091****678``.
    Anything too short to keep 6 digits is masked whole."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]
