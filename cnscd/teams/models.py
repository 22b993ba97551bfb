"""Community digital technology teams (Tổ công nghệ số cộng đồng), their members and work."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit

# A team is expected to have 3 to 9 active members (Đề án 1690 guidance).
MIN_MEMBERS = 3
MAX_MEMBERS = 9


class TeamStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    DISSOLVED = "dissolved", _("dissolved")


class Team(models.Model):
    """The team of one village or residential group.

    A village has at most one team that is not dissolved. Dissolved teams stay
    for history. `active_members` and `has_leader` are kept by the member
    services in the same transaction, so that lists and national statistics
    read one row per team instead of counting members.
    """

    village = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="teams", verbose_name=_("village")
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    commune_code = models.CharField(max_length=5, editable=False)
    name = models.CharField(_("team name"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_body = models.CharField(_("issued by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TeamStatus.choices, default=TeamStatus.ACTIVE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    publish_contact = models.BooleanField(
        _("publish the leader's contact on the village's public page"), default=False
    )
    active_members = models.PositiveSmallIntegerField(default=0, editable=False)
    has_leader = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=~Q(status=TeamStatus.DISSOLVED),
                name="team_one_live_team_per_village",
            ),
            models.CheckConstraint(
                condition=~Q(status=TeamStatus.DISSOLVED) | Q(status_since__isnull=False),
                name="team_dissolved_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "status"], name="team_province_status"),
            models.Index(fields=["commune_code", "status"], name="team_commune_status"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_path(self) -> str:
        return self.path

    @property
    def size_ok(self) -> bool:
        return MIN_MEMBERS <= self.active_members <= MAX_MEMBERS

    @property
    def flags(self) -> list[str]:
        """Stable codes of what is wrong with an active team, shown on its page and in lists."""
        if self.status != TeamStatus.ACTIVE:
            return []
        flags = []
        if not self.size_ok:
            flags.append("size_out_of_range")
        if not self.has_leader:
            flags.append("no_leader")
        return flags


class MemberRole(models.TextChoices):
    LEADER = "leader", _("team leader (tổ trưởng)")
    DEPUTY = "deputy", _("deputy leader (tổ phó)")
    MEMBER = "member", _("member")


class Background(models.TextChoices):
    """The core forces a member comes from, as the seeds list them."""

    PARTY_SECRETARY = "party_secretary", _("party cell secretary")
    VILLAGE_HEAD = "village_head", _("village head / residential group head")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMEN_UNION = "women_union", _("Women's Union")
    VETERANS = "veterans", _("Veterans' Association")
    FARMERS = "farmers", _("Farmers' Association")
    POLICE = "police", _("police")
    TELECOM = "telecom", _("telecom company")
    TEACHER = "teacher", _("teacher")
    STUDENT = "student", _("pupil / student")
    ELDERLY = "elderly", _("elderly people")
    OTHER = "other", _("other")


class TelecomOperator(models.TextChoices):
    VIETTEL = "viettel", "Viettel"
    VNPT = "vnpt", "VNPT (VinaPhone)"
    MOBIFONE = "mobifone", "MobiFone"
    VIETNAMOBILE = "vietnamobile", "Vietnamobile"
    ITEL = "itel", "iTel"
    FPT = "fpt", "FPT Telecom"
    OTHER = "other", _("other")


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Member(models.Model):
    """A person on a village team. Rows are never deleted: leaving sets
    `left_on`, because allowances and history still count past members.

    `counted` says the member is in today's figures: not left, on an active
    team. The member and team services keep it, so that statistics read one
    partial index instead of joining members to teams.
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    commune_code = models.CharField(max_length=5, editable=False)
    full_name = models.CharField(_("full name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    role = models.CharField(
        _("role in the team"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    background = models.CharField(
        _("background"), max_length=24, choices=Background.choices, default=Background.OTHER
    )
    telecom_operator = models.CharField(
        _("telecom operator"), max_length=16, choices=TelecomOperator.choices, blank=True
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    counted = models.BooleanField(default=False, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="leader", left_on__isnull=True),
                name="member_one_active_leader",
            ),
            models.CheckConstraint(
                condition=Q(background="telecom") | Q(telecom_operator=""),
                name="member_operator_only_for_telecom",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "left_on"], name="member_team_active"),
            models.Index(fields=["province_code", "left_on"], name="member_province_active"),
            models.Index(
                fields=["path", "background", "gender", "birth_year"],
                condition=Q(counted=True),
                name="member_counted_breakdown",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def unit_path(self) -> str:
        return self.path

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class ActivityKind(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("door-to-door campaign day")
    COMMUNITY_SESSION = "community_session", _("community session at the cultural house")
    TRAINING = "training", _("training attended by the team")
    LOUDSPEAKER = "loudspeaker", _("propaganda on the village loudspeakers")
    ZALO = "zalo", _("propaganda in the Zalo group")
    OTHER = "other", _("other")


class Activity(models.Model):
    """Something the team did on a day: a campaign, a session, a training, propaganda."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="activities")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_path(self) -> str:
        return self.path


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded on upload so that no EXIF (GPS, device) survives."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to="activities/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.image.name

    @property
    def unit_path(self) -> str:
        return self.activity.path


class DigitalModel(models.Model):
    """A model of digital life a village can run ("3 không", cashless market, smart village…).

    The catalogue is data, edited by national administrators.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("digital model")
        verbose_name_plural = _("digital models")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ModelAdoption(models.Model):
    """A unit (usually a village) running a digital model since a date."""

    model = models.ForeignKey(DigitalModel, on_delete=models.PROTECT, related_name="adoptions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="model_adoptions")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    since = models.DateField(_("since"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digital model adoption")
        verbose_name_plural = _("digital model adoptions")
        constraints = [
            models.UniqueConstraint(fields=["model", "unit"], name="adoption_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.model} · {self.unit}"

    @property
    def unit_path(self) -> str:
        return self.path
