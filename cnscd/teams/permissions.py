"""Who may change what in a team, inside the subtree they can already see.

Scope (404) is decided by the selectors; these checks decide, for an object
the user can see, whether their role lets them write (403 otherwise).
"""

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role


def may_manage_team(user: User, path: str) -> bool:
    """Create, edit, suspend or dissolve teams: officers of the subtree."""
    return user.can_manage(path)


def may_edit_members(user: User, path: str) -> bool:
    """Add, correct, invite and record leaving members: officers and the team's own leader."""
    return user.can_manage(path) or user.has_role_on(path, [Role.TEAM_LEADER])


def may_record_adoption(user: User, path: str) -> bool:
    """Record that a unit runs a digital model: officers, and the leader for their village."""
    return user.can_manage(path) or user.has_role_on(path, [Role.TEAM_LEADER])


def may_record_activity(user: User, path: str) -> bool:
    """Record activities: officers and anyone on the team."""
    return user.can_manage(path) or user.has_role_on(path, [Role.TEAM_LEADER, Role.TEAM_MEMBER])
