"""Teams API: teams, members, activities and digital-model adoptions, all scoped and paginated."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from cnscd.errors import ServiceError, require
from cnscd.geo.schemas import UnitCode, UnitName
from cnscd.geo.selectors import unit_get_for
from cnscd.teams import services
from cnscd.teams.models import Activity, Member, Team
from cnscd.teams.permissions import (
    may_edit_members,
    may_manage_team,
    may_record_activity,
    may_record_adoption,
)
from cnscd.teams.selectors import (
    activities_visible_to,
    adoptions_visible_to,
    digital_models_offered,
    member_get_for,
    member_phone_for,
    members_visible_to,
    team_get_for,
    teams_filter,
    teams_visible_to,
)

router = Router(tags=["teams"])


class TeamOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    decision_number: str
    decision_date: date | None
    decision_body: str
    status: str
    status_since: date | None
    active_members: int
    has_leader: bool
    flags: list[str]

    @staticmethod
    def resolve_village(team: Team) -> str:
        return team.village.code

    @staticmethod
    def resolve_village_name(team: Team) -> str:
        return team.village.name


class TeamIn(Schema):
    village: str
    name: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    decision_body: str = ""
    publish_contact: bool = False


class TeamPatch(Schema):
    name: str | None = None
    decision_number: str | None = None
    decision_date: date | None = None
    decision_body: str | None = None
    publish_contact: bool | None = None
    status: str | None = None
    status_since: date | None = None


class MemberOut(Schema):
    id: int
    team: int
    full_name: str
    gender: str
    birth_year: int | None
    phone: str
    role: str
    background: str
    telecom_operator: str
    joined_on: date
    left_on: date | None
    has_account: bool

    @staticmethod
    def resolve_team(member: Member) -> int:
        return member.team_id

    @staticmethod
    def resolve_phone(member: Member, context) -> str:
        """Masked unless the caller's role needs the number (teams.selectors.member_phone_for)."""
        return member_phone_for(context["request"].auth, member)

    @staticmethod
    def resolve_has_account(member: Member) -> bool:
        return member.user_id is not None


class MemberIn(Schema):
    full_name: str
    gender: str
    joined_on: date
    birth_year: int | None = None
    phone: str = ""
    role: str = "member"
    background: str = "other"
    telecom_operator: str = ""


class MemberPatch(Schema):
    full_name: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    phone: str | None = None
    role: str | None = None
    background: str | None = None
    telecom_operator: str | None = None
    joined_on: date | None = None
    left_on: date | None = None


class InviteIn(Schema):
    username: str


class InviteOut(Schema):
    username: str
    password: str


class ActivityOut(Schema):
    id: int
    team: int
    held_on: date
    kind: str
    title: str
    participants: int
    notes: str
    photos: list[str]

    @staticmethod
    def resolve_team(activity: Activity) -> int:
        return activity.team_id

    @staticmethod
    def resolve_photos(activity: Activity) -> list[str]:
        return [p.image.url for p in activity.photos.all()]


class ActivityIn(Schema):
    held_on: date
    kind: str
    title: str
    participants: int = 0
    notes: str = ""


class DigitalModelOut(Schema):
    key: str
    name: str
    description: str


class AdoptionOut(Schema):
    id: int
    model: str
    model_name: str
    unit: UnitCode
    unit_name: UnitName
    since: date
    notes: str

    @staticmethod
    def resolve_model(adoption) -> str:
        return adoption.model.key

    @staticmethod
    def resolve_model_name(adoption) -> str:
        return adoption.model.name


class AdoptionIn(Schema):
    model: str
    unit: str
    since: date
    notes: str = ""


# --- teams ----------------------------------------------------------------------


@router.get("/teams", response=list[TeamOut])
@paginate(LimitOffsetPagination)
def team_list(
    request,
    unit: str | None = None,
    status: str | None = None,
    flag: str | None = None,
    search: str = "",
):
    """Teams of your subtree; `unit` narrows to a unit, `flag` to size_out_of_range or no_leader."""
    path = unit_get_for(request.auth, code=unit).path if unit else None
    return teams_filter(
        teams_visible_to(request.auth), path=path, status=status, flag=flag, search=search
    )


@router.post("/teams", response={201: TeamOut})
def team_create(request, data: TeamIn):
    village = unit_get_for(request.auth, code=data.village)
    require(may_manage_team(request.auth, village.path))
    team = services.team_create(village=village, by=request.auth, **data.dict(exclude={"village"}))
    return Status(201, team)


@router.get("/teams/{team_id}", response=TeamOut)
def team_detail(request, team_id: int):
    return team_get_for(request.auth, team_id=team_id)


