"""Reads of teams, members, activities and adoptions, always through the caller's scope."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cnscd.accounts.models import User
from cnscd.accounts.roles import FIELD_ROLES, OFFICER_ROLES
from cnscd.geo.scope import scope_q
from cnscd.teams.models import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    Activity,
    DigitalModel,
    Member,
    ModelAdoption,
    Team,
    TeamStatus,
)
from cnscd.vntext.folding import fold
from cnscd.vntext.phones import mask_phone


def teams_visible_to(user: User) -> QuerySet[Team]:
    """Every team read starts here."""
    return Team.objects.filter(scope_q(user)).select_related("village", "village__parent")


def team_get_for(user: User, *, team_id: int) -> Team:
    """The team, or 404 when it does not exist or is outside the user's subtree alike."""
    return get_object_or_404(teams_visible_to(user), pk=team_id)


def teams_filter(
    teams: QuerySet[Team],
    *,
    path: str | None = None,
    status: str | None = None,
    flag: str | None = None,
    search: str = "",
) -> QuerySet[Team]:
    """The filters shared by the team list page and `GET /api/v1/teams`."""
    if path:
        teams = teams.filter(path__under=path)
    if status:
        teams = teams.filter(status=status)
    if flag == "size_out_of_range":
        teams = teams.filter(status=TeamStatus.ACTIVE).exclude(
            active_members__gte=MIN_MEMBERS, active_members__lte=MAX_MEMBERS
        )
    elif flag == "no_leader":
        teams = teams.filter(status=TeamStatus.ACTIVE, has_leader=False)
    if search.strip():
        folded = fold(search)
        teams = teams.filter(
            Q(village__name_folded__contains=folded) | Q(village__code=search.strip())
        )
    return teams.order_by(
        "village__parent__sort_key", "village__sort_key", "village__code", "-created_at"
    )


def members_visible_to(user: User) -> QuerySet[Member]:
    return Member.objects.filter(scope_q(user)).select_related("team")


def member_get_for(user: User, *, member_id: int) -> Member:
    return get_object_or_404(members_visible_to(user), pk=member_id)


def member_phone_for(user: User, member: Member) -> str:
    """Officers and the team's own people see a member's phone; others see it masked.

    Team members' phones are their work contact, so the roles that work with
    the team need them; a viewer gets `091****678`.
    """
    if not member.phone:
        return ""
    if user.has_role_on(member.path, (*OFFICER_ROLES, *FIELD_ROLES)):
        return member.phone
    return mask_phone(member.phone)


def activities_visible_to(user: User) -> QuerySet[Activity]:
    return Activity.objects.filter(scope_q(user)).prefetch_related("photos")


def adoptions_visible_to(user: User) -> QuerySet[ModelAdoption]:
    return ModelAdoption.objects.filter(scope_q(user)).select_related("model", "unit")


def digital_models_offered() -> QuerySet[DigitalModel]:
    """The catalogue is public knowledge: no scope."""
    return DigitalModel.objects.filter(is_active=True)
