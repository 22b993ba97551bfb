"""Signed-in pages of the learning app: notices, the guide library, training and its figures.

The public pages (`/p/…`) are in `public_views`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cnscd.accounts.roles import OFFICER_ROLES, Role
from cnscd.errors import ServiceError, require
from cnscd.formpages import form_page, submit
from cnscd.geo.models import Kind, Unit
from cnscd.geo.selectors import unit_breadcrumb, unit_children, unit_get_for, units_visible_to
from cnscd.learning import selectors
from cnscd.learning.figures import trained_since, training_figures
from cnscd.learning.forms import (
    AnnouncementForm,
    AttendanceForm,
    CourseForm,
    GuideCreateForm,
    GuideForm,
    SessionForm,
    StepImageForm,
    join_steps,
)
from cnscd.learning.permissions import may_announce, may_organise, may_write_guide
from cnscd.learning.printouts import certificate_pdf, pdf_response
from cnscd.learning.services import announcements, guides, training
from cnscd.teams.models import TeamStatus
from cnscd.teams.selectors import members_visible_to, teams_visible_to


def _roots(user, roles=None) -> list[Unit]:
    """The top units of the caller's subtrees (for these roles)."""
    return list(units_visible_to(user, roles=roles).filter(path__in=user.unit_prefixes(roles)))


@login_required
def home(request):
    """Where a member or officer starts: unread notices, guides, training of their units."""
    user = request.user
    notices = selectors.announcements_for(user)
    mine = [m for m in user.memberships.select_related("team") if m.is_active]
    return render(
        request,
        "learning/home.html",
        {
            "unread": selectors.unread_count(user),
            "notices": notices[:5],
            "roots": _roots(user),
            "trainings": [(m, list(selectors.member_training(m))) for m in mine],
        },
    )


# --- announcements ----------------------------------------------------------------


@login_required
def notice_list(request):
    """The caller's notices, unread first; officers also see what was sent in their area."""
    user = request.user
    page = Paginator(selectors.announcements_for(user), 20).get_page(request.GET.get("page"))
    officer = bool(user.unit_prefixes(OFFICER_ROLES))
    sent = selectors.announcements_sent_visible_to(user)[:20] if officer else []
    return render(
        request,
        "learning/notice_list.html",
        {"page": page, "query": request.GET, "sent": sent, "can_send": officer},
    )


def _notice_units(user) -> list[tuple[str, str]]:
    """Where an officer may send: each unit they hold a role on, and the units right below."""
    choices = []
    for root in _roots(user, OFFICER_ROLES):
        choices.append((root.code, root.name))
        if root.kind != Kind.VILLAGE:
            children = unit_children(root)
            choices.extend((c.code, f"— {c.name}") for c in children)
    return choices


@login_required
def notice_new(request):
    user = request.user
    units = _notice_units(user)
    require(bool(units))
    form = AnnouncementForm(request.POST or None, units=units)

    def send(data):
        unit = unit_get_for(user, code=data.pop("unit"), roles=OFFICER_ROLES)
        require(may_announce(user, unit.path))
        return announcements.announcement_send(unit=unit, by=user, **data)

    notice = submit(request, form, send)
    if notice:
        messages.success(request, _("The notice is sent."))
        return redirect("learning-notice", announcement_id=notice.pk)
    return form_page(request, "learning/notice_form.html", {"form": form}, form)


@login_required
def notice_detail(request, announcement_id: int):
    """Opening a notice one received records that it was read; its officers see the counts."""
    user = request.user
    notice = selectors.announcement_get_for(user, announcement_id=announcement_id)
    if selectors.is_recipient(user, notice):
        announcements.announcement_mark_read(announcement=notice, user=user)
    counts = selectors.announcement_counts(notice) if user.can_manage(notice.path) else None
    return render(request, "learning/notice_detail.html", {"notice": notice, "counts": counts})


# --- guides -------------------------------------------------------------------


def _guide_provinces(user) -> list[tuple[str, str]]:
    """Where the caller may add a guide: the nation (national admins) and their provinces."""
    choices = []
    if may_write_guide(user, None):
        choices.append(("", _("The whole country")))
    provinces = units_visible_to(user, roles=(Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER))
    choices.extend((p.code, p.name) for p in provinces.filter(kind=Kind.PROVINCE))
    return choices


