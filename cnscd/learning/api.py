"""Learning API under /api/v1/learning: guides, announcements (the field app reads these),
courses, sessions, attendance and training figures. Scoped like every other router."""

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from cnscd.accounts.roles import OFFICER_ROLES, Role
from cnscd.errors import ServiceError, require
from cnscd.geo.schemas import UnitCode, UnitName
from cnscd.geo.selectors import unit_get_for
from cnscd.learning import selectors
from cnscd.learning.figures import training_figures
from cnscd.learning.models import Announcement, Attendance, Guide, Session
from cnscd.learning.permissions import may_announce, may_organise, may_write_guide
from cnscd.learning.services import announcements, guides, training
from cnscd.teams.selectors import member_get_for, members_visible_to

router = Router(tags=["learning"])


# --- guides -------------------------------------------------------------------


class GuideSummaryOut(Schema):
    slug: str
    title: str
    skill: str
    audience: str
    summary: str
    province: str | None
    is_published: bool

    @staticmethod
    def resolve_province(guide: Guide) -> str | None:
        return guide.province.code if guide.province_id else None


class StepOut(Schema):
    position: int
    text: str
    image: str | None

    @staticmethod
    def resolve_image(step) -> str | None:
        return step.image.url if step.image else None


class GuideOut(GuideSummaryOut):
    safety: list[str]
    steps: list[StepOut]

    @staticmethod
    def resolve_safety(guide: Guide) -> list[str]:
        return guide.safety_lines

    @staticmethod
    def resolve_steps(guide: Guide) -> list:
        return list(guide.steps.all())


class GuideIn(Schema):
    title: str
    steps: list[str]
    summary: str = ""
    safety: list[str] = []
    skill: str = ""
    audience: str = "residents"
    province: str | None = None
    is_published: bool = True


class GuidePatch(Schema):
    title: str | None = None
    steps: list[str] | None = None
    summary: str | None = None
    safety: list[str] | None = None
    skill: str | None = None
    audience: str | None = None
    is_published: bool | None = None


@router.get("/guides", response=list[GuideSummaryOut])
@paginate(LimitOffsetPagination)
def guide_list(request, search: str = "", skill: str | None = None):
    """Published guides (and unpublished ones you may edit), best match first with `search`
    (diacritics optional: `kich hoat vneid` finds "Kích hoạt VNeID")."""
    found = selectors.guides_visible_to(request.auth)
    if skill:
        found = found.filter(skill=skill)
    return selectors.guides_search(found, search[:100])


@router.get("/guides/{slug}", response=GuideOut)
def guide_detail(request, slug: str):
    return selectors.guide_get_for(request.auth, slug=slug)


@router.post("/guides", response={201: GuideOut})
def guide_create(request, data: GuideIn):
    """HTML in `steps` is cleaned (a small allow-list; scripts, event attributes and
    `javascript:` links are removed). `province`: a province code for a local guide."""
    province = (
        unit_get_for(
            request.auth, code=data.province, roles=(Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER)
        )
        if data.province
        else None
    )
    require(may_write_guide(request.auth, province))
    fields = data.dict(exclude={"province", "safety"})
    guide = guides.guide_create(
        by=request.auth, province=province, safety="\n".join(data.safety), **fields
    )
    return Status(201, guide)


@router.patch("/guides/{slug}", response=GuideOut)
def guide_update(request, slug: str, data: GuidePatch):
    guide = selectors.guide_get_for(request.auth, slug=slug)
    require(may_write_guide(request.auth, guide.province))
    changes = data.dict(exclude_unset=True)
    if "safety" in changes:
        changes["safety"] = "\n".join(changes["safety"] or [])
    return guides.guide_update(guide=guide, by=request.auth, **changes)


# --- announcements ----------------------------------------------------------------


class _NoticeOut(Schema):
    id: int
    unit: UnitCode
    unit_name: UnitName
    kind: str
    title: str
    sent_at: datetime


class AnnouncementOut(_NoticeOut):
    body: str
    read: bool
    read_at: datetime | None

    @staticmethod
    def resolve_read(notice: Announcement) -> bool:
        return notice.is_read


