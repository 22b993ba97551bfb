"""Households, residents, their digital-skill statuses and the visits that help them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit
from cnscd.people.skills import CORE_SKILLS, Source
from cnscd.teams.models import Gender


def _achieved_on(label: str) -> models.DateField:
    return models.DateField(label, null=True, blank=True)


def _source() -> models.CharField:
    return models.CharField(max_length=16, choices=Source.choices, blank=True)


class Household(models.Model):
    """A household (hộ gia đình) of a village, numbered as the village's list numbers it.

    Its two facts, a digital address code (mã địa chỉ số) and membership of
    the village Zalo group, are dated like a resident's skills.
    """

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="households")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    commune_code = models.CharField(max_length=5, editable=False)
    number = models.CharField(_("household number"), max_length=20)
    number_key = models.CharField(max_length=40, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_code = models.CharField(_("digital address code"), max_length=40, blank=True)
    address_code_on = _achieved_on(_("address code since"))
    address_code_source = _source()
    zalo_group_on = _achieved_on(_("in the Zalo group since"))
    zalo_group_source = _source()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["path", "number_key"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="household_number_unique"),
        ]
        indexes = [models.Index(fields=["village", "number_key"], name="household_by_number")]

    def __str__(self) -> str:
        return _("Household %(number)s") % {"number": self.number}

    @property
    def unit_path(self) -> str:
        return self.path


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    GRANDCHILD = "grandchild", _("grandchild")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other")


class Resident(models.Model):
    """A person (nhân khẩu) of a household.

    A resident leaves every denominator from `moved_out_on` or `deceased_on`;
    the row stays, with its history. The ID number (số định danh cá nhân) is
    unique when present. Core skills are dated columns kept by the people
    services from `SkillEvent`, their history.
    """

    # resident_in_household (household, sort_key) serves lookups by household: no own index
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="residents", db_index=False
    )
    # the household's village, copied like path and the codes: the database checks the
    # household link, and a second check of every row (at commit, 0.35 s for an import of
    # 100,000 residents) would only repeat it. Django still applies PROTECT.
    village = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    commune_code = models.CharField(max_length=5, editable=False)
    full_name = models.CharField(_("full name"), max_length=120)
    # searched with `contains` (no index helps) and matched within a commune (resident_dupes)
    name_folded = models.CharField(max_length=120, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    id_number = models.CharField(_("personal ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    relation = models.CharField(
        _("relation to the head"), max_length=16, choices=Relation.choices, default=Relation.OTHER
    )
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    deceased_on = models.DateField(_("deceased on"), null=True, blank=True)
    # a handful of residents are merged into another: the index (resident_merged) holds
    # only those, so that `merged_into IS NULL`, on every read, is never planned through it
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        db_index=False,
    )
    vneid_l2_on = _achieved_on(_("VNeID level 2 since"))
    vneid_l2_source = _source()
    digital_signature_on = _achieved_on(_("digital signature since"))
    digital_signature_source = _source()
    epayment_on = _achieved_on(_("e-payment since"))
    epayment_source = _source()
    public_services_on = _achieved_on(_("online public services since"))
    public_services_source = _source()
    online_shopping_on = _achieved_on(_("online shopping since"))
    online_shopping_source = _source()
    cyber_safety_on = _achieved_on(_("safe online since"))
    cyber_safety_source = _source()
    ehealth_book_on = _achieved_on(_("e-health book since"))
    ehealth_book_source = _source()
    vssid_on = _achieved_on(_("VssID since"))
    vssid_source = _source()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="resident_id_number_unique"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(
                    relation="head",
                    moved_out_on__isnull=True,
                    deceased_on__isnull=True,
                    merged_into__isnull=True,
                ),
                name="resident_one_head_per_household",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "sort_key"], name="resident_in_household"),
            models.Index(
                fields=["commune_code", "name_folded", "birth_year"], name="resident_dupes"
            ),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="resident_merged",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def unit_path(self) -> str:
        return self.path

    def skill_on(self, skill: str):
        return getattr(self, f"{skill}_on")

    def skill_source(self, skill: str) -> str:
        return getattr(self, f"{skill}_source")

    def skills(self) -> dict[str, object]:
        """Current core skills: key → date achieved (None when not yet)."""
        return {skill: self.skill_on(skill) for skill in CORE_SKILLS}


class SkillEvent(models.Model):
    """History of every status change: achieved or revoked, when, how we know, who recorded it.

    Append-only. The resident (or household) columns are the latest state;
    a merge moves these rows to the surviving resident, so both histories stay.
    """

    class Action(models.TextChoices):
        ACHIEVED = "achieved", _("achieved")
        REVOKED = "revoked", _("revoked")

    # History, like the audit log, carries no database constraints and only the indexes
    # that reads use (by resident, by household): an import appends 400,000 rows for
    # 100,000 residents, and PostgreSQL checks each row's constraints at commit, NULL
    # links included, and fills every index. Django still applies the on_delete rules.
    resident = models.ForeignKey(
        Resident,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="skill_events",
        db_index=False,
        db_constraint=False,
    )
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fact_events",
        db_index=False,
        db_constraint=False,
    )
    path = models.CharField(max_length=64, editable=False)
    skill = models.CharField(_("skill"), max_length=40)
    action = models.CharField(max_length=8, choices=Action.choices)
    on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    member = models.ForeignKey(
        "teams.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    visit = models.ForeignKey(
        "Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skill_events",
        db_index=False,
        db_constraint=False,
    )
    reference = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill status change")
        verbose_name_plural = _("skill status changes")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(household__isnull=False),
                name="skill_event_has_subject",
            )
        ]
        indexes = [
            models.Index(
                fields=["resident"],
                condition=Q(resident__isnull=False),
                name="skill_event_resident",
            ),
            models.Index(
                fields=["household"],
                condition=Q(household__isnull=False),
                name="skill_event_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.action} {self.on}"

    @property
    def unit_path(self) -> str:
        return self.path


class LocalSkill(models.Model):
    """A skill a province adds ("other platforms specific to the locality")."""

    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="local_skills")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("local skill")
        verbose_name_plural = _("local skills")
        constraints = [
            models.UniqueConstraint(fields=["province", "key"], name="local_skill_key_unique")
        ]

    def __str__(self) -> str:
        return self.name


class LocalSkillStatus(models.Model):
    """The current status of a local skill for one resident (history in SkillEvent)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="local_skills")
    skill = models.ForeignKey(LocalSkill, on_delete=models.CASCADE, related_name="statuses")
    achieved_on = models.DateField()
    source = _source()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "skill"], name="local_status_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.skill}"


