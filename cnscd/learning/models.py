"""Training of team members, the guide library (cẩm nang), announcements and their read receipts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit
from cnscd.people.skills import Skill
from cnscd.teams.models import Member

# --- guides -------------------------------------------------------------------


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("all residents")
    ELDERLY = "elderly", _("older people")
    WORKERS = "workers", _("workers and pensioners")
    TEAM_MEMBERS = "team_members", _("team members")


class Guide(models.Model):
    """A step-by-step guide (cẩm nang) to one digital skill, written for people new to it.

    National guides have no province; a province adds local guides for its
    own people. `title_folded` and `text_folded` hold the folded title and
    body (summary, steps, warnings) so that search ignores diacritics and
    can rank title hits above body hits. Guides are public: the village
    pages and `/p/guides/` show the published ones to anyone.
    """

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    skill = models.CharField(_("skill"), max_length=24, choices=Skill.choices, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.RESIDENTS
    )
    summary = models.TextField(_("summary"), blank=True)
    safety = models.TextField(_("safety warnings (one per line)"), blank=True)
    province = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(default=1000)
    title_folded = models.CharField(max_length=200, editable=False)
    text_folded = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["position", "title_folded"]
        indexes = [models.Index(fields=["province", "is_published"], name="guide_province")]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_path(self) -> str:
        return self.province.path if self.province_id else ""

    @property
    def safety_lines(self) -> list[str]:
        return [line.strip() for line in self.safety.splitlines() if line.strip()]


class GuideStep(models.Model):
    """One numbered step of a guide. `text` is HTML already cleaned by `richtext.clean_html`."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"))
    image = models.ImageField(_("image"), upload_to="guides/%Y/", blank=True)

    class Meta:
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "position"], name="guide_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.guide} · {self.position}"


# --- training -----------------------------------------------------------------


class TrainingMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")


class Course(models.Model):
    """A training course (tập huấn, bồi dưỡng) that a unit runs for the team members below it.

    `skills` lists the digital-skill keys of `people.skills.Skill` the
    course covers. The course belongs to the unit that organises it; its
    sessions are held in that unit's subtree.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    skills = models.JSONField(_("skills covered"), default=list, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=TrainingMode.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["path", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_path(self) -> str:
        return self.path

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(key, key)) for key in self.skills]


class Session(models.Model):
    """A day of a course held for the members of one unit's subtree: date, place and trainer.

    Only members of that subtree can be recorded as attending.
    """

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    path = models.CharField(max_length=64, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=120)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["path", "held_on"], name="session_path_date")]

    def __str__(self) -> str:
        return f"{self.course} · {self.held_on:%d/%m/%Y}"

    @property
    def unit_path(self) -> str:
        return self.path


class Attendance(models.Model):
    """A member who attended a session, and whether they completed it (and earned a certificate).

    `path` is the member's village path, so that scope filters on one column;
    it always lies under the session's path (the services refuse others).
    """

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="training_attendances"
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    completed = models.BooleanField(_("completed"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once")
        ]
        indexes = [
            models.Index(
                fields=["member", "session"],
                condition=Q(completed=True),
                name="attendance_completed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.session}"

    @property
    def unit_path(self) -> str:
        return self.path

    @property
    def certificate_number(self) -> str:
        """Printed on the certificate: the year of the session and the attendance's number."""
        return f"{self.session.held_on:%Y}/{self.pk:06d}"


# --- announcements ----------------------------------------------------------------


class AnnouncementKind(models.TextChoices):
    POLICY = "policy", _("policy")
    NEW_PLATFORM = "new_platform", _("new platform")
    CAMPAIGN = "campaign", _("campaign")
    OTHER = "other", _("other")


class Announcement(models.Model):
    """A notice (thông báo) an officer sends to everyone working in a unit's subtree.

    Recipients are the active users with a role on a unit of the subtree,
    counted when asked (`selectors.announcements_sent_visible_to`); `body`
    is HTML already cleaned by `richtext.clean_html`.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    path = models.CharField(max_length=64, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=AnnouncementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_path(self) -> str:
        return self.path


class ReadReceipt(models.Model):
    """That a user opened an announcement, and when: the officer's read count."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="receipts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="read_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.announcement}"
