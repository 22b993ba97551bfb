"""The allowance report from the database, the API and the command line, computed by hand."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cnscd.funding.allowances import allowance_report
from cnscd.funding.periods import parse_period
from cnscd.teams import services as teams

from .conftest import make_team, monthly_policy

URL = "/api/v1/funding/allowances"


def report(unit, period):
    return allowance_report(unit, parse_period(period))


def test_each_team_of_a_commune_gets_a_line_and_the_total_is_their_sum(
    province_policy, team, sibling_team, hac_thanh
):
    result = report(hac_thanh, "2025-Q3")
    # both teams are active all quarter: 3 × 500,000 each
    assert [(line.team, line.amount, line.allowance.days) for line in result.lines] == [
        (sibling_team, 1_500_000, 92),
        (team, 1_500_000, 92),
    ]
    assert result.total == 3_000_000
    assert result.policies == [province_policy]


def test_per_member_supplement_follows_the_member_who_left_mid_august(
    province_policy, team, hac_thanh
):
    monthly_policy(hac_thanh, 60_000, basis="per_member_month", additive=True)
    line = report(hac_thanh, "2025-Q3").lines[0]
    # An: 3 × 60,000; Bình left on 16/8: July 60,000 + 60,000 × 15/31 = 29,032.26;
    # with the province's 1,500,000: R(1,769,032.26) = 1,769,032
    assert line.amount == 1_769_032
    assert line.allowance.members == 2
    assert line.allowance.leader == "Lê Văn An"
    assert [u.member_days for u in line.allowance.uses] == [92 + 46, 92 + 46]


def test_a_team_dissolved_mid_august_is_paid_to_the_day_before(province_policy, team, hac_thanh):
    teams.team_set_status(team=team, status="dissolved", on=date(2025, 8, 11), by=None)
    line = report(hac_thanh, "2025-Q3").lines[0]
    # July 500,000 + August 500,000 × 10/31 = 161,290.32 → 661,290
    assert (line.amount, line.allowance.days) == (661_290, 31 + 10)
    assert report(hac_thanh, "2025-Q4").lines == []


def test_teams_no_policy_covers_have_no_line(team, hanoi_village, national_admin, thanh_hoa):
    make_team(hanoi_village, date(2024, 1, 1))
    monthly_policy(thanh_hoa)
    country = thanh_hoa.parent
    result = report(country, "2025-08")
    assert [line.team for line in result.lines] == [team]
    assert [(c.unit.code, c.teams, c.amount) for c in result.children] == [("38", 1, 500_000)]


def test_province_report_totals_each_commune(province_policy, team, thanh_hoa):
    other_commune = thanh_hoa.children.exclude(code="14797").order_by("code").first()
    from cnscd.geo.services import village_create

    village = village_create(commune=other_commune, name="Thôn Một", division="thon", by=None)
    make_team(village, date(2025, 8, 17))
    result = report(thanh_hoa, "2025-08")
    # 500,000 × 15/31 = 241,935.48 for the team founded on 17 August
    assert {(c.unit.code, c.teams, c.amount) for c in result.children} == {
        ("14797", 1, 500_000),
        (other_commune.code, 1, 241_935),
    }
    assert result.total == 741_935


def test_api_answers_the_contract_with_children_and_paid(
    province_policy, team, commune_officer, api_client
):
    response = api_client(commune_officer).get(f"{URL}?unit=14797&period=2025-08")
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "unit": "14797",
        "period": "2025-08",
        "total": 500_000,
        "paid": 0,
        "teams": [
            {
                "team": team.pk,
                "village": team.village.code,
                "amount": 500_000,
                "days": 31,
                "policies": [
                    {
                        "id": province_policy.pk,
                        "reference": "Nghị quyết 12/2024/NQ-HĐND",
                        "from": "2025-08-01",
                        "to": "2025-08-31",
                        "days": 31,
                    }
                ],
            }
        ],
        "children": [
            {
                "unit": team.village.code,
                "name": team.village.name,
                "teams": 1,
                "amount": 500_000,
                "paid": 0,
            }
        ],
    }


def test_api_accepts_a_custom_span_and_refuses_one_that_ends_before_it_starts(
    province_policy, team, commune_officer, api_client
):
    client = api_client(commune_officer)
    response = client.get(f"{URL}?unit=14797&start=2025-08-01&end=2025-08-10")
    # 500,000 × 10/31 = 161,290.32
    assert response.json()["total"] == 161_290
    response = client.get(f"{URL}?unit=14797&start=2025-08-10&end=2025-08-01")
    assert response.status_code == 400
    assert response.json()["code"] == "period_end_before_start"


@pytest.mark.parametrize("period", ["2025-13", "2025-Q5", "25", "2025/08", "tháng 8"])
def test_api_refuses_a_period_it_cannot_read(period, commune_officer, api_client):
    response = api_client(commune_officer).get(f"{URL}?unit=14797&period={period}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_period"


def test_api_needs_a_period(commune_officer, api_client):
    response = api_client(commune_officer).get(f"{URL}?unit=14797")
    assert response.json()["code"] == "period_required"


def test_outsider_gets_404_for_allowances_of_thanh_hoa(province_policy, team, outsider, api_client):
    response = api_client(outsider).get(f"{URL}?unit=14797&period=2025")
    assert response.status_code == 404


def test_team_member_reads_the_allowance_of_its_own_village_only(
    province_policy, team, sibling_team, member, api_client
):
    client = api_client(member)
    data = client.get(f"{URL}?unit={team.village.code}&period=2025-08").json()
    assert [t["team"] for t in data["teams"]] == [team.pk]
    assert client.get(f"{URL}?unit=14797&period=2025-08").status_code == 404


@pytest.mark.parametrize("villages", [1, 4])
def test_allowances_take_the_same_queries_for_few_and_many_teams(
    villages, province_policy, hac_thanh, national_admin, api_client, django_assert_num_queries
):
    from cnscd.geo.services import village_create

    for n in range(villages):
        village = village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None)
        make_team(village, date(2024, 1, 1), (f"Người {n}", date(2024, 1, 1), None, "leader"))
    client = api_client(national_admin)
    client.get(f"{URL}?unit=38&period=2025")
    # token, unit (with scope), policies, areas, members, payments, teams, child units
    with django_assert_num_queries(8):
        response = client.get(f"{URL}?unit=38&period=2025")
    assert response.json()["total"] == villages * 6_000_000


# --- command line ----------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("funding", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_json_contract_with_integer_amounts(province_policy, team, hac_thanh):
    data = json.loads(run("allowances", "14797", "--period", "2025-Q3", "--format", "json"))
    assert list(data) == ["unit", "period", "total", "teams"]
    assert (data["unit"], data["period"], data["total"]) == ("14797", "2025-Q3", 1_500_000)
    (line,) = data["teams"]
    assert list(line) == ["team", "village", "amount", "days", "policies"]
    assert line == {
        "team": team.pk,
        "village": team.village.code,
        "amount": 1_500_000,
        "days": 92,
        "policies": [
            {
                "id": province_policy.pk,
                "reference": "Nghị quyết 12/2024/NQ-HĐND",
                "from": "2025-07-01",
                "to": "2025-09-30",
                "days": 92,
            }
        ],
    }
    assert type(data["total"]) is int and type(line["amount"]) is int


def test_command_prints_a_readable_table_by_default(province_policy, team):
    text = run("allowances", "14797", "--period", "2025")
    assert team.village.name in text
    assert "3.000.000 đ" in text  # July to December


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("allowances", "99999", "--period", "2025"), "99999"),
        (("allowances", "14797", "--period", "2025-8"), "2025-8"),
    ],
)
def test_command_refuses_unknown_units_and_bad_periods(args, message, db):
    with pytest.raises(CommandError, match=message):
        run(*args)