class Visit(models.Model):
    """A door-to-door visit to a household.

    The id is generated by the client (the field app), so that sending the
    same visit twice stores it once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits")
    path = models.CharField(max_length=64, db_index=True, editable=False)
    visited_on = models.DateField(_("visit date"))
    members = models.ManyToManyField("teams.Member", blank=True, related_name="visits")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-created_at"]
        indexes = [models.Index(fields=["household", "visited_on"], name="visit_by_household")]

    def __str__(self) -> str:
        return f"{self.household} · {self.visited_on}"

    @property
    def unit_path(self) -> str:
        return self.path


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("achieved")
    GUIDED = "guided", _("guided, try again")
    REFUSED = "refused", _("refused")
    ABSENT = "absent", _("absent")


class VisitOutcome(models.Model):
    """What happened for one resident and one skill during a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="outcomes")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="visit_outcomes")
    skill = models.CharField(_("skill"), max_length=40)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "resident", "skill"], name="visit_outcome_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.skill}: {self.outcome}"


class FieldStamp(models.Model):
    """When a resident's field was last set, by the clock of whoever set it.

    Two members may change the same person offline and sync in any order; the
    change recorded later wins, field by field (`services.resident_update`).
    Only fields changed through the services carry a stamp.
    """

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="field_stamps")
    field = models.CharField(max_length=20)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "field"], name="field_stamp_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}.{self.field} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"


class Purpose(models.TextChoices):
    """Purposes a resident consents to (Luật 91/2025/QH15: consent is per purpose)."""

    HELP_AND_RECORD = "help_and_record", _("being helped and recorded")
    PHONE_CONTACT = "phone_contact", _("being contacted by phone")


class Consent(models.Model):
    """A resident's consent for one purpose; withdrawal keeps the row and sets `withdrawn_on`."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_open_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.purpose}"
