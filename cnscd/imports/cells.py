"""Read one cell the way a commune office means it: yes/no marks, genders, relations, text.

Each reader takes a cell value (already repaired to Unicode when it is text)
and returns the stored value, or raises CellError with a stable code and a
Vietnamese message naming what was found.
"""

import datetime
from functools import lru_cache

from django.utils.translation import gettext as _

from cnscd.people.models import Relation
from cnscd.vntext.folding import fold


class CellError(ValueError):
    def __init__(self, code: str, message: str, key: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.key = key  # the column key, when the reader knows it


def text(value: object) -> str:
    """A cell as text: spaces collapsed; whole numbers without ".0" (Excel stores 12 as 12.0)."""
    if type(value) is str:
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


YES = frozenset({"x", "co", "1", "da", "roi", "yes", "y", "v", "ok", "dat", "da co", "co roi"})
NO = frozenset({"", "khong", "0", "chua", "no", "n", "-", "k", "ko", "chua co"})


def yes_no(value: object) -> bool:
    """`x`, `X`, `có`, `1`, `đã`, `rồi`, `yes` → True; empty, `không`, `0`, `chưa` → False."""
    if value == "" or value is None:
        return False
    if isinstance(value, bool):
        return value
    return _yes_no_text(text(value))


@lru_cache(maxsize=1024)  # a list has a handful of distinct marks in 100,000 rows
def _yes_no_text(value: str) -> bool:
    folded = fold(value).strip(" .")
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError(
        "invalid_yes_no",
        _("“%(value)s” is not a yes/no mark: write x (or có) for yes, leave empty for no.")
        % {"value": value},
    )


def gender(value: object) -> str:
    return _gender_text(text(value))


@lru_cache(maxsize=256)
def _gender_text(value: str) -> str:
    folded = fold(value)
    if folded in ("", "-"):
        return ""
    if folded in ("nam", "male", "m", "trai"):
        return "male"
    if folded in ("nu", "female", "f", "gai"):
        return "female"
    raise CellError(
        "invalid_gender",
        _("Gender “%(value)s” is neither Nam nor Nữ.") % {"value": value},
    )


RELATIONS = {
    "chu ho": Relation.HEAD,
    "vo": Relation.SPOUSE,
    "chong": Relation.SPOUSE,
    "con": Relation.CHILD,
    "con trai": Relation.CHILD,
    "con gai": Relation.CHILD,
    "con de": Relation.CHILD,
    "bo": Relation.PARENT,
    "me": Relation.PARENT,
    "cha": Relation.PARENT,
    "bo de": Relation.PARENT,
    "me de": Relation.PARENT,
    "chau": Relation.GRANDCHILD,
    "chau noi": Relation.GRANDCHILD,
    "chau ngoai": Relation.GRANDCHILD,
    "anh": Relation.SIBLING,
    "chi": Relation.SIBLING,
    "em": Relation.SIBLING,
    "anh trai": Relation.SIBLING,
    "chi gai": Relation.SIBLING,
    "em trai": Relation.SIBLING,
    "em gai": Relation.SIBLING,
}


def relation(value: object) -> str | None:
    """The relation to the head a list writes (`Chủ hộ`, `Vợ`, `Con`…); None when empty.
    Anything not known is `other`: the list's own wording is not lost, only not typed."""
    return _relation_text(text(value))


@lru_cache(maxsize=256)
def _relation_text(value: str) -> str | None:
    folded = fold(value)
    if not folded:
        return None
    return RELATIONS.get(folded, Relation.OTHER)


def choice(value: object, names: dict[str, str], what: str) -> str | None:
    """A value named as the template's drop-down names it (case and diacritics aside)."""
    folded = fold(text(value))
    if not folded:
        return None
    for name, stored in names.items():
        if fold(name) == folded:
            return stored
    raise CellError(
        "invalid_choice",
        _("%(what)s “%(value)s” is not one of: %(names)s.")
        % {"what": what, "value": text(value), "names": ", ".join(names)},
    )