@router.patch("/teams/{team_id}", response=TeamOut)
def team_update(request, team_id: int, data: TeamPatch):
    team = team_get_for(request.auth, team_id=team_id)
    require(may_manage_team(request.auth, team.path))
    changes = data.dict(exclude_unset=True)
    status, since = changes.pop("status", None), changes.pop("status_since", None)
    team = services.team_update(team=team, by=request.auth, **changes)
    if status:
        team = services.team_set_status(
            team=team, status=status, by=request.auth, on=since or timezone.localdate()
        )
    return team


# --- members --------------------------------------------------------------------


@router.get("/teams/{team_id}/members", response=list[MemberOut])
@paginate(LimitOffsetPagination)
def member_list(request, team_id: int, include_left: bool = False):
    """Members in Vietnamese name order; past members with `include_left=true`."""
    team = team_get_for(request.auth, team_id=team_id)
    members = members_visible_to(request.auth).filter(team=team)
    if not include_left:
        members = members.filter(left_on__isnull=True)
    return members.order_by("sort_key")


@router.post("/teams/{team_id}/members", response={201: MemberOut})
def member_add(request, team_id: int, data: MemberIn):
    team = team_get_for(request.auth, team_id=team_id)
    require(may_edit_members(request.auth, team.path))
    member = services.member_add(team=team, by=request.auth, **data.dict())
    return Status(201, member)


@router.get("/members/{member_id}", response=MemberOut)
def member_detail(request, member_id: int):
    member = member_get_for(request.auth, member_id=member_id)
    return member


@router.patch("/members/{member_id}", response=MemberOut)
def member_update(request, member_id: int, data: MemberPatch):
    """Correct details, change the role, or record leaving with `left_on`."""
    member = member_get_for(request.auth, member_id=member_id)
    require(may_edit_members(request.auth, member.path))
    changes = data.dict(exclude_unset=True)
    left_on = changes.pop("left_on", None)
    member = services.member_update(member=member, by=request.auth, **changes)
    if left_on:
        member = services.member_leave(member=member, left_on=left_on, by=request.auth)
    return member


@router.post("/members/{member_id}/invite", response={201: InviteOut})
def member_invite(request, member_id: int, data: InviteIn):
    """Create the member's account on their village; the password is shown once."""
    member = member_get_for(request.auth, member_id=member_id)
    require(may_edit_members(request.auth, member.path))
    user, password = services.member_invite(member=member, username=data.username, by=request.auth)
    return Status(201, {"username": user.username, "password": password})


# --- activities -----------------------------------------------------------------


@router.get("/teams/{team_id}/activities", response=list[ActivityOut])
@paginate(LimitOffsetPagination)
def activity_list(request, team_id: int):
    team = team_get_for(request.auth, team_id=team_id)
    return activities_visible_to(request.auth).filter(team=team)


@router.post("/teams/{team_id}/activities", response={201: ActivityOut})
def activity_create(
    request, team_id: int, data: Form[ActivityIn], photos: File[list[UploadedFile]] = None
):
    """Multipart form: the fields plus up to six `photos` (images only, EXIF removed)."""
    team = team_get_for(request.auth, team_id=team_id)
    require(may_record_activity(request.auth, team.path))
    activity = services.activity_create(
        team=team, by=request.auth, photos=photos or [], **data.dict()
    )
    return Status(201, activity)


# --- digital models -------------------------------------------------------------


@router.get("/digital-models", response=list[DigitalModelOut])
def digital_model_list(request):
    return digital_models_offered()


@router.get("/adoptions", response=list[AdoptionOut])
@paginate(LimitOffsetPagination)
def adoption_list(request, unit: str | None = None, model: str | None = None):
    adoptions = adoptions_visible_to(request.auth)
    if unit:
        adoptions = adoptions.filter(path__under=unit_get_for(request.auth, code=unit).path)
    if model:
        adoptions = adoptions.filter(model__key=model)
    return adoptions.order_by("unit__sort_key", "model__position")


@router.post("/adoptions", response={201: AdoptionOut})
def adoption_create(request, data: AdoptionIn):
    unit = unit_get_for(request.auth, code=data.unit)
    require(may_record_adoption(request.auth, unit.path))
    model = digital_models_offered().filter(key=data.model).first()
    if model is None:
        raise ServiceError(
            "unknown_model",
            _("Unknown digital model %(key)s.") % {"key": data.model},
            field="model",
        )
    adoption = services.model_adopt(
        model=model, unit=unit, since=data.since, notes=data.notes, by=request.auth
    )
    return Status(201, adoption)