@login_required
def guide_list(request):
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    found = selectors.guides_search(selectors.guides_visible_to(user), query)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    editable = set(selectors.guides_editable_by(user).values_list("pk", flat=True))
    return render(
        request,
        "learning/guide_list.html",
        {
            "page": page,
            "query": request.GET,
            "q": query,
            "editable": editable,
            "can_add": bool(_guide_provinces(user)),
        },
    )


@login_required
def guide_new(request):
    user = request.user
    provinces = _guide_provinces(user)
    require(bool(provinces))
    form = GuideCreateForm(request.POST or None, provinces=provinces)

    def create(data):
        code = data.pop("province")
        province = (
            unit_get_for(user, code=code, roles=(Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER))
            if code
            else None
        )
        require(may_write_guide(user, province))
        return guides.guide_create(by=user, province=province, **data)

    guide = submit(request, form, create)
    if guide:
        messages.success(request, _("The guide is saved."))
        return redirect("learning-guide-edit", slug=guide.slug)
    return form_page(request, "learning/guide_form.html", {"form": form}, form)


@login_required
def guide_edit(request, slug: str):
    user = request.user
    guide = selectors.guide_get_for(user, slug=slug)
    require(may_write_guide(user, guide.province))
    steps = list(guide.steps.all())
    initial = {
        "title": guide.title,
        "skill": guide.skill,
        "audience": guide.audience,
        "summary": guide.summary,
        "safety": guide.safety,
        "is_published": guide.is_published,
        "steps": join_steps([s.text for s in steps]),
    }
    form = GuideForm(request.POST or None, initial=initial)
    saved = submit(request, form, lambda data: guides.guide_update(guide=guide, by=user, **data))
    if saved:
        messages.success(request, _("Saved."))
        return redirect("learning-guide-edit", slug=guide.slug)
    context = {"form": form, "guide": guide, "steps": steps, "image_form": StepImageForm()}
    return form_page(request, "learning/guide_form.html", context, form)


