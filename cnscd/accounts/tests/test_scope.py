"""Who sees what: every role against page and API, and the outsider against everything."""

import pytest

from cnscd.geo.selectors import units_visible_to


def test_national_admin_sees_every_province(national_admin):
    assert units_visible_to(national_admin).filter(kind="province").count() == 34


def test_province_officer_sees_only_their_province(province_officer, village, hanoi_village):
    visible = units_visible_to(province_officer)
    assert visible.filter(code="38").exists()
    assert village in visible
    assert not visible.filter(code="01").exists()
    assert hanoi_village not in visible
    assert not visible.filter(code="VN").exists()


def test_commune_officer_sees_their_commune_and_villages_only(commune_officer, village):
    codes = set(units_visible_to(commune_officer).values_list("code", flat=True))
    assert codes == {"14797", village.code}


def test_team_member_sees_only_their_village(member, village, sibling_village):
    assert list(units_visible_to(member)) == [village]


def test_user_without_roles_sees_nothing(django_user_model, db):
    user = django_user_model.objects.create_user("noone", password="x")
    assert not units_visible_to(user).exists()


def test_inactive_user_sees_nothing(commune_officer):
    commune_officer.is_active = False
    assert not units_visible_to(commune_officer).exists()


@pytest.mark.parametrize(
    "url", ["/u/{code}/", "/api/v1/units/{code}", "/api/v1/units/{code}/children"]
)
def test_commune_officer_gets_404_for_a_sibling_commune(commune_officer, login_client, url):
    sibling = "14758"  # Phường Hàm Rồng, another ward of Thanh Hóa
    response = login_client(commune_officer).get(url.format(code=sibling))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", ["/u/{code}/", "/api/v1/units/{code}", "/api/v1/units/{code}/children"]
)
def test_outsider_gets_404_for_a_village_in_thanh_hoa(outsider, village, login_client, url):
    response = login_client(outsider).get(url.format(code=village.code))
    assert response.status_code == 404


def test_outsider_404_is_the_same_as_unknown_code(outsider, village, api_client):
    client = api_client(outsider)
    hidden = client.get(f"/api/v1/units/{village.code}")
    unknown = client.get("/api/v1/units/99999")
    assert hidden.status_code == unknown.status_code == 404
    assert (
        hidden.json()
        == unknown.json()
        == {"code": "not_found", "message": hidden.json()["message"]}
    )


def test_outsider_search_finds_nothing_in_thanh_hoa(outsider, api_client):
    response = api_client(outsider).get("/api/v1/units", {"search": "thanh hoa"})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_only_officers_can_manage(commune_officer, province_officer, team_leader, viewer, village):
    assert commune_officer.can_manage(village.path)
    assert province_officer.can_manage(village.path)
    assert not team_leader.can_manage(village.path)
    assert not viewer.can_manage(village.path)
