"""Indicator figures counted by hand on a small tree, compared with the API, CLI and rebuild."""

import json
import threading
import uuid
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from cnscd.audit.models import AuditEvent
from cnscd.errors import ServiceError
from cnscd.indicators import counters
from cnscd.indicators.counters import check, rebuild
from cnscd.indicators.models import TOTAL, Counter, Indicator, Target
from cnscd.people import services
from cnscd.people.models import SkillEvent, Visit, VisitOutcome
from cnscd.people.tests.factories import household, resident

YEAR = timezone.localdate().year
TODAY = timezone.localdate()
LAST_YEAR_END = date(YEAR - 1, 12, 31)


@pytest.fixture
def tree(village, sibling_village, hac_thanh):
    """Two villages of Hạc Thành, built through the services so the hook keeps the counters.

    Village A, household 1: aged 40 with VNeID (verified, last year) and e-payment (this year);
    aged 15 with VNeID (visit, this year); aged 14 with VNeID (does not count: under 15).
    Household 2: aged 30 without anything; aged 50 with VNeID who moved out this year.
    Village B, household 1 (address code, Zalo): aged 18 with a digital signature; aged 17 too.
    """
    h1 = household(village, "1", address_code="ABC123")
    h2 = household(village, "2")
    adult = resident(h1, "Lê Văn Bốn Mươi", str(YEAR - 40))
    fifteen = resident(h1, "Lê Văn Mười Lăm", str(YEAR - 15))
    fourteen = resident(h1, "Lê Văn Mười Bốn", str(YEAR - 14))
    resident(h2, "Trần Văn Ba Mươi", str(YEAR - 30))
    leaver = resident(h2, "Trần Văn Năm Mươi", str(YEAR - 50))
    services.skill_set(
        resident=adult, skill="vneid_l2", on=date(YEAR - 1, 6, 1), source="verified", by=None
    )
    services.skill_set(resident=adult, skill="epayment", on=TODAY, source="visit", by=None)
    services.skill_set(resident=fifteen, skill="vneid_l2", on=TODAY, source="visit", by=None)
    services.skill_set(resident=fourteen, skill="vneid_l2", on=TODAY, source="visit", by=None)
    services.skill_set(
        resident=leaver, skill="vneid_l2", on=date(YEAR - 1, 3, 1), source="self_reported", by=None
    )
    services.resident_update(resident=leaver, by=None, moved_out_on=TODAY)
    hb = household(sibling_village, "1", address_code="XYZ")
    services.household_fact_set(
        household=hb, fact="zalo_group", on=TODAY, source="self_reported", by=None
    )
    eighteen = resident(hb, "Phạm Thị Mười Tám", str(YEAR - 18), gender="female")
    seventeen = resident(hb, "Phạm Thị Mười Bảy", str(YEAR - 17), gender="female")
    for person in (eighteen, seventeen):
        services.skill_set(
            resident=person, skill="digital_signature", on=TODAY, source="visit", by=None
        )
    Target.objects.create(
        unit=hac_thanh, indicator=Indicator.objects.get(key="vneid_l2"), year=YEAR, rate=80
    )
    return {"A": village, "B": sibling_village}


def figures(client, code, **params):
    return client.get(f"/api/v1/units/{code}/stats", params).json()


def test_commune_figures_match_the_hand_count(tree, commune_officer, api_client):
    body = figures(api_client(commune_officer), "14797")
    assert (body["residents"], body["households"]) == (6, 3)  # the leaver is gone
    vneid = body["indicators"]["vneid_l2"]
    # 15+: aged 40, 15, 30, 18, 17 → 5; with VNeID: aged 40 and 15 → 2
    assert (vneid["numerator"], vneid["denominator"], vneid["rate"]) == (2, 5, 40.0)
    assert (vneid["target"], vneid["gap"]) == (80.0, 40.0)
    signature = body["indicators"]["digital_signature"]
    # 18+: aged 40, 30, 18 → 3; with a signature: aged 18 (the 17-year-old does not count)
    assert (signature["numerator"], signature["denominator"]) == (1, 3)
    assert body["indicators"]["address_code"]["numerator"] == 2
    assert body["indicators"]["zalo_group"] == {
        "numerator": 1,
        "denominator": 3,
        "rate": 33.3,
        "target": None,
        "gap": None,
    }


