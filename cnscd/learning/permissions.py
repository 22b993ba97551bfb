"""Who may write what in the learning app, inside what they can already see.

Scope (404) is decided by the selectors; these checks decide whether the
caller's role lets them write (403 otherwise).
"""

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role
from cnscd.geo.models import COUNTRY_CODE, PATH_SEPARATOR, Unit

NATIONAL_PATH = COUNTRY_CODE + PATH_SEPARATOR


def may_write_guide(user: User, province: Unit | None) -> bool:
    """National guides: national admins. A province's local guides: its officers too."""
    if province is None:
        return user.has_role_on(NATIONAL_PATH, [Role.NATIONAL_ADMIN])
    return user.has_role_on(province.path, [Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER])


def may_organise(user: User, path: str) -> bool:
    """Create courses and sessions, record attendance: officers of the subtree."""
    return user.can_manage(path)


def may_announce(user: User, path: str) -> bool:
    """Send a notice to a subtree: officers of that subtree."""
    return user.can_manage(path)