class AnnouncementSentOut(_NoticeOut):
    read_count: int
    recipient_count: int

    @staticmethod
    def resolve_read_count(notice: Announcement) -> int:
        return notice.read_count or 0

    @staticmethod
    def resolve_recipient_count(notice: Announcement) -> int:
        return notice.recipient_count or 0


class AnnouncementIn(Schema):
    unit: str
    title: str
    body: str
    kind: str = "other"


class ReadOut(Schema):
    id: int
    read_at: datetime


@router.get("/announcements", response=list[AnnouncementOut])
@paginate(LimitOffsetPagination)
def announcement_list(request, unread: bool = False):
    """Your notices, unread first, then newest; `unread=true` lists only the unread ones
    (their `count` is the badge of the field app)."""
    notices = selectors.announcements_for(request.auth)
    return notices.filter(is_read=False) if unread else notices


@router.get("/announcements/sent", response=list[AnnouncementSentOut])
@paginate(LimitOffsetPagination)
def announcement_sent(request):
    """Officers: notices sent to units of your subtrees, with how many of the recipients read."""
    return selectors.announcements_sent_visible_to(request.auth)


@router.post("/announcements", response={201: AnnouncementSentOut})
def announcement_send(request, data: AnnouncementIn):
    unit = unit_get_for(request.auth, code=data.unit, roles=OFFICER_ROLES)
    require(may_announce(request.auth, unit.path))
    notice = announcements.announcement_send(
        unit=unit, by=request.auth, title=data.title, body=data.body, kind=data.kind
    )
    return Status(201, selectors.announcements_sent_visible_to(request.auth).get(pk=notice.pk))


@router.get("/announcements/{announcement_id}", response=AnnouncementOut)
def announcement_detail(request, announcement_id: int):
    """One of your notices (reading it here does not mark it read: POST …/read does)."""
    return get_notice_for(request.auth, announcement_id)


@router.post("/announcements/{announcement_id}/read", response=ReadOut)
def announcement_read(request, announcement_id: int):
    """Mark a notice read; idempotent (the first reading time is kept)."""
    notice = get_notice_for(request.auth, announcement_id)
    receipt = announcements.announcement_mark_read(announcement=notice, user=request.auth)
    return {"id": notice.pk, "read_at": receipt.read_at}


def get_notice_for(user, announcement_id: int) -> Announcement:
    """A notice sent to the caller; notices they only manage are not in their inbox (404)."""
    notice = selectors.announcements_for(user).filter(pk=announcement_id).first()
    if notice is None:
        raise Http404
    return notice


# --- training -----------------------------------------------------------------


class CourseOut(Schema):
    id: int
    unit: UnitCode
    unit_name: UnitName
    title: str
    description: str
    skills: list[str]
    mode: str


class CourseIn(Schema):
    unit: str
    title: str
    mode: str
    skills: list[str] = []
    description: str = ""


class SessionOut(Schema):
    id: int
    course: int
    course_title: str
    unit: UnitCode
    unit_name: UnitName
    held_on: date
    place: str
    trainer: str
    notes: str

    @staticmethod
    def resolve_course(session: Session) -> int:
        return session.course_id

    @staticmethod
    def resolve_course_title(session: Session) -> str:
        return session.course.title


class SessionIn(Schema):
    course: int
    unit: str
    held_on: date
    place: str
    trainer: str
    notes: str = ""


class AttendanceOut(Schema):
    id: int
    session: int
    course_title: str
    held_on: date
    member: int
    member_name: str
    completed: bool
    certificate: str | None

    @staticmethod
    def resolve_session(attendance: Attendance) -> int:
        return attendance.session_id

    @staticmethod
    def resolve_course_title(attendance: Attendance) -> str:
        return attendance.session.course.title

    @staticmethod
    def resolve_held_on(attendance: Attendance) -> date:
        return attendance.session.held_on

    @staticmethod
    def resolve_member(attendance: Attendance) -> int:
        return attendance.member_id

    @staticmethod
    def resolve_member_name(attendance: Attendance) -> str:
        return attendance.member.full_name

    @staticmethod
    def resolve_certificate(attendance: Attendance) -> str | None:
        if not attendance.completed:
            return None
        return reverse("learning-certificate", args=[attendance.pk])


class AttendanceIn(Schema):
    members: list[int]
    completed: bool = False