@login_required
@require_POST
def guide_step_image(request, slug: str, position: int):
    user = request.user
    guide = selectors.guide_get_for(user, slug=slug)
    require(may_write_guide(user, guide.province))
    step = guide.steps.filter(position=position).first()
    if step is None:
        raise Http404
    form = StepImageForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ServiceError("photo_not_image", _("Choose a picture (JPEG, PNG or WebP)."))
        image = None if form.cleaned_data["remove"] else request.FILES.get("image")
        if image is None and not form.cleaned_data["remove"]:
            raise ServiceError("image_required", _("Choose a picture to upload."))
        guides.guide_step_set_image(step=step, image=image, by=user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("learning-guide-edit", slug=guide.slug)


# --- training -----------------------------------------------------------------


@login_required
def course_list(request):
    user = request.user
    courses = selectors.courses_visible_to(user).order_by("path", "title")
    page = Paginator(courses, 50).get_page(request.GET.get("page"))
    organiser_units = [u for u in _roots(user, OFFICER_ROLES) if u.kind != Kind.VILLAGE]
    return render(
        request,
        "learning/course_list.html",
        {"page": page, "query": request.GET, "organiser_units": organiser_units},
    )


@login_required
def course_new(request, code: str):
    user = request.user
    unit = unit_get_for(user, code=code)
    require(may_organise(user, unit.path))
    form = CourseForm(request.POST or None)
    course = submit(request, form, lambda data: training.course_create(unit=unit, by=user, **data))
    if course:
        messages.success(request, _("The course is saved."))
        return redirect("learning-course", course_id=course.pk)
    return form_page(request, "learning/course_form.html", {"form": form, "unit": unit}, form)


@login_required
def course_detail(request, course_id: int):
    user = request.user
    course = selectors.course_get_for(user, course_id=course_id)
    sessions = selectors.sessions_visible_to(user).filter(course=course)
    return render(
        request,
        "learning/course_detail.html",
        {"course": course, "sessions": sessions[:100]},
    )


@login_required
def unit_training(request, code: str):
    """Training figures of a unit (members trained in 12 months, teams with nobody trained),
    its children's figures, and the sessions held in its subtree."""
    user = request.user
    unit = unit_get_for(user, code=code)
    sessions = selectors.sessions_visible_to(user).filter(path__under=unit.path)
    today = timezone.localdate()
    return render(
        request,
        "learning/unit_training.html",
        {
            "unit": unit,
            "breadcrumb": unit_breadcrumb(user, unit),
            "figures": training_figures(unit, today=today),
            "since": trained_since(today),
            "today": today,
            "sessions": sessions[:30],
            "can_organise": may_organise(user, unit.path),
        },
    )


@login_required
def session_new(request, code: str):
    user = request.user
    unit = unit_get_for(user, code=code)
    require(may_organise(user, unit.path))
    courses = [c for c in selectors.courses_visible_to(user) if unit.path.startswith(c.path)]
    form = SessionForm(request.POST or None, courses=[(c.pk, c.title) for c in courses])

    def create(data):
        course = selectors.course_get_for(user, course_id=data.pop("course"))
        return training.session_create(course=course, unit=unit, by=user, **data)

    session = submit(request, form, create)
    if session:
        messages.success(request, _("The session is saved."))
        return redirect("learning-session", session_id=session.pk)
    context = {"form": form, "unit": unit, "courses": courses}
    return form_page(request, "learning/session_form.html", context, form)


def _session_villages(user, session) -> list[Unit]:
    """Villages of the session's subtree with a team the caller can see."""
    teams = (
        teams_visible_to(user).filter(path__under=session.path).exclude(status=TeamStatus.DISSOLVED)
    )
    return [t.village for t in teams.order_by("village__parent__sort_key", "village__sort_key")]


@login_required
def session_detail(request, session_id: int):
    """The session, who attended (of the caller's members), and for its organisers a form to
    tick attendees village by village."""
    user = request.user
    session = selectors.session_get_for(user, session_id=session_id)
    attendances = (
        selectors.attendances_visible_to(user)
        .filter(session=session)
        .order_by("path", "member__sort_key")
    )
    can_record = may_organise(user, session.path)
    context = {"session": session, "attendances": attendances, "can_record": can_record}
    if can_record:
        villages = _session_villages(user, session)
        village = next((v for v in villages if v.code == request.GET.get("village")), None)
        if village is None and len(villages) == 1:
            village = villages[0]
        context.update(villages=villages, village=village)
        if village is not None:
            candidates = selectors.session_candidates(user, session, village)
            context["attendance_form"] = AttendanceForm(
                members=[(m.pk, m.full_name) for m in candidates]
            )
    return render(request, "learning/session_detail.html", context)


@login_required
@require_POST
def attendance_add(request, session_id: int):
    user = request.user
    session = selectors.session_get_for(user, session_id=session_id)
    require(may_organise(user, session.path))
    ids = {int(v) for v in request.POST.getlist("members") if v.isdigit()}
    members = list(members_visible_to(user).filter(pk__in=ids))
    if len(members) != len(ids):
        raise Http404  # a member the caller cannot see, answered like one that does not exist
    try:
        training.attendance_record(
            session=session,
            members=members,
            completed=request.POST.get("completed") == "on",
            by=user,
        )
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("learning-session", session_id=session.pk)


@login_required
@require_POST
def attendance_change(request, attendance_id: int):
    """Mark an attendance completed or not, or remove it (`action` = complete, undo, remove)."""
    user = request.user
    attendance = selectors.attendance_get_for(user, attendance_id=attendance_id)
    session = attendance.session
    require(may_organise(user, session.path))
    action = request.POST.get("action")
    try:
        if action == "remove":
            training.attendance_remove(attendance=attendance, by=user)
        elif action in ("complete", "undo"):
            training.attendance_record(
                session=session,
                members=[attendance.member],
                completed=action == "complete",
                by=user,
            )
        else:
            raise ServiceError("invalid_action", _("Unknown action."))
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("learning-session", session_id=session.pk)


@login_required
def certificate(request, attendance_id: int):
    """The certificate of a completed attendance; there is none for an attendance not completed."""
    attendance = selectors.attendance_get_for(request.user, attendance_id=attendance_id)
    if not attendance.completed:
        raise Http404
    content = certificate_pdf(attendance, issued_on=timezone.localdate())
    return pdf_response(
        content, f"chung-nhan-{attendance.certificate_number.replace('/', '-')}.pdf"
    )
