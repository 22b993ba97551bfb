"""What part of the unit tree a user may see, as a filter any query can use.

`geo` sits below `accounts`, so it does not import the user model; it asks
the user object for its path prefixes (`accounts.User.unit_prefixes`). Every
selector in every app filters through `scope_q`, so there is one place where
scope is decided.
"""

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Q

from cnscd.geo.models import PATH_SEPARATOR


class ScopedUser(Protocol):
    is_authenticated: bool

    def unit_prefixes(self, roles: Iterable[str] | None = None) -> tuple[str, ...]: ...

    def can_manage(self, path: str) -> bool:
        """Whether the user is an officer of a subtree holding `path`."""
        ...


def scope_q(user: ScopedUser, *, field: str = "path", roles: Iterable[str] | None = None) -> Q:
    """A Q matching rows whose unit path lies in one of the user's subtrees.

    With `roles`, only assignments of those roles count (for writes). A user
    with no matching assignment matches nothing.
    """
    prefixes = user.unit_prefixes(roles) if user.is_authenticated else ()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{field}__under": prefix})
    return q


def path_in_scope(user: ScopedUser, path: str, *, roles: Iterable[str] | None = None) -> bool:
    """The same rule as scope_q, for one path already in hand (no query)."""
    if not user.is_authenticated:
        return False
    return any(path.startswith(prefix) for prefix in user.unit_prefixes(roles))


def paths_above(user: ScopedUser) -> list[str]:
    """Paths of the user's units and of every unit above them (`VN/`, `VN/38/`, …).

    The other shape of scope: rows sent or set *above* a user that reach them
    (a province's allowance policy, a national notice) match `path__in` of
    these, one `IN` on an indexed column.
    """
    if not user.is_authenticated:
        return []
    paths: set[str] = set()
    for prefix in user.unit_prefixes():
        parts = prefix.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
        for depth in range(1, len(parts) + 1):
            paths.add(PATH_SEPARATOR.join(parts[:depth]) + PATH_SEPARATOR)
    return sorted(paths)
