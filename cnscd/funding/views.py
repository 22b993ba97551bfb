"""Funding pages of a unit: policies, allowances owed and paid, contributions, payout sheets."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError, require
from cnscd.formpages import form_page, submit
from cnscd.funding import services
from cnscd.funding.allowances import allowance_report
from cnscd.funding.forms import ContributionForm, PaymentForm, PolicyForm
from cnscd.funding.overview import funding_overview
from cnscd.funding.periods import Period, parse_period, quarter_of
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
)
from cnscd.funding.sheets import payout_pdf, payout_sheet, payout_xlsx
from cnscd.geo.models import Kind, Unit, code_of
from cnscd.geo.selectors import unit_breadcrumb, unit_children, unit_get_for
from cnscd.teams.selectors import team_get_for, teams_visible_to
from cnscd.workbooks import xlsx_response


def _period(request) -> Period:
    """`?period=` when it reads, else the current quarter (with a message when it did not read)."""
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return parse_period(text)
        except ServiceError as e:
            messages.error(request, e.message)
    return quarter_of(timezone.localdate())


def _period_choices(today: date) -> list[Period]:
    """Quick links: this month, this quarter, this year, last quarter, last year."""
    this_quarter = quarter_of(today)
    return [
        parse_period(f"{today:%Y-%m}"),
        this_quarter,
        parse_period(str(today.year)),
        quarter_of(this_quarter.start - timedelta(days=1)),
        parse_period(str(today.year - 1)),
    ]


@login_required
def funding_home(request):
    """The funding page of the user's own unit (the first of their subtrees)."""
    prefixes = request.user.unit_prefixes()
    if not prefixes:
        raise Http404
    code = code_of(prefixes[0])
    return redirect("funding-unit", code=code)


@login_required
def funding_page(request, code: str):
    """Where an official sees what the unit's teams are owed, what was paid, and gifts received."""
    unit = unit_get_for(request.user, code=code)
    period = _period(request)
    overview = funding_overview(request.user, unit, period)
    policies = list(
        policies_filter(policies_visible_to(request.user), unit=unit).order_by("-valid_from", "id")
    )
    payments = payments_visible_to(request.user).filter(path__under=unit.path)[:20]
    contributions = contributions_visible_to(request.user).filter(path__under=unit.path)[:20]
    return render(
        request,
        "funding/unit_funding.html",
        {
            "unit": unit,
            "breadcrumb": unit_breadcrumb(request.user, unit),
            "period": period,
            "periods": _period_choices(timezone.localdate()),
            "overview": overview,
            "report": overview.report,
            "policies": policies,
            "payments": payments,
            "contributions": contributions,
            "editable": {p.pk for p in policies if may_manage_policies(request.user, p.path)},
            "can_manage_policies": unit.kind in (Kind.PROVINCE, Kind.COMMUNE)
            and may_manage_policies(request.user, unit.path),
            # a province has thousands of teams: lines and payments are entered per commune
            "shows_lines": unit.kind in (Kind.COMMUNE, Kind.VILLAGE),
            "can_pay": may_record_payment(request.user, unit.path),
            "can_contribute": unit.kind != Kind.COUNTRY
            and may_record_contribution(request.user, unit.path),
        },
    )


def _funding_url(unit: Unit, period: str = "") -> str:
    url = reverse("funding-unit", kwargs={"code": unit.code})
    return f"{url}?period={period}" if period else url


@login_required
def policy_add(request, code: str):
    unit = unit_get_for(request.user, code=code)
    require(may_manage_policies(request.user, unit.path))
    form = PolicyForm(request.POST or None, unit=unit)
    policy = submit(
        request,
        form,
        lambda data: services.policy_create(unit=unit, by=request.user, **data),
    )
    if policy:
        messages.success(request, _("The policy is saved: %(policy)s.") % {"policy": policy})
        return redirect(_funding_url(unit))
    return form_page(request, "funding/policy_form.html", {"form": form, "unit": unit}, form)


@login_required
def policy_edit(request, policy_id: int):
    policy = policy_get_for(request.user, policy_id=policy_id)
    require(may_manage_policies(request.user, policy.path))
    initial = {f: getattr(policy, f) for f in services.POLICY_EDITABLE}
    initial["areas"] = list(policy.areas.all())
    form = PolicyForm(request.POST or None, initial=initial, unit=policy.unit)
    saved = submit(
        request,
        form,
        lambda data: services.policy_update(policy=policy, by=request.user, **data),
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect(_funding_url(policy.unit))
    context = {"form": form, "unit": policy.unit, "policy": policy}
    return form_page(request, "funding/policy_form.html", context, form)


@login_required
def payment_add(request, code: str):
    """Record a payment; `?team=&period=` preselect the line the officer clicked on."""
    unit = unit_get_for(request.user, code=code)
    require(may_record_payment(request.user, unit.path))
    teams = (
        teams_visible_to(request.user)
        .filter(path__under=unit.path)
        .order_by("village__parent__sort_key", "village__sort_key", "id")
    )
    choices = [(t.pk, f"{t.village.name} · {t.name}") for t in teams]
    initial = {
        "team": request.GET.get("team"),
        "period": request.GET.get("period", ""),
        "paid_on": timezone.localdate(),
    }
    form = PaymentForm(request.POST or None, initial=initial, teams=choices)

    def record(data):
        team = team_get_for(request.user, team_id=data.pop("team"))
        return services.payment_record(
            team=team, by=request.user, period=parse_period(data.pop("period")), **data
        )

    payment = submit(request, form, record)
    if payment:
        messages.success(
            request,
            _("Payment %(reference)s recorded for %(team)s.")
            % {"reference": payment.reference, "team": payment.team.name},
        )
        return redirect(_funding_url(unit, payment.period))
    return form_page(request, "funding/payment_form.html", {"form": form, "unit": unit}, form)


@login_required
def contribution_add(request, code: str):
    unit = unit_get_for(request.user, code=code)
    require(unit.kind != Kind.COUNTRY and may_record_contribution(request.user, unit.path))
    units = [unit, *unit_children(unit)]
    initial = {"unit": unit.code, "received_on": timezone.localdate()}
    form = ContributionForm(request.POST or None, initial=initial, units=units)
    by_code = {u.code: u for u in units}

    def record(data):
        return services.contribution_record(unit=by_code[data.pop("unit")], by=request.user, **data)

    contribution = submit(request, form, record)
    if contribution:
        messages.success(request, _("The contribution is recorded."))
        return redirect(_funding_url(unit))
    return form_page(request, "funding/contribution_form.html", {"form": form, "unit": unit}, form)


@login_required
def payout_export(request, code: str, file_format: str):
    """The payout sheet of the unit for `?period=`, as xlsx or PDF; audited (it lists names)."""
    unit = unit_get_for(request.user, code=code)
    period = _period(request)
    sheet = payout_sheet(allowance_report(unit, period))
    audit_record(
        actor=request.user,
        verb="funding.payout_sheet.exported",
        obj=unit,
        details={"period": period.label, "format": file_format, "rows": len(sheet.rows)},
    )
    filename = f"chi-tra-{unit.code}-{period.label}.{file_format}"
    if file_format == "xlsx":
        return xlsx_response(payout_xlsx(sheet), filename=filename)
    response = HttpResponse(payout_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
