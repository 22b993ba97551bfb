"""Payments: checked against what is owed, overrides with a reason, audited, scoped."""

from datetime import date

import pytest

from cnscd.audit.models import AuditEvent
from cnscd.errors import ServiceError
from cnscd.funding.allowances import allowance_report
from cnscd.funding.models import Payment
from cnscd.funding.periods import parse_period
from cnscd.funding.services import payment_outstanding, payment_record

URL = "/api/v1/funding/payments"


def pay(client, team, **overrides):
    data = {
        "team": team.pk,
        "period": "2025-08",
        "paid_on": "2025-09-05",
        "reference": "PC-0815",
        "amount": 500000,
        **overrides,
    }
    return client.post(URL, data, content_type="application/json")


def record(team, period: str, amount: int, **extra) -> Payment:
    return payment_record(
        team=team,
        by=None,
        period=parse_period(period),
        paid_on=date(2025, 10, 1),
        reference=f"PC-{period}",
        amount=amount,
        **extra,
    )


def test_commune_officer_records_a_payment_and_it_is_audited(
    province_policy, team, commune_officer, api_client
):
    response = pay(api_client(commune_officer), team)
    assert response.status_code == 201
    data = response.json()
    assert (data["amount"], data["outstanding"], data["override"]) == (500000, 500000, False)
    assert data["recorded_by"] == "xa"
    event = AuditEvent.objects.get(verb="funding.payment.recorded")
    assert event.actor == commune_officer
    assert event.unit_path == team.path
    assert event.details["owed"] == 500000
    assert event.details["paid_before"] == 0
    assert event.details["reference"] == "PC-0815"


def test_paying_more_than_owed_is_refused_and_nothing_is_stored(
    province_policy, team, commune_officer, api_client
):
    response = pay(api_client(commune_officer), team, amount=500001)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "payment_exceeds_owed"
    assert "500.000 đ" in body["message"]
    assert not Payment.objects.exists()
    assert not AuditEvent.objects.filter(verb="funding.payment.recorded").exists()


def test_an_override_needs_a_reason(province_policy, team, commune_officer, api_client):
    client = api_client(commune_officer)
    response = pay(client, team, amount=700000, override=True, override_reason="  ")
    assert response.json()["code"] == "override_reason_required"
    assert not Payment.objects.exists()
    response = pay(client, team, amount=700000, override=True, override_reason="Truy lĩnh tháng 7")
    assert response.status_code == 201
    assert (response.json()["override"], response.json()["outstanding"]) == (True, 500000)
    event = AuditEvent.objects.get(verb="funding.payment.recorded")
    assert event.details["override"] is True
    assert event.details["reason"] == "Truy lĩnh tháng 7"


def test_second_payment_may_only_cover_what_is_left(province_policy, team):
    record(team, "2025-08", 300_000)
    with pytest.raises(ServiceError) as caught:
        record(team, "2025-08", 200_001)
    assert caught.value.code == "payment_exceeds_owed"
    assert record(team, "2025-08", 200_000).outstanding == 200_000


def test_a_quarter_paid_in_full_leaves_nothing_for_its_months(province_policy, team):
    record(team, "2025-Q3", 1_500_000)
    span, owed, paid = payment_outstanding(team, parse_period("2025-08"))
    assert (span.label, owed, paid) == ("2025-Q3", 1_500_000, 1_500_000)
    with pytest.raises(ServiceError) as caught:
        record(team, "2025-08", 1)
    assert caught.value.code == "payment_exceeds_owed"


def test_months_paid_count_against_their_quarter(province_policy, team):
    record(team, "2025-07", 500_000)
    record(team, "2025-08", 500_000)
    span, owed, paid = payment_outstanding(team, parse_period("2025-Q3"))
    assert (span.label, owed, paid) == ("2025-Q3", 1_500_000, 1_000_000)
    assert record(team, "2025-Q3", 500_000).outstanding == 500_000


def test_the_report_reconciles_owed_and_paid(province_policy, team, sibling_team, hac_thanh):
    record(team, "2025-07", 500_000)
    record(team, "2025-08", 400_000)
    report = allowance_report(hac_thanh, parse_period("2025-Q3"))
    balances = {line.team: (line.amount, line.paid, line.balance) for line in report.lines}
    assert balances == {
        team: (1_500_000, 900_000, 600_000),
        sibling_team: (1_500_000, 0, 1_500_000),
    }
    assert (report.total, report.paid) == (3_000_000, 900_000)


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"amount": -500000}, "amount_not_positive", "amount"),
        ({"amount": 250000.5}, "amount_not_whole", "amount"),
        ({"period": "2025-8"}, "invalid_period", "period"),
        ({"reference": ""}, "reference_required", "reference"),
        ({"paid_on": "2099-01-01"}, "date_in_future", "paid_on"),
    ],
)
def test_bad_payments_are_refused_with_a_code(
    province_policy, team, commune_officer, api_client, overrides, code, field
):
    response = pay(api_client(commune_officer), team, **overrides)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert not Payment.objects.exists()


@pytest.mark.parametrize("persona", ["team_leader", "member", "viewer"])
def test_team_roles_and_viewers_cannot_record_payments(
    persona, province_policy, team, request, api_client
):
    response = pay(api_client(request.getfixturevalue(persona)), team)
    assert response.status_code == 403
    assert not Payment.objects.exists()


def test_outsider_cannot_pay_or_see_payments_of_thanh_hoa(
    province_policy, team, outsider, api_client
):
    record(team, "2025-08", 500_000)
    client = api_client(outsider)
    assert pay(client, team).status_code == 404
    assert client.get(URL).json()["items"] == []
    assert client.get(f"{URL}?unit=14797").status_code == 404


def test_payment_list_filters_by_unit_and_period(province_policy, team, viewer, api_client):
    record(team, "2025-07", 500_000)
    record(team, "2025-Q3", 100_000)
    client = api_client(viewer)
    assert client.get(f"{URL}?unit=14797").json()["count"] == 2
    items = client.get(f"{URL}?period=2025-07").json()["items"]
    assert [(i["period"], i["amount"]) for i in items] == [("2025-07", 500_000)]


@pytest.mark.parametrize("count", [1, 5])
def test_payment_list_takes_the_same_queries_for_few_and_many(
    count, province_policy, team, national_admin, api_client, django_assert_num_queries
):
    for month in range(1, count + 1):
        record(team, f"2025-{6 + month:02d}", 1)
    client = api_client(national_admin)
    client.get(URL)
    with django_assert_num_queries(3):
        assert client.get(URL).json()["count"] == count