class ChildTrainingOut(Schema):
    unit: dict
    active_members: int
    trained_members: int
    trained_rate: float | None
    teams: int
    teams_without_trained_member: int


class TrainingFiguresOut(ChildTrainingOut):
    since: date
    as_of: date
    children: list[ChildTrainingOut]


@router.get("/courses", response=list[CourseOut])
@paginate(LimitOffsetPagination)
def course_list(request):
    """Courses of your subtrees and those organised above for you."""
    return selectors.courses_visible_to(request.auth).order_by("path", "title", "id")


@router.post("/courses", response={201: CourseOut})
def course_create(request, data: CourseIn):
    unit = unit_get_for(request.auth, code=data.unit)
    require(may_organise(request.auth, unit.path))
    course = training.course_create(unit=unit, by=request.auth, **data.dict(exclude={"unit"}))
    return Status(201, course)


@router.get("/sessions", response=list[SessionOut])
@paginate(LimitOffsetPagination)
def session_list(request, unit: str | None = None, course: int | None = None):
    """Sessions, newest first; `unit` narrows to a subtree, `course` to one course."""
    sessions = selectors.sessions_visible_to(request.auth)
    if unit:
        sessions = sessions.filter(path__under=unit_get_for(request.auth, code=unit).path)
    if course:
        sessions = sessions.filter(course_id=course)
    return sessions.order_by("-held_on", "-id")


@router.post("/sessions", response={201: SessionOut})
def session_create(request, data: SessionIn):
    unit = unit_get_for(request.auth, code=data.unit)
    require(may_organise(request.auth, unit.path))
    course = selectors.course_get_for(request.auth, course_id=data.course)
    session = training.session_create(
        course=course, unit=unit, by=request.auth, **data.dict(exclude={"course", "unit"})
    )
    return Status(201, session)


@router.get("/sessions/{session_id}", response=SessionOut)
def session_detail(request, session_id: int):
    return selectors.session_get_for(request.auth, session_id=session_id)


@router.get("/sessions/{session_id}/attendances", response=list[AttendanceOut])
@paginate(LimitOffsetPagination)
def attendance_list(request, session_id: int):
    """Who attended, of the members you can see."""
    session = selectors.session_get_for(request.auth, session_id=session_id)
    return (
        selectors.attendances_visible_to(request.auth)
        .filter(session=session)
        .order_by("path", "member__sort_key", "id")
    )


@router.post("/sessions/{session_id}/attendances", response={201: list[AttendanceOut]})
def attendance_create(request, session_id: int, data: AttendanceIn):
    """Record attendance (idempotent per member: `completed` is updated). A member outside the
    session's unit is refused with `member_outside_session_unit`; nothing is written then."""
    session = selectors.session_get_for(request.auth, session_id=session_id)
    require(may_organise(request.auth, session.path))
    wanted = set(data.members)
    members = list(members_visible_to(request.auth).filter(pk__in=wanted))
    if len(members) != len(wanted):
        raise ServiceError(
            "unknown_member",
            _("Some members do not exist or are outside your area."),
            field="members",
            status=404,
        )
    recorded = training.attendance_record(
        session=session, members=members, completed=data.completed, by=request.auth
    )
    ids = [a.pk for a in recorded]
    return Status(201, list(selectors.attendances_visible_to(request.auth).filter(pk__in=ids)))


@router.delete("/attendances/{attendance_id}", response={204: None})
def attendance_delete(request, attendance_id: int):
    attendance = selectors.attendance_get_for(request.auth, attendance_id=attendance_id)
    require(may_organise(request.auth, attendance.session.path))
    training.attendance_remove(attendance=attendance, by=request.auth)
    return Status(204, None)


@router.get("/members/{member_id}/training", response=list[AttendanceOut])
def member_training(request, member_id: int):
    """A member's training history, newest first."""
    member = member_get_for(request.auth, member_id=member_id)
    return list(selectors.member_training(member).select_related("member"))


@router.get("/units/{code}/training", response=TrainingFiguresOut)
def unit_training(request, code: str):
    """Members trained in the last 12 months (% of active members) and active teams with no
    trained member, for the unit's subtree and each child unit."""
    unit = unit_get_for(request.auth, code=code)
    return training_figures(unit, today=timezone.localdate())
