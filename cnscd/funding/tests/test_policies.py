"""Policies: who may enter them, what is refused, what the audit log keeps, who sees them."""

from datetime import date

import pytest

from cnscd.audit.models import AuditEvent
from cnscd.funding.models import Policy
from cnscd.funding.services import policy_create

from .conftest import monthly_policy

URL = "/api/v1/funding/policies"


def body(**overrides):
    return {
        "unit": "38",
        "reference": "Nghị quyết 12/2024/NQ-HĐND",
        "basis": "per_team_month",
        "amount": 500000,
        "valid_from": "2024-01-01",
        **overrides,
    }


def post(client, **overrides):
    return client.post(URL, body(**overrides), content_type="application/json")


def test_province_officer_enters_a_policy_and_the_audit_log_keeps_its_terms(
    province_officer, api_client
):
    response = post(api_client(province_officer), cap_per_year=5000000, valid_to="2025-12-31")
    assert response.status_code == 201
    data = response.json()
    assert (data["unit"], data["amount"], data["cap_per_year"]) == ("38", 500000, 5000000)
    event = AuditEvent.objects.get(verb="funding.policy.created")
    assert event.actor == province_officer
    assert event.unit_path == "VN/38/"
    assert event.details["amount"] == 500000
    assert event.details["valid_to"] == "2025-12-31"


def test_province_officer_may_enter_a_policy_of_one_of_its_communes(province_officer, api_client):
    assert post(api_client(province_officer), unit="14797").status_code == 201


@pytest.mark.parametrize("persona", ["commune_officer", "team_leader", "viewer"])
def test_only_national_and_province_officers_enter_policies(persona, request, api_client):
    user = request.getfixturevalue(persona)
    response = post(api_client(user), unit=user.role_assignments.get().unit.code)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Policy.objects.exists()


def test_policy_for_a_unit_outside_scope_is_refused_with_a_clear_code(province_officer, api_client):
    response = post(api_client(province_officer), unit="48")
    assert response.status_code == 404
    assert response.json()["code"] == "unit_out_of_scope"
    assert "48" in response.json()["message"]
    assert not Policy.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"amount": -500000}, "amount_not_positive", "amount"),
        ({"amount": 0}, "amount_not_positive", "amount"),
        ({"amount": 500000.5}, "amount_not_whole", "amount"),
        ({"amount": 500000.0}, "amount_not_whole", "amount"),
        ({"cap_per_year": -1}, "amount_not_positive", "cap_per_year"),
        ({"valid_to": "2023-12-31"}, "period_end_before_start", "end"),
        ({"reference": "  "}, "reference_required", "reference"),
        ({"basis": "per_household"}, "invalid_basis", "basis"),
    ],
)
def test_bad_policies_are_refused_and_nothing_is_stored(
    national_admin, api_client, overrides, code, field
):
    response = post(api_client(national_admin), **overrides)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["fields"]
    assert not Policy.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="funding.").exists()


def test_policy_areas_must_be_communes_of_its_unit(national_admin, api_client):
    response = post(api_client(national_admin), areas=["00004"])
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_area"


def test_policy_areas_outside_scope_are_refused(province_officer, api_client):
    response = post(api_client(province_officer), areas=["00004"])
    assert response.status_code == 404
    assert (response.json()["code"], list(response.json()["fields"])) == (
        "unit_out_of_scope",
        ["areas"],
    )
    assert not Policy.objects.exists()


def test_a_village_cannot_hold_a_policy(national_admin, village, api_client):
    response = post(api_client(national_admin), unit=village.code)
    assert response.json()["code"] == "invalid_policy_unit"


def test_overlapping_policies_are_refused_unless_additive(
    province_policy, national_admin, api_client
):
    client = api_client(national_admin)
    # a commune policy inside the province's, on the same days
    response = post(client, unit="14797", valid_from="2025-03-01")
    assert response.status_code == 409
    assert response.json()["code"] == "policy_overlap"
    assert "Nghị quyết 12/2024/NQ-HĐND" in response.json()["message"]
    assert Policy.objects.count() == 1
    assert post(client, unit="14797", additive=True).status_code == 201


