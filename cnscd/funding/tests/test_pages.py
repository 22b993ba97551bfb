"""Funding pages: what each role sees and may do, forms with Vietnamese amounts, downloads."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from cnscd.audit.models import AuditEvent
from cnscd.funding.models import Contribution, Payment, Policy
from cnscd.geo.services import village_create

from .conftest import make_team

PAGE = "/u/14797/funding/"


def test_commune_officer_sees_what_each_team_is_owed(
    province_policy, team, sibling_team, commune_officer, login_client
):
    response = login_client(commune_officer).get(f"{PAGE}?period=2025-Q3")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổ dân phố Đông Sơn" in html and "Tổ dân phố Bắc Sơn" in html
    assert "1.500.000\xa0đ" in html and "3.000.000\xa0đ" in html
    assert "Nghị quyết 12/2024/NQ-HĐND" in html
    assert f"/u/14797/funding/payments/new/?team={team.pk}" in html
    assert "/u/14797/funding/payout.pdf?period=2025-Q3" in html


def test_a_period_that_does_not_read_falls_back_to_this_quarter_with_a_message(
    commune_officer, login_client
):
    response = login_client(commune_officer).get(f"{PAGE}?period=2025-13")
    assert response.status_code == 200
    assert "2025-13" in response.content.decode()  # the message repeats what was typed


def test_province_page_totals_communes_with_contributions_beside(
    province_policy, team, province_officer, login_client
):
    from cnscd.funding.services import contribution_record

    contribution_record(
        unit=team.village, by=None, donor="VNPT", kind="cash", amount=2_000_000,
        received_on=date(2025, 9, 1),
    )  # fmt: skip
    html = login_client(province_officer).get("/u/38/funding/?period=2025-08").content.decode()
    assert "Phường Hạc Thành" in html
    assert "500.000\xa0đ" in html and "2.000.000\xa0đ" in html


@pytest.mark.parametrize(
    "url",
    [
        PAGE,
        "/u/14797/funding/payout.xlsx?period=2025",
        "/u/14797/funding/payout.pdf?period=2025",
        "/u/14797/funding/payments/new/",
        "/u/14797/funding/contributions/new/",
        "/u/38/funding/policies/new/",
    ],
)
def test_outsider_gets_404_on_every_funding_page(url, outsider, login_client):
    assert login_client(outsider).get(url).status_code == 404


def test_outsider_cannot_edit_a_thanh_hoa_policy(province_policy, outsider, login_client):
    response = login_client(outsider).get(f"/funding/policies/{province_policy.pk}/edit/")
    assert response.status_code == 404


def test_viewer_reads_but_gets_no_forms_and_cannot_post(
    province_policy, team, viewer, login_client
):
    client = login_client(viewer)
    html = client.get(f"{PAGE}?period=2025-Q3").content.decode()
    assert "1.500.000\xa0đ" in html
    assert "/payments/new/" not in html and "/contributions/new/" not in html
    assert "/policies/new/" not in html
    response = client.post("/u/14797/funding/payments/new/", {"team": team.pk})
    assert response.status_code == 403
    assert client.get(f"/funding/policies/{province_policy.pk}/edit/").status_code == 403


def test_team_leader_reads_the_page_of_its_village(
    province_policy, team, team_leader, login_client
):
    client = login_client(team_leader)
    response = client.get(f"/u/{team.village.code}/funding/?period=2025-08")
    assert response.status_code == 200
    assert "500.000\xa0đ" in response.content.decode()
    assert client.get(PAGE).status_code == 404


def payment_form(team, **overrides):
    return {
        "team": team.pk,
        "period": "2025-08",
        "paid_on": "05/09/2025",
        "reference": "PC 15/2025",
        "amount": "500.000",
        **overrides,
    }


def test_commune_officer_records_a_payment_typed_with_dots(
    province_policy, team, commune_officer, login_client
):
    response = login_client(commune_officer).post(
        "/u/14797/funding/payments/new/", payment_form(team)
    )
    assert response.status_code == 302
    assert response["Location"] == "/u/14797/funding/?period=2025-08"
    payment = Payment.objects.get()
    assert (payment.amount, payment.paid_on, payment.recorded_by) == (
        500_000,
        date(2025, 9, 5),
        commune_officer,
    )


@pytest.mark.parametrize(
    ("amount", "error"),
    [("500.001", "PC 15/2025"), ("500.000,5", "500.000,5"), ("-500.000", "-500.000")],
)
def test_payment_form_shows_errors_and_stores_nothing(
    amount, error, province_policy, team, commune_officer, login_client
):
    response = login_client(commune_officer).post(
        "/u/14797/funding/payments/new/", payment_form(team, amount=amount)
    )
    assert response.status_code == 400
    assert not Payment.objects.exists()
    if amount == "500.001":  # the service's message names what is still owed
        assert "500.000 đ" in response.content.decode()
    else:
        assert error in response.content.decode()


def test_payment_form_preselects_the_team_and_period(
    province_policy, team, commune_officer, login_client
):
    url = f"/u/14797/funding/payments/new/?team={team.pk}&period=2025-Q3"
    html = login_client(commune_officer).get(url).content.decode()
    assert f'<option value="{team.pk}" selected>' in html
    assert 'value="2025-Q3"' in html


def test_commune_officer_records_goods_for_a_village(commune_officer, village, login_client):
    response = login_client(commune_officer).post(
        "/u/14797/funding/contributions/new/",
        {
            "unit": village.code,
            "donor": "Công ty Điện lực",
            "kind": "in_kind",
            "item": "Đèn năng lượng mặt trời",
            "quantity": "12",
            "amount": "6.000.000",
            "received_on": "2025-09-02",
        },
    )
    assert response.status_code == 302
    gift = Contribution.objects.get()
    assert (gift.unit, gift.quantity, gift.amount) == (village, 12, 6_000_000)


def test_province_officer_adds_a_policy_for_some_communes(province_officer, login_client):
    client = login_client(province_officer)
    page = client.get("/u/38/funding/policies/new/")
    assert "Phường Hạc Thành" in page.content.decode()
    from cnscd.geo.models import Unit

    hac_thanh = Unit.objects.get(code="14797", valid_to__isnull=True)
    response = client.post(
        "/u/38/funding/policies/new/",
        {
            "reference": "Nghị quyết 5/2025/NQ-HĐND",
            "basis": "per_member_month",
            "amount": "60.000",
            "valid_from": "01/01/2025",
            "areas": [hac_thanh.pk],
            "area_label": "Phường Hạc Thành",
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert (policy.amount, list(policy.areas.all())) == (60_000, [hac_thanh])
    assert AuditEvent.objects.filter(verb="funding.policy.created", actor=province_officer).exists()


def test_policy_edit_page_changes_the_amount(province_policy, province_officer, login_client):
    url = f"/funding/policies/{province_policy.pk}/edit/"
    client = login_client(province_officer)
    assert 'value="500.000"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"reference": "Nghị quyết 12/2024/NQ-HĐND", "basis": "per_team_month",
         "amount": "550.000", "valid_from": "2024-01-01"},
    )  # fmt: skip
    assert response.status_code == 302
    province_policy.refresh_from_db()
    assert province_policy.amount == 550_000


def test_payout_sheet_download_is_audited(province_policy, team, commune_officer, login_client):
    response = login_client(commune_officer).get("/u/14797/funding/payout.xlsx?period=2025-Q3")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chi-tra-14797-2025-Q3.xlsx"'
    values = [c for row in load_workbook(BytesIO(response.content)).active.values for c in row]
    assert 1_500_000 in values
    event = AuditEvent.objects.get(verb="funding.payout_sheet.exported")
    assert event.details == {"period": "2025-Q3", "format": "xlsx", "rows": 1}
    pdf = login_client(commune_officer).get("/u/14797/funding/payout.pdf?period=2025-Q3")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_unit_page_links_to_funding_and_the_nav_leads_home(commune_officer, login_client):
    client = login_client(commune_officer)
    assert PAGE in client.get("/u/14797/").content.decode()
    response = client.get("/funding/")
    assert (response.status_code, response["Location"]) == (302, PAGE)


@pytest.mark.parametrize("villages", [1, 4])
def test_funding_page_takes_the_same_queries_for_few_and_many_teams(
    villages, province_policy, hac_thanh, commune_officer, login_client, django_assert_num_queries
):
    for n in range(villages):
        village = village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None)
        make_team(village, date(2024, 1, 1), (f"Người {n}", date(2024, 1, 1), None, "leader"))
    client = login_client(commune_officer)
    client.get(f"{PAGE}?period=2025")
    # session, user, scope ×3 (per role set), unit, breadcrumb, report (6), contributions ×2,
    # policies ×2, payments, the navigation's unread notices
    with django_assert_num_queries(19):
        response = client.get(f"{PAGE}?period=2025")
    assert response.content.decode().count("6.000.000\xa0đ") >= villages
