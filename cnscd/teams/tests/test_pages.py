"""Team pages: forms call the services, errors show on the form, roles and scope hold."""

from datetime import date

import pytest

from cnscd.teams import services
from cnscd.teams.models import DigitalModel, Member, ModelAdoption, Team


@pytest.fixture
def team(village):
    return services.team_create(village=village, by=None, name="Tổ CNSCĐ Đông Sơn")


def test_officer_registers_a_team_from_the_village_page(village, commune_officer, login_client):
    client = login_client(commune_officer)
    assert (
        f'href="/u/{village.code}/team/new/"' in client.get(f"/u/{village.code}/").content.decode()
    )
    response = client.post(f"/u/{village.code}/team/new/", {"name": "Tổ số 1"})
    team = Team.objects.get(village=village)
    assert response.status_code == 302
    assert response.url == f"/teams/{team.pk}/"


def test_second_team_form_shows_the_existing_team(team, commune_officer, login_client):
    response = login_client(commune_officer).post(
        f"/u/{team.village.code}/team/new/", {"name": "X"}
    )
    assert response.status_code == 400
    assert "Tổ CNSCĐ Đông Sơn" in response.content.decode()
    assert Team.objects.count() == 1


def test_member_form_shows_a_phone_error_next_to_the_field(team, team_leader, login_client):
    response = login_client(team_leader).post(
        f"/teams/{team.pk}/members/new/",
        {
            "full_name": "Lê Văn An",
            "gender": "male",
            "role": "member",
            "background": "other",
            "joined_on": "2024-03-01",
            "phone": "0112345678",
        },
    )
    assert response.status_code == 400
    assert "không phải đầu số di động Việt Nam" in response.content.decode()
    assert not Member.objects.exists()


def test_team_leader_adds_a_member_through_the_page(team, team_leader, login_client):
    response = login_client(team_leader).post(
        f"/teams/{team.pk}/members/new/",
        {
            "full_name": "lê văn an",
            "gender": "male",
            "role": "leader",
            "background": "village_head",
            "joined_on": "01/03/2024",
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.has_leader and team.members.get().full_name == "Lê Văn An"


def test_viewer_gets_403_on_every_team_form(team, viewer, login_client):
    client = login_client(viewer)
    assert client.get(f"/teams/{team.pk}/").status_code == 200
    for url in [
        f"/teams/{team.pk}/edit/",
        f"/teams/{team.pk}/members/new/",
        f"/teams/{team.pk}/activities/new/",
        f"/u/{team.village.code}/team/new/",
    ]:
        assert client.post(url, {}).status_code == 403, url


def test_outsider_gets_404_on_team_pages(team, outsider, login_client):
    client = login_client(outsider)
    for url in [f"/teams/{team.pk}/", f"/teams/{team.pk}/edit/", f"/teams/{team.pk}/members/new/"]:
        assert client.get(url).status_code == 404, url
    assert "Tổ CNSCĐ Đông Sơn" not in client.get("/teams/").content.decode()


def test_member_leaves_through_the_page(team, commune_officer, login_client):
    member = services.member_add(
        team=team, by=None, full_name="Trần Văn Bình", gender="male", joined_on=date(2024, 3, 1)
    )
    client = login_client(commune_officer)
    client.post(f"/members/{member.pk}/leave/", {"left_on": "2020-01-01"})
    member.refresh_from_db()
    assert member.left_on is None
    client.post(f"/members/{member.pk}/leave/", {"left_on": "2025-01-01"})
    member.refresh_from_db()
    assert member.left_on == date(2025, 1, 1)


def test_team_list_shows_flags(team, province_officer, login_client):
    html = login_client(province_officer).get("/teams/", {"flag": "no_leader"}).content.decode()
    assert "Tổ CNSCĐ Đông Sơn" in html
    assert "chưa có tổ trưởng" in html


def test_member_is_corrected_through_the_edit_page(team, team_leader, login_client):
    member = services.member_add(
        team=team, by=None, full_name="Trần Văn Bình", gender="male", joined_on=date(2024, 3, 1)
    )
    response = login_client(team_leader).post(
        f"/members/{member.pk}/edit/",
        {
            "full_name": "Trần Văn Bính",
            "gender": "male",
            "role": "leader",
            "background": "police",
            "joined_on": "01/03/2024",
            "phone": "0987 654 321",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.role, member.phone) == (
        "Trần Văn Bính",
        "leader",
        "0987654321",
    )
    team.refresh_from_db()
    assert team.has_leader


def test_team_leader_records_a_digital_model_on_their_village(team, team_leader, login_client):
    client = login_client(team_leader)
    page = client.get(f"/u/{team.village.code}/").content.decode()
    assert f'action="/u/{team.village.code}/models/"' in page
    model = DigitalModel.objects.get(key="qr_gioi_thieu_thon")
    response = client.post(
        f"/u/{team.village.code}/models/", {"model": model.pk, "since": "2024-10-01"}
    )
    assert response.status_code == 302
    assert "Mã QR giới thiệu thôn" in client.get(f"/u/{team.village.code}/").content.decode()
    again = client.post(
        f"/u/{team.village.code}/models/", {"model": model.pk, "since": "2024-10-01"}
    )
    assert again.status_code == 400
    assert ModelAdoption.objects.count() == 1


def test_viewer_cannot_record_a_digital_model(team, viewer, login_client):
    response = login_client(viewer).post(f"/u/{team.village.code}/models/", {"since": "2024-10-01"})
    assert response.status_code == 403


def test_birth_years_are_not_written_with_a_thousands_separator(
    team, commune_officer, login_client
):
    services.member_add(
        team=team,
        by=None,
        full_name="Trần Văn Bình",
        gender="male",
        joined_on=date(2024, 3, 1),
        birth_year=1960,
    )
    html = login_client(commune_officer).get(f"/teams/{team.pk}/").content.decode()
    assert "(1960)" in html
    assert "1.960" not in html
