"""Teams API: scope on every endpoint, roles for writes, errors with codes, pinned queries."""

from datetime import date

import pytest

from cnscd.geo.services import village_create
from cnscd.teams import services
from cnscd.teams.models import Member, Team

D = date(2024, 3, 1)


@pytest.fixture
def team(village):
    team = services.team_create(village=village, by=None, name="Tổ CNSCĐ Đông Sơn")
    services.member_add(
        team=team,
        by=None,
        full_name="Lê Văn An",
        gender="male",
        joined_on=D,
        role="leader",
        phone="0912345678",
    )
    return team


@pytest.fixture
def other_team(sibling_village):
    return services.team_create(village=sibling_village, by=None, name="Tổ CNSCĐ Bắc Sơn")


def read_urls(team):
    member = team.members.first()
    return [
        f"/api/v1/teams/{team.pk}",
        f"/api/v1/teams/{team.pk}/members",
        f"/api/v1/teams/{team.pk}/activities",
        f"/api/v1/members/{member.pk}",
    ]


@pytest.mark.parametrize("index", range(4))
def test_outsider_gets_404_on_every_team_endpoint(team, outsider, api_client, index):
    response = api_client(outsider).get(read_urls(team)[index])
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_outsider_lists_no_teams_and_cannot_write(team, outsider, api_client):
    client = api_client(outsider)
    assert client.get("/api/v1/teams").json()["items"] == []
    member = team.members.first()
    attempts = [
        client.patch(f"/api/v1/teams/{team.pk}", {"name": "x"}, content_type="application/json"),
        client.post(
            f"/api/v1/teams/{team.pk}/members",
            {"full_name": "X", "gender": "male", "joined_on": "2024-01-01"},
            content_type="application/json",
        ),
        client.patch(
            f"/api/v1/members/{member.pk}",
            {"left_on": "2025-01-01"},
            content_type="application/json",
        ),
        client.post(
            "/api/v1/teams", {"village": team.village.code}, content_type="application/json"
        ),
    ]
    assert [r.status_code for r in attempts] == [404, 404, 404, 404]
    team.refresh_from_db()
    assert team.name == "Tổ CNSCĐ Đông Sơn" and team.active_members == 1


def test_team_leader_editing_another_team_gets_404(team, other_team, team_leader, api_client):
    client = api_client(team_leader)
    response = client.post(
        f"/api/v1/teams/{other_team.pk}/members",
        {"full_name": "X", "gender": "male", "joined_on": "2024-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not other_team.members.exists()


def test_team_leader_adds_a_member_to_their_own_team(team, team_leader, api_client):
    response = api_client(team_leader).post(
        f"/api/v1/teams/{team.pk}/members",
        {
            "full_name": "trần thị bình",
            "gender": "female",
            "joined_on": "2024-05-01",
            "phone": "+84 98 765 4321",
            "background": "youth_union",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["full_name"] == "Trần Thị Bình"
    assert response.json()["phone"] == "0987654321"


def test_team_leader_cannot_rename_the_team(team, team_leader, api_client):
    response = api_client(team_leader).patch(
        f"/api/v1/teams/{team.pk}", {"name": "Tên mới"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_second_team_through_the_api_names_the_first(team, commune_officer, api_client):
    response = api_client(commune_officer).post(
        "/api/v1/teams", {"village": team.village.code}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "team_exists"
    assert "Tổ CNSCĐ Đông Sơn" in response.json()["message"]


def test_bad_member_input_gets_field_errors(team, commune_officer, api_client):
    client = api_client(commune_officer)
    url = f"/api/v1/teams/{team.pk}/members"
    bad_phone = client.post(
        url,
        {"full_name": "A", "gender": "male", "joined_on": "2024-01-01", "phone": "0112345678"},
        content_type="application/json",
    )
    assert bad_phone.status_code == 400
    assert bad_phone.json()["code"] == "phone_bad_prefix"
    assert "phone" in bad_phone.json()["fields"]
    missing = client.post(url, {"gender": "male"}, content_type="application/json")
    assert missing.status_code == 422
    assert {"full_name", "joined_on"} <= set(missing.json()["fields"])
    assert Member.objects.filter(team=team).count() == 1


def test_leaving_before_joining_through_the_api(team, commune_officer, api_client):
    member = team.members.first()
    response = api_client(commune_officer).patch(
        f"/api/v1/members/{member.pk}", {"left_on": "2020-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "left_before_joined"


def test_viewer_sees_member_phones_masked(team, viewer, commune_officer, api_client):
    url = f"/api/v1/teams/{team.pk}/members"
    assert api_client(viewer).get(url).json()["items"][0]["phone"] == "091****678"
    assert api_client(commune_officer).get(url).json()["items"][0]["phone"] == "0912345678"


def test_team_list_filters_flags_and_pins_queries(
    hac_thanh, province_officer, api_client, django_assert_num_queries
):
    client = api_client(province_officer)
    client.get("/api/v1/teams")
    for n in range(3):
        services.team_create(
            village=village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None),
            by=None,
        )
    with django_assert_num_queries(4):  # token, scope, count, page with villages
        assert len(client.get("/api/v1/teams").json()["items"]) == 3
    for n in range(3, 30):
        services.team_create(
            village=village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None),
            by=None,
        )
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/teams", {"limit": 100}).json()["items"]) == 30
    flagged = client.get("/api/v1/teams", {"flag": "no_leader", "unit": "14797"}).json()
    assert flagged["count"] == 30
    assert all("no_leader" in t["flags"] for t in flagged["items"])


def test_activity_with_a_photo_through_the_api(team, member, api_client, settings, tmp_path):
    from cnscd.teams.tests.test_teams import jpeg_with_gps

    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = api_client(member).post(
        f"/api/v1/teams/{team.pk}/activities",
        {
            "held_on": "2025-06-01",
            "kind": "door_to_door",
            "title": "Ra quân",
            "participants": 5,
            "photos": [photo],
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["photos"]) == 1


def test_digital_model_catalogue_is_seeded(db, member, api_client):
    keys = [m["key"] for m in api_client(member).get("/api/v1/digital-models").json()]
    assert keys[:2] == ["ba_khong", "cho_khong_tien_mat"]
    assert len(keys) == 7


def test_adoption_once_per_unit(team, commune_officer, api_client):
    client = api_client(commune_officer)
    payload = {"model": "camera_an_ninh", "unit": team.village.code, "since": "2024-09-01"}
    assert (
        client.post("/api/v1/adoptions", payload, content_type="application/json").status_code
        == 201
    )
    again = client.post("/api/v1/adoptions", payload, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "adoption_exists"
    listed = client.get("/api/v1/adoptions", {"unit": "14797"}).json()["items"]
    assert [a["model"] for a in listed] == ["camera_an_ninh"]


def test_dissolved_team_keeps_its_row(team, commune_officer, api_client):
    response = api_client(commune_officer).patch(
        f"/api/v1/teams/{team.pk}",
        {"status": "dissolved", "status_since": "2025-01-01"},
        content_type="application/json",
    )
    assert response.json()["status"] == "dissolved"
    assert Team.objects.filter(pk=team.pk).exists()
