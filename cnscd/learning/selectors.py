"""Reads of guides, training and announcements, each limited to what the caller may see.

Two shapes of scope meet here. Rows *in* the caller's subtrees (sessions
they organise, their members' attendance) filter through `scope_q`. Rows
sent *down* to them from above (a province's course, a national notice)
match when the row's unit is one of the caller's units or an ancestor of
one: `paths_above(user)` lists those paths, one `IN` on an indexed column.
"""

from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from cnscd.accounts.models import RoleAssignment, User
from cnscd.accounts.roles import OFFICER_ROLES, Role
from cnscd.geo.models import Unit
from cnscd.geo.scope import paths_above, scope_q
from cnscd.learning.models import Announcement, Attendance, Course, Guide, ReadReceipt, Session
from cnscd.learning.permissions import NATIONAL_PATH
from cnscd.teams.models import Member
from cnscd.vntext.folding import fold


def _above_or_within(user: User) -> Q:
    return Q(path__in=paths_above(user)) | scope_q(user)


# --- guides -------------------------------------------------------------------


def guides_published() -> QuerySet[Guide]:
    """Published guides, national and local: public knowledge, no scope."""
    return Guide.objects.filter(is_published=True).select_related("province")


def guides_for_unit(unit: Unit) -> QuerySet[Guide]:
    """The published guides a unit's people get: national ones and their province's own."""
    local = Q(province__code=unit.province_code, province__valid_to__isnull=True)
    national = Q(province__isnull=True)
    return guides_published().filter(national | local if unit.province_code else national)


def guides_editable_by(user: User) -> QuerySet[Guide]:
    """National guides for national admins; a province's guides for its officers too."""
    writers = (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER)
    editable = scope_q(user, field="province__path", roles=writers)
    # of these two roles only a national admin holds the country (same cached query)
    if user.is_authenticated and NATIONAL_PATH in user.unit_prefixes(writers):
        editable |= Q(province__isnull=True)
    return Guide.objects.filter(editable).select_related("province")


def guides_visible_to(user: User) -> QuerySet[Guide]:
    """The library a signed-in user browses: every published guide, plus unpublished ones
    they may edit."""
    return Guide.objects.filter(
        Q(is_published=True) | Q(pk__in=guides_editable_by(user).values("pk"))
    ).select_related("province")


def guide_get_for(user: User, *, slug: str) -> Guide:
    return get_object_or_404(guides_visible_to(user), slug=slug)


def guide_get_public(*, slug: str) -> Guide:
    return get_object_or_404(guides_published(), slug=slug)


