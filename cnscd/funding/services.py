"""Writes to funding: policies, payments and contributions.

Each service runs in one transaction, validates everything before writing,
and records its own audit event (`funding.policy.created`, `…updated`,
`funding.payment.recorded`, `funding.contribution.recorded`). Callers pass
objects fetched through the scoped selectors and have checked the caller's
role (`funding.permissions`).
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.changes import apply_changes, only_editable
from cnscd.errors import ServiceError
from cnscd.funding.allowances import team_owed
from cnscd.funding.models import Basis, Contribution, ContributionKind, Payment, Policy
from cnscd.funding.periods import Period, period_between
from cnscd.geo.models import Kind, Unit
from cnscd.teams.models import Team
from cnscd.vntext.money import format_dong

# 1,000 billion đồng: far above any allowance, far below the database's integer limit.
MAX_AMOUNT = 10**12


def _money(value: Any, field: str) -> int:
    """A whole, positive number of đồng; floats are refused even when they look whole."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(
            "amount_not_whole",
            _("The amount must be a whole number of đồng, without decimals (for example 500000)."),
            field=field,
        )
    if value <= 0:
        raise ServiceError(
            "amount_not_positive", _("The amount must be more than 0 đồng."), field=field
        )
    if value > MAX_AMOUNT:
        raise ServiceError(
            "amount_too_large",
            _("The amount is larger than %(limit)s.") % {"limit": format_dong(MAX_AMOUNT)},
            field=field,
        )
    return value


