"""Writes to training: courses, their sessions, and who attended and completed them.

Callers fetch units, courses, sessions and members through the scoped
selectors and check `permissions.may_organise` on the unit first.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import Kind, Unit
from cnscd.learning.models import Attendance, Course, Session, TrainingMode
from cnscd.people.skills import Skill
from cnscd.teams.models import Member


def _required(value: str, field: str, message: str, length: int) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ServiceError(f"{field}_required", message, field=field)
    return value[:length]


def _current_unit(unit: Unit) -> None:
    if not unit.is_current:
        raise ServiceError(
            "unit_closed",
            _("%(name)s no longer exists as a unit.") % {"name": unit.name},
            field="unit",
        )


@transaction.atomic
def course_create(
    *,
    unit: Unit,
    by: Any,
    title: str,
    mode: str,
    skills: list[str],
    description: str = "",
) -> Course:
    """A course organised by `unit` for the members of its subtree."""
    _current_unit(unit)
    if unit.kind == Kind.VILLAGE:
        raise ServiceError(
            "village_course",
            _("Courses are organised by a commune, a province or the country."),
            field="unit",
        )
    if mode not in TrainingMode.values:
        raise ServiceError(
            "invalid_mode",
            _("%(value)s is not a valid choice; use one of: %(choices)s.")
            % {"value": mode, "choices": ", ".join(TrainingMode.values)},
            field="mode",
        )
    unknown = [key for key in skills if key not in Skill.values]
    if unknown:
        raise ServiceError(
            "invalid_skill",
            _("Unknown skills: %(keys)s.") % {"keys": ", ".join(unknown)},
            field="skills",
        )
    course = Course.objects.create(
        unit=unit,
        path=unit.path,
        title=_required(title, "title", _("Enter a title."), 200),
        description=description.strip(),
        skills=[key for key in Skill.values if key in skills],  # the catalogue's order, no repeats
        mode=mode,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, verb="learning.course.created", obj=course)
    return course


@transaction.atomic
def session_create(
    *,
    course: Course,
    unit: Unit,
    by: Any,
    held_on: date,
    place: str,
    trainer: str,
    notes: str = "",
) -> Session:
    """A session of the course for the members of `unit`'s subtree, inside the course's own
    subtree. Planned sessions may lie in the future; attendance waits for the day."""
    _current_unit(unit)
    if not unit.path.startswith(course.path):
        raise ServiceError(
            "unit_outside_course",
            _("%(course)s is organised by %(organiser)s; %(unit)s is outside it.")
            % {"course": course.title, "organiser": course.unit.name, "unit": unit.name},
            field="unit",
        )
    session = Session.objects.create(
        course=course,
        unit=unit,
        path=unit.path,
        province_code=unit.province_code,
        held_on=held_on,
        place=_required(place, "place", _("Enter where the session is held."), 200),
        trainer=_required(trainer, "trainer", _("Enter the trainer's name."), 120),
        notes=notes.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(actor=by, verb="learning.session.created", obj=session)
    return session


def _check_attendee(session: Session, member: Member) -> None:
    if not member.path.startswith(session.path):
        raise ServiceError(
            "member_outside_session_unit",
            _("%(name)s is a member in another place; this session is for %(unit)s.")
            % {"name": member.full_name, "unit": session.unit.name},
            field="members",
        )
    if member.left_on is not None and member.left_on < session.held_on:
        raise ServiceError(
            "member_left",
            _("%(name)s left the team on %(date)s, before the session.")
            % {"name": member.full_name, "date": member.left_on.strftime("%d/%m/%Y")},
            field="members",
        )


@transaction.atomic
def attendance_record(
    *, session: Session, members: list[Member], completed: bool, by: Any
) -> list[Attendance]:
    """Record that these members attended (and whether they completed) the session.

    Idempotent per member: a member already recorded gets `completed` updated.
    Every member is checked before anything is written, so a refused member
    leaves the session as it was.
    """
    if session.held_on > timezone.localdate():
        raise ServiceError(
            "session_not_held",
            _("The session is on %(date)s; record attendance from that day.")
            % {"date": session.held_on.strftime("%d/%m/%Y")},
        )
    if not members:
        raise ServiceError("members_required", _("Choose at least one member."), field="members")
    for member in members:
        _check_attendee(session, member)
    existing = {a.member_id: a for a in session.attendances.filter(member__in=members)}
    recorded = []
    for member in members:
        attendance = existing.get(member.pk)
        if attendance is None:
            attendance = Attendance.objects.create(
                session=session,
                member=member,
                path=member.path,
                completed=completed,
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
            )
        elif attendance.completed != completed:
            attendance.completed = completed
            attendance.save(update_fields=["completed", "updated_at"])
        recorded.append(attendance)
    audit_record(
        actor=by,
        verb="learning.attendance.recorded",
        obj=session,
        details={"members": [m.pk for m in members], "completed": completed},
    )
    return recorded


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by: Any) -> None:
    """Take back an attendance recorded by mistake (its certificate goes with it)."""
    session = attendance.session
    member_id = attendance.member_id
    attendance.delete()
    audit_record(
        actor=by,
        verb="learning.attendance.removed",
        obj=session,
        details={"member": member_id},
    )
