"""Who may change people's records, on a household or resident they can already see."""

from cnscd.accounts.models import User
from cnscd.accounts.roles import FIELD_ROLES
from cnscd.teams.permissions import may_edit_members


def may_record(user: User, path: str) -> bool:
    """Officers of the subtree and the village's own team may change people's records."""
    return user.can_manage(path) or user.has_role_on(path, FIELD_ROLES)


def may_import(user: User, path: str) -> bool:
    """Import lists (residents or team members) for units under `path`."""
    return may_record(user, path) or may_edit_members(user, path)