def guides_search(guides: QuerySet[Guide], query: str) -> QuerySet[Guide]:
    """Guides holding every word of the query (diacritics and case ignored), best first.

    Rank: the whole phrase in the title, then every word in the title, then
    the whole phrase in the body, then the words scattered anywhere; within a
    rank, the library's own order. So `kich hoat vneid` puts "Kích hoạt VNeID
    mức 2" before a guide that merely mentions VNeID.
    """
    phrase = fold(query)
    words = phrase.split()
    if not words:
        return guides
    for word in words:
        guides = guides.filter(Q(title_folded__contains=word) | Q(text_folded__contains=word))
    all_in_title = Q()
    for word in words:
        all_in_title &= Q(title_folded__contains=word)
    rank = Case(
        When(title_folded__contains=phrase, then=Value(0)),
        When(all_in_title, then=Value(1)),
        When(text_folded__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return guides.annotate(rank=rank).order_by("rank", "position", "title_folded")


# --- training -----------------------------------------------------------------


def courses_visible_to(user: User) -> QuerySet[Course]:
    """Courses of the caller's subtrees and courses organised above them for them."""
    return Course.objects.filter(_above_or_within(user)).select_related("unit")


def course_get_for(user: User, *, course_id: int) -> Course:
    return get_object_or_404(courses_visible_to(user), pk=course_id)


def sessions_visible_to(user: User) -> QuerySet[Session]:
    """Sessions held in the caller's subtrees, and those held above for them (read only)."""
    return Session.objects.filter(_above_or_within(user)).select_related("course", "unit")


def session_get_for(user: User, *, session_id: int) -> Session:
    return get_object_or_404(sessions_visible_to(user), pk=session_id)


def attendances_visible_to(user: User) -> QuerySet[Attendance]:
    """Attendance of members in the caller's subtrees (a member always lies under the session)."""
    return Attendance.objects.filter(scope_q(user)).select_related(
        "member", "member__team", "session", "session__course", "session__unit"
    )


def attendance_get_for(user: User, *, attendance_id: int) -> Attendance:
    return get_object_or_404(attendances_visible_to(user), pk=attendance_id)


def member_training(member: Member) -> QuerySet[Attendance]:
    """A member's training history, newest first. The caller fetched `member` through a scoped
    selector; the member's own history comes with them, whoever organised the sessions."""
    return (
        Attendance.objects.filter(member=member)
        .select_related("session", "session__course", "session__unit")
        .order_by("-session__held_on", "-id")
    )


def session_candidates(user: User, session: Session, village: Unit) -> QuerySet[Member]:
    """Members of one village of the session's subtree that could be recorded as attending:
    on the team that day and not recorded yet."""
    return (
        Member.objects.filter(scope_q(user), path=village.path, path__under=session.path)
        .filter(joined_on__lte=session.held_on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=session.held_on))
        .exclude(training_attendances__session=session)
        .order_by("sort_key")
    )


# --- announcements ----------------------------------------------------------------


def announcements_for(user: User) -> QuerySet[Announcement]:
    """The caller's notices: sent to one of their units or a unit above, unread first.

    Each row carries `is_read` and `read_at` for this user (two subqueries on
    the receipt's unique index, no extra query per row).
    """
    receipts = ReadReceipt.objects.filter(announcement=OuterRef("pk"), user=user.pk)
    return (
        Announcement.objects.filter(path__in=paths_above(user))
        .select_related("unit")
        .annotate(is_read=Exists(receipts), read_at=Subquery(receipts.values("read_at")[:1]))
        .order_by("is_read", "-sent_at", "-id")
    )


def is_recipient(user: User, announcement: Announcement) -> bool:
    """Whether the notice was sent to one of the caller's units or a unit above (no query once
    the caller's scope is cached)."""
    return announcement.path in paths_above(user)


def unread_count(user: User) -> int:
    """How many of the caller's notices they have not opened (one query)."""
    if not user.is_authenticated:
        return 0
    receipts = ReadReceipt.objects.filter(announcement=OuterRef("pk"), user=user.pk)
    return Announcement.objects.filter(path__in=paths_above(user)).exclude(Exists(receipts)).count()


class _CountDistinct(Func):
    """COUNT(DISTINCT …) as a scalar subquery column (a plain `Count` would add a GROUP BY)."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _recipient_count() -> Subquery:
    """Active users holding a role on a current unit of the announcement's subtree."""
    users = (
        RoleAssignment.objects.filter(
            unit__path__startswith=OuterRef("path"),
            unit__valid_to__isnull=True,
            user__is_active=True,
        )
        .order_by()
        .annotate(n=_CountDistinct(F("user_id")))
        .values("n")
    )
    return Subquery(users, output_field=IntegerField())


def _read_count() -> Subquery:
    reads = (
        ReadReceipt.objects.filter(announcement=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Subquery(reads, output_field=IntegerField())


def announcements_sent_visible_to(user: User) -> QuerySet[Announcement]:
    """Notices sent to units of the officer's subtrees, with `read_count` and `recipient_count`."""
    return (
        Announcement.objects.filter(scope_q(user, roles=OFFICER_ROLES))
        .select_related("unit", "sent_by")
        .annotate(read_count=_read_count(), recipient_count=_recipient_count())
        .order_by("-sent_at", "-id")
    )


def announcement_get_for(user: User, *, announcement_id: int) -> Announcement:
    """A notice the caller received or manages; 404 otherwise, exactly like "does not exist"."""
    return get_object_or_404(
        Announcement.objects.filter(
            Q(path__in=paths_above(user)) | scope_q(user, roles=OFFICER_ROLES)
        ).select_related("unit", "sent_by"),
        pk=announcement_id,
    )


def announcement_counts(announcement: Announcement) -> tuple[int, int]:
    """(read, recipients) of one notice, for its page and the API."""
    row = (
        Announcement.objects.filter(pk=announcement.pk)
        .annotate(read_count=_read_count(), recipient_count=_recipient_count())
        .values_list("read_count", "recipient_count")
        .get()
    )
    return row[0] or 0, row[1] or 0
