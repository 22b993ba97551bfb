"""Coverage figures on a small hand-built tree, through the API, the CLI and the unit page."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cnscd.geo.models import Unit
from cnscd.geo.services import village_create
from cnscd.teams import services

D = date(2024, 3, 1)


def add(team, name, *, role="member", gender="male", birth_year=1980, background="other"):
    operator = "vnpt" if background == "telecom" else ""
    return services.member_add(
        team=team,
        by=None,
        full_name=name,
        role=role,
        gender=gender,
        birth_year=birth_year,
        joined_on=D,
        background=background,
        telecom_operator=operator,
    )


@pytest.fixture
def tree(hac_thanh):
    """Hạc Thành: three villages. A: 4 members with a leader. B: 2, no leader. C: a dissolved team.

    Plus one village in Hàm Rồng (14758) with a team of 3, to check the province rows.
    """
    a = village_create(commune=hac_thanh, name="Tổ dân phố A", division="to_dan_pho", by=None)
    b = village_create(commune=hac_thanh, name="Tổ dân phố B", division="to_dan_pho", by=None)
    c = village_create(commune=hac_thanh, name="Tổ dân phố C", division="to_dan_pho", by=None)
    team_a = services.team_create(village=a, by=None)
    add(team_a, "Lê Văn An", role="leader", birth_year=1960, background="village_head")
    add(team_a, "Trần Thị Bình", gender="female", birth_year=1990, background="women_union")
    add(team_a, "Phạm Văn Cường", birth_year=2004, background="student")
    gone = add(team_a, "Vũ Văn Dũng", birth_year=1970, background="veterans")
    add(team_a, "Đỗ Thị Hoa", gender="female", birth_year=1985, background="teacher")
    services.member_leave(member=gone, left_on=date(2025, 1, 1), by=None)
    team_b = services.team_create(village=b, by=None)
    add(team_b, "Ngô Văn Giang", birth_year=1975, background="telecom")
    add(team_b, "Lý Thị Hà", gender="female", birth_year=2000, background="youth_union")
    team_c = services.team_create(village=c, by=None)
    add(team_c, "Hồ Văn Khánh")
    services.team_set_status(team=team_c, status="dissolved", on=date(2025, 6, 1), by=None)
    ham_rong = village_create(
        commune=Unit.objects.get(code="14758"), name="Thôn X", division="thon", by=None
    )
    team_x = services.team_create(village=ham_rong, by=None)
    for n in range(3):
        add(team_x, f"Bùi Văn Số {n}", role="leader" if n == 0 else "member")


def stats_json(code: str) -> dict:
    out = StringIO()
    call_command("stats", code, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_commune_figures_match_the_hand_count(tree, province_officer, api_client):
    body = api_client(province_officer).get("/api/v1/units/14797/stats").json()
    assert body["unit"] == {"code": "14797", "name": "Phường Hạc Thành", "kind": "commune"}
    assert body["villages"] == 3
    assert body["villages_with_team"] == 2
    assert body["coverage"] == 66.7
    assert body["teams"] == 2
    assert body["members"] == 6  # 4 in A (one left), 2 in B; C is dissolved
    assert body["avg_members_per_team"] == 3.0
    assert body["teams_outside_3_9"] == 1
    assert body["teams_without_leader"] == 1
    assert body["members_by_gender"] == {"female": 3, "male": 3}
    assert body["members_by_background"] == {
        "student": 1,
        "teacher": 1,
        "telecom": 1,
        "village_head": 1,
        "women_union": 1,
        "youth_union": 1,
    }


def test_age_bands_count_by_reference_year(tree, province_officer, api_client):
    body = api_client(province_officer).get("/api/v1/units/14797/stats").json()
    year = date.fromisoformat(body["as_of"]).year
    ages = [year - y for y in (1960, 1990, 2004, 1985, 1975, 2000)]
    expected = {
        "under_30": sum(a < 30 for a in ages),
        "30_44": sum(30 <= a <= 44 for a in ages),
        "45_59": sum(45 <= a <= 59 for a in ages),
        "60_plus": sum(a >= 60 for a in ages),
        "unknown": 0,
    }
    assert body["members_by_age_band"] == expected


def test_children_rows_of_the_province(tree, province_officer, api_client):
    body = api_client(province_officer).get("/api/v1/units/38/stats").json()
    rows = {row["unit"]["code"]: row for row in body["children"]}
    assert len(rows) == Unit.objects.filter(parent__code="38").count()  # every commune
    assert (rows["14797"]["villages"], rows["14797"]["teams"], rows["14797"]["members"]) == (
        3,
        2,
        6,
    )
    assert (rows["14758"]["villages"], rows["14758"]["teams"], rows["14758"]["coverage"]) == (
        1,
        1,
        100.0,
    )
    assert rows["16522"]["villages"] == 0 and rows["16522"]["coverage"] is None
    assert (body["villages"], body["teams"], body["members"]) == (4, 3, 9)


def test_village_rows_of_the_commune(tree, commune_officer, api_client):
    rows = api_client(commune_officer).get("/api/v1/units/14797/stats").json()["children"]
    assert [
        (r["unit"]["name"], r["teams"], r["members"], r["teams_without_leader"]) for r in rows
    ] == [
        ("Tổ dân phố A", 1, 4, 0),
        ("Tổ dân phố B", 1, 2, 1),
        ("Tổ dân phố C", 0, 0, 0),
    ]


def test_cli_prints_the_same_object_as_the_api(tree, national_admin, api_client):
    from_api = api_client(national_admin).get("/api/v1/units/VN/stats").json()
    from_cli = stats_json("VN")
    assert from_cli == from_api
    assert {"unit", "villages", "villages_with_team", "teams", "members"} <= set(from_cli)
    assert from_cli["unit"] == {"code": "VN", "name": "Việt Nam", "kind": "country"}
    assert len(from_cli["children"]) == 34


def test_unit_page_shows_coverage_and_flags(tree, commune_officer, login_client):
    html = login_client(commune_officer).get("/u/14797/").content.decode()
    assert "66,7%" in html
    assert "Tổ dân phố B" in html


def test_outsider_cannot_read_stats(tree, outsider, api_client):
    assert api_client(outsider).get("/api/v1/units/14797/stats").status_code == 404


def test_stats_for_an_unknown_code_fail_on_the_command_line(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="99999"):
        stats_json("99999")


def test_a_suspended_team_leaves_the_figures_and_comes_back(tree, commune_officer, api_client):
    from cnscd.teams.models import Team

    client = api_client(commune_officer)
    team_b = Team.objects.get(village__name="Tổ dân phố B")
    services.team_set_status(team=team_b, status="suspended", on=date(2025, 7, 1), by=None)
    body = client.get("/api/v1/units/14797/stats").json()
    assert (body["teams"], body["members"], sum(body["members_by_gender"].values())) == (1, 4, 4)
    services.team_set_status(team=team_b, status="active", on=date(2025, 8, 1), by=None)
    body = client.get("/api/v1/units/14797/stats").json()
    assert (body["teams"], body["members"], sum(body["members_by_gender"].values())) == (2, 6, 6)


def test_unit_page_labels_breakdowns_and_gives_sort_values(tree, province_officer, login_client):
    html = login_client(province_officer).get("/u/38/").content.decode()
    assert "Hội phụ nữ" in html and "Nữ" in html
    assert 'data-sort="66.7"' in html  # Hạc Thành's coverage, a plain number for sorting