def test_policies_of_different_areas_or_days_do_not_overlap(thanh_hoa, national_admin, api_client):
    monthly_policy(thanh_hoa, valid_to=date(2024, 12, 31))
    client = api_client(national_admin)
    assert post(client, valid_from="2025-01-01").status_code == 201
    assert post(client, unit="14797", valid_from="2024-01-01").status_code == 409
    # two policies of one province, each for other communes
    assert post(client, unit="48", areas=["20242"]).status_code == 201
    assert post(client, unit="48", areas=["20341"]).status_code == 201
    assert post(client, unit="48", areas=["20242", "20257"]).status_code == 409


def test_changing_a_policy_is_audited_with_values_before_and_after(
    province_policy, province_officer, api_client
):
    response = api_client(province_officer).patch(
        f"{URL}/{province_policy.pk}",
        {"amount": 600000, "valid_to": "2025-06-30"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["amount"] == 600000
    event = AuditEvent.objects.get(verb="funding.policy.updated")
    assert event.details["before"] == {"amount": 500000, "valid_to": None}
    assert event.details["after"] == {"amount": 600000, "valid_to": "2025-06-30"}


def test_a_change_that_breaks_a_rule_stores_nothing(province_policy, province_officer, api_client):
    response = api_client(province_officer).patch(
        f"{URL}/{province_policy.pk}", {"valid_to": "2023-01-01"}, content_type="application/json"
    )
    assert response.json()["code"] == "period_end_before_start"
    province_policy.refresh_from_db()
    assert province_policy.valid_to is None
    assert not AuditEvent.objects.filter(verb="funding.policy.updated").exists()


def test_commune_officer_sees_the_province_policy_but_cannot_change_it(
    province_policy, commune_officer, api_client
):
    client = api_client(commune_officer)
    assert [p["id"] for p in client.get(URL).json()["items"]] == [province_policy.pk]
    response = client.patch(
        f"{URL}/{province_policy.pk}", {"amount": 1}, content_type="application/json"
    )
    assert response.status_code == 403


def test_outsider_sees_no_policy_of_thanh_hoa(province_policy, outsider, api_client):
    client = api_client(outsider)
    assert client.get(URL).json()["items"] == []
    assert client.get(f"{URL}/{province_policy.pk}").status_code == 404
    assert client.get(f"{URL}?unit=38").status_code == 404


def test_policy_list_narrowed_to_a_unit_shows_policies_above_and_inside_it(
    thanh_hoa, hac_thanh, national_admin, api_client
):
    above = monthly_policy(thanh_hoa, valid_to=date(2024, 12, 31))
    inside = monthly_policy(hac_thanh, valid_from=date(2025, 1, 1))
    other = policy_create(
        unit=hac_thanh.parent.children.exclude(pk=hac_thanh.pk).first(),
        by=None,
        reference="NQ xã khác",
        basis="per_team_month",
        amount=1,
        valid_from=date(2025, 1, 1),
    )
    items = api_client(national_admin).get(f"{URL}?unit=14797").json()["items"]
    assert {p["id"] for p in items} == {above.pk, inside.pk}
    assert other.pk not in {p["id"] for p in items}


@pytest.mark.parametrize("count", [1, 6])
def test_policy_list_takes_the_same_queries_for_few_and_many(
    count, thanh_hoa, national_admin, api_client, django_assert_num_queries
):
    communes = thanh_hoa.children.order_by("code")[:count]
    for commune in communes:
        monthly_policy(commune)
    client = api_client(national_admin)
    client.get(URL)  # warm the token lookup's caches
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == count


def test_clearing_optional_fields_with_null_keeps_the_policy_valid(
    province_policy, province_officer, api_client
):
    response = api_client(province_officer).patch(
        f"{URL}/{province_policy.pk}",
        {"notes": None, "area_label": None, "cap_per_year": None, "additive": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["notes"], response.json()["additive"]) == ("", False)