def test_village_and_province_figures(tree, province_officer, api_client):
    client = api_client(province_officer)
    village_a = figures(client, tree["A"].code)["indicators"]["vneid_l2"]
    assert (village_a["numerator"], village_a["denominator"]) == (2, 3)
    province = figures(client, "38")
    assert province["indicators"]["vneid_l2"]["numerator"] == 2
    assert province["residents"] == 6


def test_verified_only_counts_checked_statuses(tree, commune_officer, api_client):
    body = figures(api_client(commune_officer), "14797", verified_only="true")
    assert body["indicators"]["vneid_l2"]["numerator"] == 1


def test_as_of_last_year_counts_the_leaver_and_old_ages(tree, commune_officer, api_client):
    body = figures(api_client(commune_officer), "14797", as_of=LAST_YEAR_END.isoformat())
    vneid = body["indicators"]["vneid_l2"]
    # last year: ages are one less; the 15-year-old was 14; the leaver was present with VNeID
    # 15+: aged 39, 29, 49, 17 (B), 16 (B) → 5; VNeID before the end of last year: 39 and 49 → 2
    assert (vneid["numerator"], vneid["denominator"]) == (2, 5)
    assert body["residents"] == 7


def test_cli_matches_the_api_and_rebuild_changes_nothing(tree, national_admin, api_client):
    out = StringIO()
    call_command("stats", "14797", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == figures(api_client(national_admin), "14797")
    nonzero = Counter.objects.exclude(count=0, verified=0).values_list(
        "level", "unit_code", "skill", "bucket", "month", "count", "verified"
    )
    before = sorted(nonzero)
    assert any(row[4] == TOTAL for row in before) and any(row[4] < TOTAL for row in before)
    assert check(tree["A"]) == []
    rebuild(tree["A"])
    assert sorted(nonzero) == before
    call_command("indicators", "check", "38", stdout=StringIO())


def test_check_finds_a_tampered_counter_and_rebuild_repairs_it(tree):
    Counter.objects.filter(level="v", skill="vneid_l2").update(count=99)
    assert check(tree["A"])
    with pytest.raises(CommandError):
        call_command("indicators", "check", "14797", stdout=StringIO(), stderr=StringIO())
    call_command("indicators", "rebuild", "14797", stdout=StringIO())
    assert check(tree["A"]) == []


def test_counters_follow_moves_and_merges(tree, hac_thanh):
    other = household(tree["B"], "9")
    person = resident(other, "Đinh Văn Một", "1980")
    services.skill_set(resident=person, skill="vneid_l2", on=TODAY, source="visit", by=None)
    twin = resident(other, "Dinh Van Mot", "1980")
    services.resident_update(
        resident=person, by=None, household=tree["A"].households.get(number="2")
    )
    services.residents_merge(keep=twin, duplicate=person, by=None)
    assert check(hac_thanh) == []


@pytest.mark.parametrize("as_of", ["2999-01-01", "01/02/2025", "hôm qua"])
def test_bad_reference_dates_are_refused(db, national_admin, api_client, as_of):
    response = api_client(national_admin).get("/api/v1/units/VN/stats", {"as_of": as_of})
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_as_of", "as_of_in_future"}
    with pytest.raises(CommandError):
        call_command("stats", "VN", "--as-of", as_of, stdout=StringIO())


def test_unit_page_shows_rates_against_targets(tree, commune_officer, login_client):
    html = login_client(commune_officer).get("/u/14797/").content.decode()
    assert "Người từ 15 tuổi có VNeID mức 2" in html
    assert "40,0%" in html and "80%" in html
    assert 'class="behind"' in html  # below its 80% target


def test_ranking_of_villages_by_an_indicator(tree, commune_officer, api_client):
    rows = (
        api_client(commune_officer)
        .get("/api/v1/units/14797/ranking", {"indicator": "vneid_l2"})
        .json()
    )
    ranked = [(r["unit"]["code"], r["rank"], r["rate"]) for r in rows if r["rate"] is not None]
    # A: 2 of 3 aged 15+; B: 0 of 2
    assert ranked == [(tree["A"].code, 1, 66.7), (tree["B"].code, 2, 0.0)]


def test_unknown_indicator_lists_the_keys(db, national_admin, api_client):
    response = api_client(national_admin).get("/api/v1/units/VN/ranking", {"indicator": "vneid"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_indicator"
    assert "vneid_l2" in response.json()["message"] and "zalo_group" in response.json()["message"]


def test_trend_follows_achieved_dates_month_by_month(tree, commune_officer, api_client):
    points = (
        api_client(commune_officer)
        .get("/api/v1/units/14797/trend", {"indicator": "vneid_l2"})
        .json()
    )
    assert len(points) == 24
    assert points[-1]["month"] == TODAY.strftime("%Y-%m")
    assert (points[-1]["numerator"], points[-1]["denominator"]) == (2, 5)
    last_december = next(p for p in points if p["month"] == f"{YEAR - 1}-12")
    assert (last_december["numerator"], last_december["denominator"]) == (2, 5)
    june = f"{YEAR - 1}-06"
    before_june = [p for p in points if p["month"] < june]
    assert all(p["numerator"] <= 1 for p in before_june)


@pytest.mark.parametrize(("rate", "status"), [(85, 200), (100.5, 400), (-1, 400)])
def test_targets_are_percentages(db, province_officer, api_client, rate, status):
    response = api_client(province_officer).put(
        "/api/v1/units/38/targets",
        {"indicator": "vneid_l2", "year": YEAR, "rate": rate},
        content_type="application/json",
    )
    assert response.status_code == status
    assert Target.objects.filter(rate=rate).exists() == (status == 200)
    if status == 400:
        assert response.json()["code"] == "invalid_rate"


def test_only_officers_set_targets(db, viewer, outsider, api_client):
    payload = {"indicator": "vneid_l2", "year": YEAR, "rate": 80}
    assert (
        api_client(viewer)
        .put("/api/v1/units/38/targets", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        api_client(outsider)
        .put("/api/v1/units/38/targets", payload, content_type="application/json")
        .status_code
        == 404
    )
    assert not Target.objects.exists()


def test_target_form_refuses_a_rate_above_100(db, province_officer, login_client):
    client = login_client(province_officer)
    indicator = Indicator.objects.get(key="vneid_l2")
    bad = client.post("/u/38/targets/", {"indicator": indicator.pk, "year": YEAR, "rate": "120"})
    assert bad.status_code == 400
    assert "0 đến 100" in bad.content.decode()
    good = client.post("/u/38/targets/", {"indicator": indicator.pk, "year": YEAR, "rate": "80"})
    assert good.status_code == 302
    assert Target.objects.get().rate == 80


def test_unit_page_carries_the_trend_and_the_ranking(tree, commune_officer, login_client):
    html = (
        login_client(commune_officer).get("/u/14797/", {"indicator": "vneid_l2"}).content.decode()
    )
    start = html.index('<script id="trend-data" type="application/json">') + 48
    points = json.loads(html[start : html.index("</script>", start)])
    assert len(points) == 24 and points[-1]["rate"] == 40.0
    assert html.index(tree["A"].name) < html.index(tree["B"].name)  # ranked by rate
    assert "cnscd/trend.js" in html


def test_the_lowest_ten_are_flagged(db, hac_thanh, commune_officer, login_client):
    from cnscd.geo.services import village_create

    for n in range(12):
        village = village_create(commune=hac_thanh, name=f"Thôn {n}", division="thon", by=None)
        home = household(village, "1")
        person = resident(home, f"Người {n}", "1980")
        if n % 2:
            services.skill_set(resident=person, skill="vneid_l2", on=TODAY, source="visit", by=None)
    html = login_client(commune_officer).get("/u/14797/").content.decode()
    assert html.count('<tr class="lowest">') == 10


def test_dashboard_exports_a_formatted_workbook(tree, commune_officer, login_client):
    import io

    from openpyxl import load_workbook

    from cnscd.audit.models import AuditEvent

    response = login_client(commune_officer).get("/u/14797/indicators.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert "Phường Hạc Thành" in sheet["A1"].value
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    vneid = rows["Người từ 15 tuổi có VNeID mức 2"]
    assert vneid[1:] == (40.0, 80.0, 2, 5)
    ranking = workbook.worksheets[1]
    assert [r[1] for r in ranking.iter_rows(min_row=3, values_only=True)][:2] == [
        tree["A"].name,
        tree["B"].name,
    ]
    assert AuditEvent.objects.filter(verb="indicators.dashboard.exported").count() == 1


def test_outsider_cannot_export_a_dashboard(tree, outsider, login_client):
    assert login_client(outsider).get("/u/14797/indicators.xlsx").status_code == 404


def test_sql_rebuild_agrees_with_the_python_definition_on_varied_data(
    village, sibling_village, hac_thanh
):
    import random

    from cnscd.demo.people import demo_people
    from cnscd.people.models import Resident

    rng = random.Random(7)
    demo_people(
        villages=[village, sibling_village], rng=rng, today=TODAY, households_per_village=(20, 30)
    )
    residents = list(Resident.objects.all())
    span = TODAY - date(2022, 1, 1)
    for person in rng.sample(residents, len(residents) // 3):
        for field in rng.sample(["moved_out_on", "deceased_on"], rng.choice([1, 2])):
            setattr(person, field, date(2022, 1, 1) + span * rng.random())
        person.birth_year = rng.choice([person.birth_year, 1925, YEAR - 15, YEAR - 18])
        person.save()
    rebuild(hac_thanh)
    assert check(hac_thanh) == []
    assert Counter.objects.filter(level="p", unit_code="38").exists()


def test_rebuild_is_a_handful_of_statements_whatever_the_size(
    tree, hac_thanh, django_assert_max_num_queries
):
    # under query capture the SQL also goes through the debug cursor's % formatting
    with django_assert_max_num_queries(20):
        rebuild(hac_thanh)
    assert check(hac_thanh) == []


@pytest.mark.django_db
def test_pages_keep_room_for_updates_on_postgresql():
    """Visits update counter and resident rows in place (HOT) only if their pages have
    free space."""
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor is a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN ('indicators_counter', "
            "'people_household', 'people_resident') ORDER BY relname"
        )
        assert cursor.fetchall() == [
            ("indicators_counter", ["fillfactor=70"]),
            ("people_household", ["fillfactor=90"]),
            ("people_resident", ["fillfactor=90"]),
        ]


def test_a_batch_of_visits_counts_like_the_visits_one_by_one(
    village, sibling_village, hac_thanh, django_assert_max_num_queries
):
    """Set-based visits: each answers on its own, a refused one writes nothing, a resident
    reached twice keeps the earlier date, and the counters agree with a rebuild."""
    h1, h2 = household(village, "1"), household(sibling_village, "2")
    first, second = resident(h1, "Lê Văn Một", "1980"), resident(h1, "Lê Thị Hai", "1985")
    other = resident(h2, "Trần Văn Ba", "1990")
    achieved = "achieved"

    def visit(home, on, *outcomes):
        return services.VisitIn(
            uuid.uuid4(),
            home,
            on,
            [services.OutcomeIn(r.pk, skill, outcome) for r, skill, outcome in outcomes],
        )

    early, late = TODAY - timedelta(days=40), TODAY - timedelta(days=3)
    batch = [
        visit(h1, late, (first, "vneid_l2", achieved), (second, "epayment", "guided")),
        visit(h1, early, (first, "vneid_l2", achieved), (first, "epayment", achieved)),
        visit(h1, TODAY, (other, "vneid_l2", achieved)),  # not in this household
        visit(h2, TODAY, (other, "vssid", achieved)),
    ]
    batch.append(batch[0])  # the phone resent one

    with django_assert_max_num_queries(20):
        answers = services.visits_record(batch, by=None)

    assert [a.code if isinstance(a, ServiceError) else a[1] for a in answers] == [
        True,
        True,
        "resident_not_in_household",
        True,
        False,
    ]
    assert answers[4][0].pk == answers[0][0].pk
    assert Visit.objects.count() == 3
    assert VisitOutcome.objects.count() == 5
    first.refresh_from_db()
    other.refresh_from_db()
    assert (first.vneid_l2_on, first.epayment_on, other.vssid_on) == (early, early, TODAY)
    assert SkillEvent.objects.filter(visit__isnull=False).count() == 4
    assert AuditEvent.objects.filter(verb="people.visit.recorded").count() == 3
    assert check(hac_thanh) == []


def test_a_visit_that_loses_a_race_writes_nothing(village, hac_thanh, monkeypatch):
    """Another request stored the same visit id between the check and the write: the
    insert fails at the end of the pipelined writes, as Django's IntegrityError, and the
    status, history, audit and counter rows written before it are rolled back."""
    h1 = household(village, "1")
    person = resident(h1, "Lê Văn Một", "1980")
    visit_id = uuid.uuid4()
    _achieved(h1, person, "vneid_l2", visit_id)
    stored = list(Counter.objects.order_by("pk").values_list("pk", "count"))
    written = (SkillEvent.objects.count(), AuditEvent.objects.count(), VisitOutcome.objects.count())
    monkeypatch.setattr(services, "_stored_visits", lambda ids: {})  # the check saw nothing

    with pytest.raises(IntegrityError):
        _achieved(h1, person, "epayment", visit_id)

    person.refresh_from_db()
    assert person.epayment_on is None
    assert list(Counter.objects.order_by("pk").values_list("pk", "count")) == stored
    assert (
        SkillEvent.objects.count(),
        AuditEvent.objects.count(),
        VisitOutcome.objects.count(),
    ) == written
    assert check(hac_thanh) == []


@pytest.mark.django_db(transaction=True)
def test_check_reads_one_moment_while_visits_commit(village, hac_thanh, monkeypatch):
    """A visit committed by another connection while `check` runs, after it counted a
    commune's raw rows and before it read their counters, is not a difference: both sides
    of a comparison are read in one snapshot."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection to a shared database")
    h1 = household(village, "1")
    person = resident(h1, "Lê Văn Một", "1980")
    counted = counters._commune_rows

    def count_then_let_a_visit_in(commune):
        rows = counted(commune)
        elsewhere = threading.Thread(target=_visit_from_another_connection, args=(h1, person))
        elsewhere.start()
        elsewhere.join()
        return rows

    monkeypatch.setattr(counters, "_commune_rows", count_then_let_a_visit_in)
    assert check(hac_thanh) == []
    person.refresh_from_db()
    assert person.vneid_l2_on == TODAY  # the visit did commit in between
    monkeypatch.undo()
    assert check(hac_thanh) == []


def _visit_from_another_connection(home, person) -> None:
    try:
        _achieved(home, person, "vneid_l2", uuid.uuid4())
    finally:
        connections.close_all()


def _achieved(home, person, skill: str, visit_id: uuid.UUID) -> None:
    """Record a visit in which `person` achieved `skill` today."""
    services.visit_record(
        visit_id=visit_id,
        household=home,
        by=None,
        visited_on=TODAY,
        outcomes=[services.OutcomeIn(person.pk, skill, "achieved")],
    )


def test_after_a_rebuild_of_the_country_a_units_totals_come_from_their_index(tree, hac_thanh):
    """The figures of today read a unit's totals through the partial index, not all of its
    months: the rebuild leaves planner statistics (SQLite gathers none by itself)."""
    call_command("indicators", "rebuild", stdout=StringIO())
    totals = Counter.objects.filter(level="c", unit_code=hac_thanh.code, month=TOTAL)
    sql, params = totals.values("skill").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = str(cursor.fetchall())
    assert "counter_totals" in plan
