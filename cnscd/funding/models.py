"""Funding of teams: allowance policies, payments made under them, and community contributions.

Money is stored as integers of đồng (`BigIntegerField`), never as floats or
decimals: the đồng has no subunit in use, and the allowance computation
(`funding.computation`) works on exact fractions and rounds once per line.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit
from cnscd.teams.models import Team


class Basis(models.TextChoices):
    """How a policy's amount is counted; every basis is pro-rated by days."""

    PER_TEAM_MONTH = "per_team_month", _("per team per month")
    PER_MEMBER_MONTH = "per_member_month", _("per member per month")
    PER_TEAM_YEAR = "per_team_year", _("per team per year")


class Policy(models.Model):
    """An allowance policy (chính sách hỗ trợ) of a province or commune for its teams.

    `reference` is the legal act (`Nghị quyết 36/2024/NQ-HĐND`). The policy
    pays the teams of `unit`'s subtree, or, when `areas` is not empty, only
    those under the listed communes: after the 2025 mergers a resolution of
    old Yên Bái province pays the teams of the part of today's Lào Cai that
    was Yên Bái, not the whole province. `additive` policies may overlap
    others (a supplement); the services refuse two overlapping policies
    that are not. `seed_key` marks the rows `cnscd funding seed` owns, so the
    seed can run again without duplicating them.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="funding_policies", verbose_name=_("unit")
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    areas = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("only these communes")
    )
    area_label = models.CharField(_("area covered"), max_length=200, blank=True)
    reference = models.CharField(_("legal reference"), max_length=200)
    basis = models.CharField(_("basis"), max_length=24, choices=Basis.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    cap_per_year = models.BigIntegerField(_("cap per team per year (đồng)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    additive = models.BooleanField(_("adds to other policies"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("allowance policy")
        verbose_name_plural = _("allowance policies")
        ordering = ["path", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="policy_amount_positive"),
            models.CheckConstraint(
                condition=Q(cap_per_year__isnull=True) | Q(cap_per_year__gt=0),
                name="policy_cap_positive",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="policy_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(basis__in=Basis.values), name="policy_basis_known"),
            models.UniqueConstraint(
                fields=["seed_key"], condition=~Q(seed_key=""), name="policy_seed_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def unit_path(self) -> str:
        return self.path


class Payment(models.Model):
    """Money paid to a team for a period (a month, a quarter or a year).

    Rows are never changed: a correction is another payment. `outstanding`
    is what was still owed for the period when the payment was entered, so
    that an overpayment entered with `override` can be explained later.
    """

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="funding_payments", verbose_name=_("team")
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    period = models.CharField(_("period"), max_length=7)
    period_start = models.DateField()
    period_end = models.DateField()
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("voucher reference"), max_length=100)
    amount = models.BigIntegerField(_("amount (đồng)"))
    outstanding = models.BigIntegerField(editable=False)
    override = models.BooleanField(_("pay more than owed"), default=False)
    override_reason = models.TextField(_("reason for paying more than owed"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="payment_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(override=False) | ~Q(override_reason=""),
                name="payment_override_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["team", "period_start"], name="payment_team_period")]

    def __str__(self) -> str:
        return f"{self.reference} · {self.period}"

    @property
    def unit_path(self) -> str:
        return self.path


class ContributionKind(models.TextChoices):
    CASH = "cash", _("cash")
    IN_KIND = "in_kind", _("in kind")


class Contribution(models.Model):
    """A community contribution (xã hội hóa, mạnh thường quân): money or goods given to teams.

    Cash has an `amount`; goods (cameras, solar lights, phones) have an
    `item`, a `quantity` and, when the donor stated it, an estimated value in
    `amount`.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="funding_contributions", verbose_name=_("unit")
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    donor = models.CharField(_("donor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=ContributionKind.choices)
    amount = models.BigIntegerField(_("amount or estimated value (đồng)"), null=True, blank=True)
    item = models.CharField(_("item"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community contribution")
        verbose_name_plural = _("community contributions")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ContributionKind.CASH, amount__isnull=False, item="")
                | Q(~Q(item=""), kind=ContributionKind.IN_KIND),
                name="contribution_cash_or_item",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="contribution_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} · {self.item or self.amount}"

    @property
    def unit_path(self) -> str:
        return self.path
