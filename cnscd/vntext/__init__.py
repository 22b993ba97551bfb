"""Small helpers for Vietnamese data: folding for search, sort keys, names,
phone numbers, personal ID numbers, birth dates and legacy 8-bit encodings.

Pure standard library and no Django, so that every app (and the importers)
can use it; the facts it relies on are in ``shared/DOMAIN.md`` sections 3-6.
Bad input raises a subclass of :class:`VnTextError` with a stable code.
"""

from cnscd.vntext.errors import VnTextError

__all__ = ["VnTextError"]
