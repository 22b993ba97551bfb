"""How unit names are searched and sorted.

Lists sort by the proper name, not the legal prefix: "Phường Ba Đình" sorts
under B next to "Xã Ba Vì", the way an officer scans a list of communes.
Search folds diacritics, so `thanh hoa`, `Thanh Hoá` and `THANH HÓA` meet.
"""

import re

from cnscd.vntext.sorting import sort_key

_PREFIXES = [
    "thành phố", "tỉnh", "phường", "xã", "đặc khu",
    "thôn", "bản", "ấp", "tổ dân phố", "khu phố", "xóm", "khu", "tổ", "buôn", "plei", "sóc", "khóm",
]  # fmt: skip
_PREFIX = re.compile(rf"^({'|'.join(_PREFIXES)})\s+", re.IGNORECASE)


def proper_name(name: str) -> str:
    """The name without its legal prefix; the whole name when nothing is left."""
    stripped = _PREFIX.sub("", name.strip(), count=1)
    return stripped or name.strip()


def unit_sort_key(name: str) -> str:
    return sort_key(proper_name(name)) + "0" + sort_key(name)
