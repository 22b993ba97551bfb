"""Who may change funding records, inside the subtree they can already see.

Scope (404) is decided by the selectors; these checks decide, for a unit or
team the user can see, whether their role lets them write (403 otherwise).
Team roles and viewers only read.
"""

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role

POLICY_ROLES = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER)


def may_manage_policies(user: User, path: str) -> bool:
    """Create and change allowance policies: national and province officers of the subtree.

    Allowances are set by provincial People's Councils; a commune officer
    records what is paid under them but does not write the rates.
    """
    return user.has_role_on(path, POLICY_ROLES)


def may_record_payment(user: User, path: str) -> bool:
    """Record a payment to a team: officers of the subtree, commune officers included."""
    return user.can_manage(path)


def may_record_contribution(user: User, path: str) -> bool:
    """Record a community contribution: officers of the subtree."""
    return user.can_manage(path)
