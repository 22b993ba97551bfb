"""The six roles and what each may do; one table, read by every permission check."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Kind


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("national administrator")
    PROVINCE_OFFICER = "province_officer", _("province officer")
    COMMUNE_OFFICER = "commune_officer", _("commune officer")
    TEAM_LEADER = "team_leader", _("team leader")
    TEAM_MEMBER = "team_member", _("team member")
    VIEWER = "viewer", _("viewer")


# The unit level each role is assigned on; a national admin holds the country.
ROLE_UNIT_KIND = {
    Role.NATIONAL_ADMIN: Kind.COUNTRY,
    Role.PROVINCE_OFFICER: Kind.PROVINCE,
    Role.COMMUNE_OFFICER: Kind.COMMUNE,
    Role.TEAM_LEADER: Kind.VILLAGE,
    Role.TEAM_MEMBER: Kind.VILLAGE,
    Role.VIEWER: None,  # any level: a viewer reads whatever subtree they are given
}

# Officers manage the unit tree, teams and people of their subtree.
OFFICER_ROLES = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER)
# Roles that work with residents in the field and may see their contacts.
FIELD_ROLES = (Role.TEAM_LEADER, Role.TEAM_MEMBER)
