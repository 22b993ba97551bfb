"""Writes to teams, members, activities and digital-model adoptions.

Each service runs in one transaction, validates, writes and records its own
audit event. Callers pass objects fetched through the scoped selectors and
have checked the caller's right to write (see `teams.permissions`).
"""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role
from cnscd.accounts.services import user_create
from cnscd.audit.services import audit_record
from cnscd.changes import apply_changes, only_editable
from cnscd.errors import ServiceError, service_error_from
from cnscd.geo.models import Kind, Unit
from cnscd.teams.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    Background,
    DigitalModel,
    Gender,
    Member,
    MemberRole,
    ModelAdoption,
    Team,
    TeamStatus,
    TelecomOperator,
)
from cnscd.teams.photos import photo_clean
from cnscd.vntext.errors import VnTextError
from cnscd.vntext.folding import fold
from cnscd.vntext.names import title_case_name
from cnscd.vntext.phones import normalize_phone
from cnscd.vntext.sorting import name_sort_key

OLDEST_BIRTH_YEAR = 1920
YOUNGEST_MEMBER_AGE = 10


def _today() -> date:
    return timezone.localdate()


def _not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > _today():
        raise ServiceError(
            "date_in_future",
            _("The date %(date)s is in the future.") % {"date": value.strftime("%d/%m/%Y")},
            field=field,
        )


def _choice(value: str, choices: type, field: str) -> str:
    if value not in choices.values:
        raise ServiceError(
            f"invalid_{field}",
            _("%(value)s is not a valid choice; use one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(choices.values)},
            field=field,
        )
    return value


# --- teams -------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    village: Unit,
    by: Any,
    name: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    decision_body: str = "",
    publish_contact: bool = False,
) -> Team:
    """Register the team of a village; refused while the village has a team not dissolved."""
    if village.kind != Kind.VILLAGE or not village.is_current:
        raise ServiceError(
            "not_a_village",
            _("A team belongs to a village or residential group; %(name)s is not one.")
            % {"name": village.name},
            field="village",
        )
    existing = Team.objects.filter(village=village).exclude(status=TeamStatus.DISSOLVED).first()
    if existing:
        raise _team_exists(existing)
    _not_in_future(decision_date, "decision_date")
    name = " ".join(name.split()) or _("Community digital technology team of %(village)s") % {
        "village": village.name
    }
    team = Team(
        village=village,
        path=village.path,
        province_code=village.province_code,
        commune_code=village.parent.code,
        name=name[:200],
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_body=decision_body.strip(),
        publish_contact=publish_contact,
        status_since=decision_date or _today(),
    )
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:  # a concurrent registration won the race
        raise _team_exists(
            Team.objects.exclude(status=TeamStatus.DISSOLVED).get(village=village)
        ) from None
    audit_record(actor=by, verb="teams.team.created", obj=team)
    return team


def _team_exists(existing: Team) -> ServiceError:
    return ServiceError(
        "team_exists",
        _(
            "%(village)s already has a team: %(team)s (no. %(id)d, %(status)s). "
            "Dissolve it before registering another."
        )
        % {
            "village": existing.village.name,
            "team": existing.name,
            "id": existing.pk,
            "status": existing.get_status_display(),
        },
        field="village",
        status=409,
    )


TEAM_EDITABLE = ("name", "decision_number", "decision_date", "decision_body", "publish_contact")


@transaction.atomic
def team_update(*, team: Team, by: Any, **changes: Any) -> Team:
    """Change the team's name, decision or publication choice; audit lists the changed fields."""
    only_editable(changes, TEAM_EDITABLE)
    if "name" in changes:
        changes["name"] = " ".join(str(changes["name"]).split())
        if not changes["name"]:
            raise ServiceError("name_required", _("Enter the team name."), field="name")
    _not_in_future(changes.get("decision_date"), "decision_date")
    changed = apply_changes(team, changes)
    if changed:
        team.save()
        audit_record(actor=by, verb="teams.team.updated", obj=team, details={"fields": changed})
    return team


@transaction.atomic
def team_set_status(*, team: Team, status: str, on: date, by: Any) -> Team:
    """Suspend, dissolve or reactivate a team from a date."""
    _choice(status, TeamStatus, "status")
    _not_in_future(on, "on")
    if status == team.status:
        return team
    if team.status == TeamStatus.DISSOLVED:
        other = (
            Team.objects.filter(village=team.village).exclude(status=TeamStatus.DISSOLVED).first()
        )
        if other:
            raise _team_exists(other)
    previous = team.status
    team.status, team.status_since = status, on
    team.save(update_fields=["status", "status_since", "updated_at"])
    _refresh_summary(team)
    audit_record(
        actor=by,
        verb=f"teams.team.{status}",
        obj=team,
        details={"from": previous, "on": on.isoformat()},
    )
    return team