def _required_text(value: str, field: str, code: str, message: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ServiceError(code, message, field=field)
    return text


def _not_in_future(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ServiceError(
            "date_in_future",
            _("The date %(date)s is in the future.") % {"date": value.strftime("%d/%m/%Y")},
            field=field,
        )


def _dates(first: date, last: date | None) -> str:
    if last is None:
        return _("from %(date)s") % {"date": f"{first:%d/%m/%Y}"}
    return f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"


# --- policies ------------------------------------------------------------------

POLICY_EDITABLE = (
    "reference",
    "basis",
    "amount",
    "cap_per_year",
    "valid_from",
    "valid_to",
    "additive",
    "area_label",
    "notes",
)


def _clean_policy(policy: Policy, areas: list[Unit]) -> None:
    """Every rule of a policy, checked on the unsaved row, before anything is written."""
    unit = policy.unit
    if unit.kind not in (Kind.PROVINCE, Kind.COMMUNE) or not unit.is_current:
        raise ServiceError(
            "invalid_policy_unit",
            _("Allowance policies belong to a province or a commune; %(name)s is not one.")
            % {"name": unit.name},
            field="unit",
        )
    policy.reference = _required_text(
        policy.reference,
        "reference",
        "reference_required",
        _("Enter the legal reference, for example Nghị quyết 36/2024/NQ-HĐND."),
    )
    if policy.basis not in Basis.values:
        raise ServiceError(
            "invalid_basis",
            _("%(value)s is not a basis; use one of: %(choices)s.")
            % {"value": policy.basis, "choices": ", ".join(Basis.values)},
            field="basis",
        )
    _money(policy.amount, "amount")
    if policy.cap_per_year is not None:
        _money(policy.cap_per_year, "cap_per_year")
    if policy.valid_from is None:
        raise ServiceError("valid_from_required", _("Enter the first day."), field="valid_from")
    if policy.valid_to is not None:
        period_between(policy.valid_from, policy.valid_to)
    for area in areas:
        if area.kind != Kind.COMMUNE or not area.path.startswith(unit.path) or area == unit:
            raise ServiceError(
                "invalid_area",
                _("%(area)s (%(code)s) is not a commune of %(unit)s.")
                % {"area": area.name, "code": area.code, "unit": unit.name},
                field="areas",
            )
    policy.area_label = " ".join((policy.area_label or "").split())
    policy.notes = (policy.notes or "").strip()
    policy.additive = bool(policy.additive)


def _overlaps(a: list[str], b: list[str]) -> bool:
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def _check_overlap(policy: Policy, areas: list[Unit]) -> None:
    """Two policies that are not additive may not pay the same team on the same day.

    Coverage overlaps when one policy's unit (or listed commune) lies inside
    the other's. The province's row is locked first, so that two officers
    entering overlapping policies at once cannot both succeed.
    """
    if policy.additive:
        return
    province_path = "/".join(policy.path.split("/")[:2]) + "/"
    Unit.objects.select_for_update().filter(path=province_path, valid_to__isnull=True).first()
    mine = [a.path for a in areas] or [policy.path]
    others = (
        Policy.objects.filter(additive=False, path__under=province_path)
        .filter(valid_from__lte=policy.valid_to or date.max)
        .exclude(valid_to__lt=policy.valid_from)
        .exclude(pk=policy.pk)
        .select_related("unit")
        .prefetch_related("areas")
    )
    for other in others:
        if _overlaps(mine, [a.path for a in other.areas.all()] or [other.path]):
            raise ServiceError(
                "policy_overlap",
                _(
                    "This policy overlaps %(reference)s of %(unit)s (%(dates)s) on the same "
                    "teams. Shorten one of them, or mark the new one as adding to the other."
                )
                % {
                    "reference": other.reference,
                    "unit": other.unit.name,
                    "dates": _dates(other.valid_from, other.valid_to),
                },
                field="valid_from",
                status=409,
            )


def _policy_record(policy: Policy) -> dict[str, Any]:
    """The policy's terms as the audit log keeps them (dates as ISO text)."""
    record = {}
    for field in POLICY_EDITABLE:
        value = getattr(policy, field)
        record[field] = value.isoformat() if isinstance(value, date) else value
    return record


@transaction.atomic
def policy_create(
    *,
    unit: Unit,
    by: Any,
    reference: str,
    basis: str,
    amount: int,
    valid_from: date,
    valid_to: date | None = None,
    cap_per_year: int | None = None,
    additive: bool = False,
    areas: list[Unit] | tuple[Unit, ...] = (),
    area_label: str = "",
    notes: str = "",
    seed_key: str = "",
) -> Policy:
    """Enter a province's or commune's allowance policy; refused when it overlaps another."""
    policy = Policy(
        unit=unit,
        path=unit.path,
        reference=reference,
        basis=basis,
        amount=amount,
        cap_per_year=cap_per_year,
        valid_from=valid_from,
        valid_to=valid_to,
        additive=additive,
        area_label=area_label,
        notes=notes,
        seed_key=seed_key,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    areas = list(areas)
    _clean_policy(policy, areas)
    _check_overlap(policy, areas)
    policy.save()
    policy.areas.set(areas)
    audit_record(
        actor=by,
        verb="funding.policy.created",
        obj=policy,
        details={**_policy_record(policy), "areas": [a.code for a in areas]},
    )
    return policy


@transaction.atomic
def policy_update(
    *, policy: Policy, by: Any, areas: list[Unit] | None = None, **changes: Any
) -> Policy:
    """Change a policy's terms; the audit event keeps the values before and after."""
    only_editable(changes, POLICY_EDITABLE)
    before = _policy_record(policy)
    old_areas = [a.code for a in policy.areas.all()]
    new_areas = list(policy.areas.all()) if areas is None else list(areas)
    changed = apply_changes(policy, changes)
    areas_changed = sorted(a.code for a in new_areas) != sorted(old_areas)
    if not changed and not areas_changed:
        return policy
    _clean_policy(policy, new_areas)
    _check_overlap(policy, new_areas)
    policy.save()
    after = _policy_record(policy)
    details = {"fields": changed, "before": {f: before.get(f) for f in changed}}
    details["after"] = {f: after.get(f) for f in changed}
    if areas_changed:
        policy.areas.set(new_areas)
        details.update(areas_before=old_areas, areas_after=[a.code for a in new_areas])
    audit_record(actor=by, verb="funding.policy.updated", obj=policy, details=details)
    return policy


# --- payments ------------------------------------------------------------------


def payment_outstanding(team: Team, period: Period) -> tuple[Period, int, int]:
    """The span a payment for `period` is checked against, what it owes and what was paid.

    Standard periods nest (a month in a quarter in a year), so a payment
    already made for a larger period that holds `period` widens the check to
    that period: a quarter paid in full leaves nothing owed for its months.
    Returns (span, owed for the span, paid for periods inside the span).
    """
    same_year = list(
        Payment.objects.filter(team=team, period_start__year=period.start.year).order_by("id")
    )
    span = period
    for payment in same_year:
        if payment.period_start <= span.start and span.end <= payment.period_end:
            span = Period(payment.period_start, payment.period_end, payment.period)
    paid = sum(
        p.amount for p in same_year if span.start <= p.period_start and p.period_end <= span.end
    )
    return span, team_owed(team, span), paid


@transaction.atomic
def payment_record(
    *,
    team: Team,
    by: Any,
    period: Period,
    paid_on: date,
    reference: str,
    amount: int,
    override: bool = False,
    override_reason: str = "",
    notes: str = "",
) -> Payment:
    """Record money paid to a team for a month, quarter or year.

    Refused when it would pay more than is still owed for the period, unless
    `override` is set with a reason (an arrears decision, a correction); the
    audit event keeps what was owed, what was already paid and the reason.
    """
    if not period.is_standard:
        raise ServiceError(
            "invalid_period",
            _("A payment is for a month (2025-08), a quarter (2025-Q3) or a year (2025)."),
            field="period",
        )
    amount = _money(amount, "amount")
    reference = _required_text(
        reference,
        "reference",
        "reference_required",
        _("Enter the voucher number (số chứng từ) of the payment."),
    )
    _not_in_future(paid_on, "paid_on")
    Team.objects.select_for_update().filter(pk=team.pk).first()  # one payment at a time per team
    span, owed, paid = payment_outstanding(team, period)
    outstanding = max(owed - paid, 0)
    reason = (override_reason or "").strip()
    exceeds = amount > outstanding
    if exceeds and not override:
        raise ServiceError(
            "payment_exceeds_owed",
            _(
                "%(amount)s is more than is still owed for %(period)s: owed %(owed)s, already "
                "paid %(paid)s, outstanding %(outstanding)s. To pay more, tick the override "
                "and give the reason."
            )
            % {
                "amount": format_dong(amount),
                "period": span.display(),
                "owed": format_dong(owed),
                "paid": format_dong(paid),
                "outstanding": format_dong(outstanding),
            },
            field="amount",
        )
    if exceeds and not reason:
        raise ServiceError(
            "override_reason_required",
            _("Give the reason for paying more than is owed."),
            field="override_reason",
        )
    payment = Payment.objects.create(
        team=team,
        path=team.path,
        province_code=team.province_code,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        paid_on=paid_on,
        reference=reference[:100],
        amount=amount,
        outstanding=outstanding,
        override=exceeds,
        override_reason=reason if exceeds else "",
        notes=(notes or "").strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=by,
        verb="funding.payment.recorded",
        obj=payment,
        details={
            "team": team.pk,
            "period": period.label,
            "amount": amount,
            "reference": payment.reference,
            "paid_on": paid_on.isoformat(),
            "checked_against": span.label,
            "owed": owed,
            "paid_before": paid,
            "override": exceeds,
            "reason": payment.override_reason,
        },
    )
    return payment


# --- contributions -------------------------------------------------------------


@transaction.atomic
def contribution_record(
    *,
    unit: Unit,
    by: Any,
    donor: str,
    kind: str,
    received_on: date,
    amount: int | None = None,
    item: str = "",
    quantity: int | None = None,
    purpose: str = "",
) -> Contribution:
    """Record money or goods given by a donor (xã hội hóa): cash needs an amount, goods an item."""
    if unit.kind == Kind.COUNTRY or not unit.is_current:
        raise ServiceError(
            "invalid_unit", _("Choose a province, commune or village."), field="unit"
        )
    donor = _required_text(donor, "donor", "donor_required", _("Enter the donor's name."))
    if kind not in ContributionKind.values:
        raise ServiceError(
            "invalid_kind",
            _("%(value)s is not a kind of contribution; use one of: %(choices)s.")
            % {"value": kind, "choices": ", ".join(ContributionKind.values)},
            field="kind",
        )
    item = " ".join((item or "").split())
    if kind == ContributionKind.CASH:
        if amount is None:
            raise ServiceError(
                "amount_required", _("Enter the amount given in cash."), field="amount"
            )
        if item or quantity is not None:
            raise ServiceError(
                "item_for_cash",
                _("A cash contribution has no item; record goods as an in-kind contribution."),
                field="item",
            )
    elif not item:
        raise ServiceError(
            "item_required",
            _("Enter what was given, for example 10 solar lights."),
            field="item",
        )
    if amount is not None:
        amount = _money(amount, "amount")
    if quantity is not None and (
        isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0
    ):
        raise ServiceError(
            "invalid_quantity", _("The quantity must be a whole number above 0."), field="quantity"
        )
    _not_in_future(received_on, "received_on")
    contribution = Contribution.objects.create(
        unit=unit,
        path=unit.path,
        province_code=unit.province_code,
        donor=donor[:200],
        kind=kind,
        amount=amount,
        item=item[:200],
        quantity=quantity,
        purpose=" ".join((purpose or "").split())[:300],
        received_on=received_on,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        actor=by,
        verb="funding.contribution.recorded",
        obj=contribution,
        details={"donor": contribution.donor, "kind": kind, "amount": amount, "item": item},
    )
    return contribution
