"""Funding API under /api/v1/funding/: policies, allowances, payments, contributions; all scoped."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from cnscd.errors import ServiceError, require
from cnscd.funding import services
from cnscd.funding.allowances import allowance_report, report_as_dict
from cnscd.funding.models import Payment, Policy
from cnscd.funding.periods import Period, parse_period, period_between
from cnscd.funding.permissions import (
    may_manage_policies,
    may_record_contribution,
    may_record_payment,
)
from cnscd.funding.selectors import (
    contributions_visible_to,
    payments_visible_to,
    policies_filter,
    policies_visible_to,
    policy_get_for,
    unit_for_writing,
    units_for_writing,
)
from cnscd.geo.schemas import UnitCode, UnitName
from cnscd.geo.selectors import unit_get_for
from cnscd.teams.selectors import team_get_for

router = Router(tags=["funding"])

# Amounts are whole đồng. Floats are let through to the service, which refuses
# them with the code `amount_not_whole` and a message people can act on.
Amount = int | float


class PolicyOut(Schema):
    id: int
    unit: UnitCode
    unit_name: UnitName
    reference: str
    basis: str
    amount: int
    cap_per_year: int | None
    valid_from: date
    valid_to: date | None
    additive: bool
    areas: list[str]
    area_label: str
    notes: str

    @staticmethod
    def resolve_areas(policy: Policy) -> list[str]:
        return [area.code for area in policy.areas.all()]


class PolicyIn(Schema):
    unit: str
    reference: str
    basis: str
    amount: Amount
    valid_from: date
    valid_to: date | None = None
    cap_per_year: Amount | None = None
    additive: bool = False
    areas: list[str] = []
    area_label: str = ""
    notes: str = ""


class PolicyPatch(Schema):
    reference: str | None = None
    basis: str | None = None
    amount: Amount | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    cap_per_year: Amount | None = None
    additive: bool | None = None
    areas: list[str] | None = None
    area_label: str | None = None
    notes: str | None = None


class PaymentOut(Schema):
    id: int
    team: int
    village: str
    period: str
    paid_on: date
    reference: str
    amount: int
    outstanding: int
    override: bool
    override_reason: str
    notes: str
    recorded_by: str
    created_at: datetime

    @staticmethod
    def resolve_team(payment: Payment) -> int:
        return payment.team_id

    @staticmethod
    def resolve_village(payment: Payment) -> str:
        return payment.team.village.code

    @staticmethod
    def resolve_recorded_by(payment: Payment) -> str:
        return payment.recorded_by.username if payment.recorded_by else ""


class PaymentIn(Schema):
    team: int
    period: str
    paid_on: date
    reference: str
    amount: Amount
    override: bool = False
    override_reason: str = ""
    notes: str = ""


class ContributionOut(Schema):
    id: int
    unit: UnitCode
    unit_name: UnitName
    donor: str
    kind: str
    amount: int | None
    item: str
    quantity: int | None
    purpose: str
    received_on: date


class ContributionIn(Schema):
    unit: str
    donor: str
    kind: str
    received_on: date
    amount: Amount | None = None
    item: str = ""
    quantity: int | None = None
    purpose: str = ""


class AllowanceQuery(Schema):
    unit: str
    period: str | None = None
    start: date | None = None
    end: date | None = None


def _period(query: AllowanceQuery) -> Period:
    if query.period:
        return parse_period(query.period)
    if query.start and query.end:
        return period_between(query.start, query.end)
    raise ServiceError(
        "period_required",
        _("Give a period (2025, 2025-Q3, 2025-08), or both start and end dates."),
        field="period",
    )


# --- policies ------------------------------------------------------------------


@router.get("/policies", response=list[PolicyOut])
@paginate(LimitOffsetPagination)
def policy_list(request, unit: str | None = None):
    """Policies of your subtree and of the units above it; `unit` narrows to those paying it."""
    scope = unit_get_for(request.auth, code=unit) if unit else None
    return policies_filter(policies_visible_to(request.auth), unit=scope)


@router.post("/policies", response={201: PolicyOut})
def policy_create(request, data: PolicyIn):
    unit = unit_for_writing(request.auth, code=data.unit)
    require(may_manage_policies(request.auth, unit.path))
    fields = data.dict(exclude={"unit", "areas"})
    areas = units_for_writing(request.auth, codes=data.areas)
    policy = services.policy_create(unit=unit, by=request.auth, areas=areas, **fields)
    return Status(201, policy)


@router.get("/policies/{policy_id}", response=PolicyOut)
def policy_detail(request, policy_id: int):
    return policy_get_for(request.auth, policy_id=policy_id)


@router.patch("/policies/{policy_id}", response=PolicyOut)
def policy_update(request, policy_id: int, data: PolicyPatch):
    policy = policy_get_for(request.auth, policy_id=policy_id)
    require(may_manage_policies(request.auth, policy.path))
    changes = data.dict(exclude_unset=True)
    codes = changes.pop("areas", None)
    areas = None if codes is None else units_for_writing(request.auth, codes=codes)
    return services.policy_update(policy=policy, by=request.auth, areas=areas, **changes)


# --- allowances ----------------------------------------------------------------


@router.get("/allowances", response=dict)
def allowances(request, query: Query[AllowanceQuery]):
    """What each team under `unit` is owed for `period` (2025, 2025-Q3, 2025-08; or start and end).

    The same object as `cnscd funding allowances CODE --period P --format json`,
    plus `paid` (payments for periods inside this one) and `children` (totals
    per child unit). Amounts are integer đồng.
    """
    unit = unit_get_for(request.auth, code=query.unit)
    report = allowance_report(unit, _period(query))
    return {
        **report_as_dict(report),
        "paid": report.paid,
        "children": [
            {
                "unit": child.unit.code,
                "name": child.unit.name,
                "teams": child.teams,
                "amount": child.amount,
                "paid": child.paid,
            }
            for child in report.children
        ],
    }


# --- payments ------------------------------------------------------------------


@router.get("/payments", response=list[PaymentOut])
@paginate(LimitOffsetPagination)
def payment_list(request, unit: str | None = None, period: str | None = None):
    """Payments to teams of your subtree; `period` keeps those for periods inside it."""
    payments = payments_visible_to(request.auth)
    if unit:
        payments = payments.filter(path__under=unit_get_for(request.auth, code=unit).path)
    if period:
        span = parse_period(period)
        payments = payments.filter(period_start__gte=span.start, period_end__lte=span.end)
    return payments


@router.post("/payments", response={201: PaymentOut})
def payment_create(request, data: PaymentIn):
    team = team_get_for(request.auth, team_id=data.team)
    require(may_record_payment(request.auth, team.path))
    payment = services.payment_record(
        team=team,
        by=request.auth,
        period=parse_period(data.period),
        **data.dict(exclude={"team", "period"}),
    )
    return Status(201, payment)


# --- contributions -------------------------------------------------------------


@router.get("/contributions", response=list[ContributionOut])
@paginate(LimitOffsetPagination)
def contribution_list(request, unit: str | None = None):
    contributions = contributions_visible_to(request.auth)
    if unit:
        contributions = contributions.filter(path__under=unit_get_for(request.auth, code=unit).path)
    return contributions


@router.post("/contributions", response={201: ContributionOut})
def contribution_create(request, data: ContributionIn):
    unit = unit_for_writing(request.auth, code=data.unit)
    require(may_record_contribution(request.auth, unit.path))
    contribution = services.contribution_record(
        unit=unit, by=request.auth, **data.dict(exclude={"unit"})
    )
    return Status(201, contribution)