def _refresh_summary(team: Team) -> None:
    """Recount active members and the leader, and mark who is counted in statistics.

    Called by every member write and every change of team status (at most
    a dozen rows per team).
    """
    current = team.members.filter(left_on__isnull=True)
    current.update(counted=team.status == TeamStatus.ACTIVE)
    team.members.filter(left_on__isnull=False, counted=True).update(counted=False)
    summary = current.aggregate(
        active=Count("id"), leaders=Count("id", filter=Q(role=MemberRole.LEADER))
    )
    Team.objects.filter(pk=team.pk).update(
        active_members=summary["active"], has_leader=summary["leaders"] > 0
    )
    team.active_members, team.has_leader = summary["active"], summary["leaders"] > 0


# --- members -----------------------------------------------------------------


def _clean_member_fields(
    fields: dict[str, Any], *, current: Member | None = None
) -> dict[str, Any]:
    """Validate and normalise member fields; raises ServiceError naming the field."""
    clean: dict[str, Any] = {}
    if "full_name" in fields:
        name = title_case_name(fields["full_name"] or "")
        if not name:
            raise ServiceError(
                "missing_name", _("Enter the member's full name."), field="full_name"
            )
        clean.update(
            full_name=name[:120], name_folded=fold(name)[:120], sort_key=name_sort_key(name)[:400]
        )
    if "gender" in fields:
        clean["gender"] = _choice(fields["gender"], Gender, "gender")
    if "birth_year" in fields and fields["birth_year"] is not None:
        year = fields["birth_year"]
        latest = _today().year - YOUNGEST_MEMBER_AGE
        if not isinstance(year, int) or not OLDEST_BIRTH_YEAR <= year <= latest:
            raise ServiceError(
                "invalid_birth_year",
                _("The birth year must be between %(first)d and %(last)d.")
                % {"first": OLDEST_BIRTH_YEAR, "last": latest},
                field="birth_year",
            )
        clean["birth_year"] = year
    if "phone" in fields:
        raw = (fields["phone"] or "").strip()
        try:
            clean["phone"] = normalize_phone(raw) if raw else ""
        except VnTextError as e:
            raise service_error_from(e, field="phone") from None
    if "role" in fields:
        clean["role"] = _choice(fields["role"], MemberRole, "role")
    background = fields.get("background", current.background if current else Background.OTHER)
    operator = fields.get("telecom_operator", current.telecom_operator if current else "") or ""
    if "background" in fields or "telecom_operator" in fields:
        _choice(background, Background, "background")
        if background == Background.TELECOM:
            if not operator:
                raise ServiceError(
                    "operator_required",
                    _("Choose which telecom company the member works for."),
                    field="telecom_operator",
                )
            _choice(operator, TelecomOperator, "telecom_operator")
        else:
            operator = ""
        clean.update(background=background, telecom_operator=operator)
    return clean


def _check_single_leader(team: Team, role: str | None, exclude: Member | None = None) -> None:
    if role != MemberRole.LEADER:
        return
    leaders = team.members.filter(role=MemberRole.LEADER, left_on__isnull=True)
    if exclude is not None:
        leaders = leaders.exclude(pk=exclude.pk)
    leader = leaders.first()
    if leader:
        raise ServiceError(
            "leader_exists",
            _("%(name)s is already the team leader; make them a member first.")
            % {"name": leader.full_name},
            field="role",
            status=409,
        )


@transaction.atomic
def member_add(
    *,
    team: Team,
    by: Any,
    full_name: str,
    gender: str,
    joined_on: date,
    birth_year: int | None = None,
    phone: str = "",
    role: str = MemberRole.MEMBER,
    background: str = Background.OTHER,
    telecom_operator: str = "",
) -> Member:
    """Add a person to the team; the team's member count and leader flag follow."""
    if team.status == TeamStatus.DISSOLVED:
        raise ServiceError("team_dissolved", _("This team is dissolved."), field="team")
    _not_in_future(joined_on, "joined_on")
    fields = _clean_member_fields(
        {
            "full_name": full_name,
            "gender": gender,
            "birth_year": birth_year,
            "phone": phone,
            "role": role,
            "background": background,
            "telecom_operator": telecom_operator,
        }
    )
    _check_single_leader(team, fields["role"])
    member = Member(
        team=team,
        path=team.path,
        province_code=team.province_code,
        commune_code=team.commune_code,
        joined_on=joined_on,
        **fields,
    )
    member.save()
    _refresh_summary(team)
    audit_record(actor=by, verb="teams.member.added", obj=member)
    return member


MEMBER_EDITABLE = (
    "full_name",
    "gender",
    "birth_year",
    "phone",
    "role",
    "background",
    "telecom_operator",
    "joined_on",
)


@transaction.atomic
def member_update(*, member: Member, by: Any, **changes: Any) -> Member:
    """Correct a member's details or change their role in the team."""
    only_editable(changes, MEMBER_EDITABLE)
    fields = _clean_member_fields(changes, current=member)
    if "joined_on" in changes:
        _not_in_future(changes["joined_on"], "joined_on")
        if member.left_on and changes["joined_on"] > member.left_on:
            raise _left_before_joined(member.left_on, changes["joined_on"])
        fields["joined_on"] = changes["joined_on"]
    if member.is_active:
        _check_single_leader(member.team, fields.get("role"), exclude=member)
    changed = apply_changes(member, fields)
    if changed:
        member.save()
        _refresh_summary(member.team)
        shown = [f for f in changed if f not in ("name_folded", "sort_key")]
        audit_record(actor=by, verb="teams.member.updated", obj=member, details={"fields": shown})
    return member


