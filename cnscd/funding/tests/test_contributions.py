"""Community contributions (xã hội hóa): cash or goods, audited, scoped."""

import pytest

from cnscd.audit.models import AuditEvent
from cnscd.funding.models import Contribution

URL = "/api/v1/funding/contributions"


def give(client, **overrides):
    data = {
        "unit": "14797",
        "donor": "Viettel Thanh Hóa",
        "kind": "cash",
        "amount": 10000000,
        "purpose": "Hỗ trợ hoạt động các tổ",
        "received_on": "2025-09-02",
        **overrides,
    }
    return client.post(URL, data, content_type="application/json")


def test_commune_officer_records_cash_and_goods(commune_officer, village, api_client):
    client = api_client(commune_officer)
    cash = give(client)
    assert cash.status_code == 201
    assert (cash.json()["amount"], cash.json()["unit_name"]) == (10000000, "Phường Hạc Thành")
    goods = give(
        client,
        unit=village.code,
        kind="in_kind",
        amount=None,
        item="Đèn năng lượng mặt trời",
        quantity=20,
        donor="Mạnh thường quân Nguyễn Văn Hòa",
    )
    assert goods.status_code == 201
    assert (goods.json()["item"], goods.json()["quantity"]) == ("Đèn năng lượng mặt trời", 20)
    assert AuditEvent.objects.filter(verb="funding.contribution.recorded").count() == 2


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"amount": -1}, "amount_not_positive", "amount"),
        ({"amount": 1.5}, "amount_not_whole", "amount"),
        ({"amount": None}, "amount_required", "amount"),
        ({"item": "Camera"}, "item_for_cash", "item"),
        ({"kind": "in_kind", "amount": None}, "item_required", "item"),
        ({"kind": "in_kind", "item": "Camera", "quantity": 0}, "invalid_quantity", "quantity"),
        ({"kind": "voucher"}, "invalid_kind", "kind"),
        ({"donor": " "}, "donor_required", "donor"),
        ({"received_on": "2099-01-01"}, "date_in_future", "received_on"),
        ({"unit": "VN"}, "invalid_unit", "unit"),
    ],
)
def test_bad_contributions_are_refused(national_admin, api_client, overrides, code, field):
    response = give(api_client(national_admin), **overrides)
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["fields"])) == (code, [field])
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("persona", ["team_leader", "viewer"])
def test_team_roles_and_viewers_only_read_contributions(persona, request, api_client):
    user = request.getfixturevalue(persona)
    response = give(api_client(user), unit=user.role_assignments.get().unit.code)
    assert response.status_code == 403


def test_outsider_neither_records_nor_sees_contributions_in_thanh_hoa(
    commune_officer, outsider, api_client
):
    give(api_client(commune_officer))
    client = api_client(outsider)
    response = give(client)
    assert (response.status_code, response.json()["code"]) == (404, "unit_out_of_scope")
    assert client.get(URL).json()["items"] == []
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize("count", [1, 4])
def test_contribution_list_takes_the_same_queries_for_few_and_many(
    count, commune_officer, api_client, django_assert_num_queries
):
    client = api_client(commune_officer)
    for _ in range(count):
        give(client)
    # token, scope, unit, count, page
    with django_assert_num_queries(5):
        assert client.get(f"{URL}?unit=14797").json()["count"] == count
