"""One demo account per role, so that a new visitor can see the site through each role's eyes."""

from cnscd.accounts.models import RoleAssignment, User
from cnscd.accounts.roles import Role
from cnscd.accounts.services import user_create
from cnscd.geo.models import Unit

DEMO_PASSWORD = "cnscd-demo-2026"
DEMO_USERS = {
    "admin": Role.NATIONAL_ADMIN,
    "tinh": Role.PROVINCE_OFFICER,
    "xa": Role.COMMUNE_OFFICER,
    "totruong": Role.TEAM_LEADER,
    "thanhvien": Role.TEAM_MEMBER,
    "xem": Role.VIEWER,
}


def demo_accounts(*, country: Unit, province: Unit, commune: Unit, village: Unit) -> None:
    """Create the demo users that do not exist yet, each with its role on a fitting unit."""
    units = {
        Role.NATIONAL_ADMIN: country,
        Role.PROVINCE_OFFICER: province,
        Role.COMMUNE_OFFICER: commune,
        Role.TEAM_LEADER: village,
        Role.TEAM_MEMBER: village,
        Role.VIEWER: province,
    }
    existing = set(User.objects.filter(username__in=DEMO_USERS).values_list("username", flat=True))
    for username, role in DEMO_USERS.items():
        if username not in existing:
            user_create(
                username=username,
                role=role,
                unit=units[role],
                by=None,
                password=DEMO_PASSWORD,
                check_password=False,
            )


def demo_logins() -> list[RoleAssignment]:
    """The demo users' role assignments, in the order of DEMO_USERS."""
    assignments = RoleAssignment.objects.filter(user__username__in=DEMO_USERS).select_related(
        "user", "unit"
    )
    order = list(DEMO_USERS)
    return sorted(assignments, key=lambda a: order.index(a.user.username))