def _left_before_joined(left_on: date, joined_on: date) -> ServiceError:
    return ServiceError(
        "left_before_joined",
        _("The leaving date %(left)s is before the joining date %(joined)s.")
        % {"left": left_on.strftime("%d/%m/%Y"), "joined": joined_on.strftime("%d/%m/%Y")},
        field="left_on",
    )


@transaction.atomic
def member_leave(*, member: Member, left_on: date, by: Any) -> Member:
    """Record that a member left; the row stays for history and allowances."""
    if member.left_on is not None:
        raise ServiceError(
            "already_left",
            _("%(name)s already left the team on %(date)s.")
            % {"name": member.full_name, "date": member.left_on.strftime("%d/%m/%Y")},
            field="left_on",
        )
    _not_in_future(left_on, "left_on")
    if left_on < member.joined_on:
        raise _left_before_joined(left_on, member.joined_on)
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    _refresh_summary(member.team)
    if member.user_id:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    audit_record(
        actor=by, verb="teams.member.left", obj=member, details={"on": left_on.isoformat()}
    )
    return member


@transaction.atomic
def member_invite(*, member: Member, username: str, by: Any) -> tuple[User, str]:
    """Create the member's account, scoped to their village; returns it and a one-time password.

    Leaders get `team_leader`, everyone else `team_member`.
    """
    if not member.is_active:
        raise ServiceError(
            "member_left", _("%(name)s has left the team.") % {"name": member.full_name}
        )
    if member.user_id:
        raise ServiceError(
            "already_invited",
            _("%(name)s already has the account %(username)s.")
            % {"name": member.full_name, "username": member.user.username},
            status=409,
        )
    role = Role.TEAM_LEADER if member.role == MemberRole.LEADER else Role.TEAM_MEMBER
    user, password = user_create(
        username=username,
        role=role,
        unit=member.team.village,
        by=by,
        full_name=member.full_name,
    )
    user.phone = member.phone
    user.save(update_fields=["phone"])
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit_record(actor=by, verb="teams.member.invited", obj=member, details={"username": username})
    return user, password


# --- activities and digital models --------------------------------------------

MAX_PHOTOS = 6


@transaction.atomic
def activity_create(
    *,
    team: Team,
    by: Any,
    held_on: date,
    kind: str,
    title: str,
    participants: int = 0,
    notes: str = "",
    photos: list[UploadedFile] | None = None,
) -> Activity:
    """Record what the team did; every photo is checked before anything is stored."""
    _choice(kind, ActivityKind, "kind")
    _not_in_future(held_on, "held_on")
    title = " ".join(title.split())
    if not title:
        raise ServiceError("title_required", _("Enter a title for the activity."), field="title")
    if participants < 0:
        raise ServiceError(
            "invalid_participants",
            _("The number of participants cannot be negative."),
            field="participants",
        )
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(
            "too_many_photos",
            _("At most %(count)d photos per activity.") % {"count": MAX_PHOTOS},
            field="photos",
        )
    cleaned = [photo_clean(p) for p in photos]
    activity = Activity.objects.create(
        team=team,
        path=team.path,
        held_on=held_on,
        kind=kind,
        title=title[:200],
        participants=participants,
        notes=notes.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    for content in cleaned:
        photo = ActivityPhoto(activity=activity)
        photo.image.save(content.name, content, save=True)
    audit_record(
        actor=by, verb="teams.activity.recorded", obj=activity, details={"photos": len(cleaned)}
    )
    return activity


@transaction.atomic
def model_adopt(
    *, model: DigitalModel, unit: Unit, since: date, by: Any, notes: str = ""
) -> ModelAdoption:
    """Record that a unit runs a digital model since a date."""
    if unit.kind == Kind.COUNTRY or not unit.is_current:
        raise ServiceError(
            "invalid_unit", _("Choose a province, commune or village."), field="unit"
        )
    if not model.is_active:
        raise ServiceError(
            "model_retired",
            _("%(model)s is no longer offered.") % {"model": model.name},
            field="model",
        )
    _not_in_future(since, "since")
    existing = ModelAdoption.objects.filter(model=model, unit=unit).first()
    if existing:
        raise ServiceError(
            "adoption_exists",
            _("%(unit)s already runs %(model)s since %(date)s.")
            % {"unit": unit.name, "model": model.name, "date": existing.since.strftime("%d/%m/%Y")},
            status=409,
        )
    adoption = ModelAdoption.objects.create(
        model=model, unit=unit, path=unit.path, since=since, notes=notes.strip()
    )
    audit_record(actor=by, verb="teams.model.adopted", obj=adoption)
    return adoption
