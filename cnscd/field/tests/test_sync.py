"""The sync API: replay, partial rejection, references to offline objects, conflicts, scope."""

import gzip
import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cnscd.accounts.roles import Role
from cnscd.audit.models import AuditEvent
from cnscd.conftest import make_user
from cnscd.field.models import SyncItem
from cnscd.indicators.counters import check
from cnscd.people.models import Household, Resident, Visit
from cnscd.people.tests.factories import household, resident

TODAY = timezone.localdate()


@pytest.fixture
def home(village):
    return household(village, "7", address="Xóm Đồng")


@pytest.fixture
def an(home):
    return resident(home, "Nguyễn Văn An", "1980", relation="head", phone="0912345678")


def item(type_: str, payload: dict, *, at=None, id_=None) -> dict:
    return {
        "id": str(id_ or uuid.uuid4()),
        "type": type_,
        "payload": payload,
        "recorded_at": (at or timezone.now()).isoformat(),
    }


def visit_of(household_ref, resident_ref, outcome="achieved", skill="vneid_l2") -> dict:
    return item(
        "visit",
        {
            "household": household_ref,
            "visited_on": TODAY.isoformat(),
            "outcomes": [{"resident": resident_ref, "skill": skill, "outcome": outcome}],
        },
    )


def push(client, items):
    response = client.post(
        "/api/v1/sync", json.dumps({"items": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_batch_is_stored_once_however_often_it_is_sent(member, home, an, api_client):
    client = api_client(member)
    batch = [visit_of(home.pk, an.pk)]
    first = push(client, batch)
    assert [r["status"] for r in first] == ["stored"]
    again = push(client, batch)
    assert [r["status"] for r in again] == ["duplicate"]
    assert again[0]["object"] == first[0]["object"] == {"type": "visit", "id": batch[0]["id"]}
    assert Visit.objects.count() == 1
    an.refresh_from_db()
    assert an.vneid_l2_on == TODAY
    assert check(home.village.parent) == []


def test_objects_added_offline_are_referred_to_by_their_item_id(member, village, api_client):
    new_home = item("household.create", {"number": "15", "address": "Cuối xóm"})
    new_person = item(
        "resident.create",
        {
            "household": new_home["id"],
            "full_name": "lê thị hoa",
            "birth": "1990",
            "gender": "female",
        },
    )
    visit = visit_of(new_home["id"], new_person["id"], outcome="guided")
    results = push(api_client(member), [new_home, new_person, visit])
    assert [r["status"] for r in results] == ["stored"] * 3
    created = Household.objects.get(village=village, number="15")
    hoa = Resident.objects.get(household=created)
    assert results[0]["object"] == {"type": "household", "id": created.pk}
    assert results[1]["object"] == {"type": "resident", "id": hoa.pk}
    assert hoa.full_name == "Lê Thị Hoa"
    assert Visit.objects.get().outcomes.get().resident == hoa


def test_bad_items_are_rejected_and_the_rest_stored(member, home, an, hanoi_village, api_client):
    elsewhere = household(hanoi_village, "1")
    stranger = resident(elsewhere, "Trần Văn Lạ", "1970")
    items = [
        visit_of(home.pk, an.pk),
        visit_of(elsewhere.pk, stranger.pk),
        item("teleport", {}),
        item("visit", {"household": home.pk, "visited_on": str(TODAY), "outcomes": "many"}),
        item(
            "visit", {**visit_of(home.pk, an.pk)["payload"]}, at=timezone.now() + timedelta(days=2)
        ),
        item(
            "visit",
            {**visit_of(home.pk, an.pk)["payload"], "visited_on": str(TODAY + timedelta(days=30))},
        ),
        item(
            "resident.create", {"household": str(uuid.uuid4()), "full_name": "A", "birth": "1990"}
        ),
        item("resident.create", {"household": home.pk, "full_name": " ", "birth": "1990"}),
        {"type": "visit"},
        "not an object",
        visit_of(home.pk, an.pk, outcome="guided", skill="epayment"),
    ]
    results = push(api_client(member), items)
    assert [(r["status"], r.get("code", "")) for r in results] == [
        ("stored", ""),
        ("rejected", "out_of_scope"),
        ("rejected", "unknown_type"),
        ("rejected", "malformed_payload"),
        ("rejected", "recorded_in_future"),
        ("rejected", "date_in_future"),
        ("rejected", "unknown_reference"),
        ("rejected", "missing_name"),
        ("rejected", "invalid_item"),
        ("rejected", "invalid_item"),
        ("stored", ""),
    ]
    assert all(r["message"] for r in results if r["status"] == "rejected")
    assert "outcomes" in results[3]["message"]
    assert Visit.objects.count() == 2 and not Visit.objects.filter(household=elsewhere).exists()
    assert SyncItem.objects.count() == 2
    assert Resident.objects.filter(household=home).count() == 1


def test_a_long_batch_costs_the_queries_of_a_short_one(member, home, an, api_client):
    """Visits are applied together: the statements do not grow with the batch."""
    client = api_client(member)

    def queries(visits: int) -> int:
        batch = [visit_of(home.pk, an.pk, outcome="guided") for _ in range(visits)]
        with CaptureQueriesContext(connection) as context:
            assert {r["status"] for r in push(client, batch)} == {"stored"}
        return len(context)

    queries(1)  # a token's first request also stamps when it was used
    assert queries(60) == queries(3)
    assert Visit.objects.count() == 64


def test_visits_applied_together_still_answer_one_by_one(member, home, an, api_client):
    """Visits to a household added offline in the same batch, to a resident not of that
    household, and the same item twice."""
    new_home = item("household.create", {"number": "15"})
    new_person = item(
        "resident.create", {"household": new_home["id"], "full_name": "Lê Thị Hoa", "birth": 1990}
    )
    repeated = visit_of(home.pk, an.pk, outcome="guided", skill="epayment")
    visits = [visit_of(home.pk, an.pk, outcome="guided", skill="vssid") for _ in range(60)]
    items = [
        new_home,
        new_person,
        visit_of(new_home["id"], new_person["id"]),
        visit_of(new_home["id"], an.pk),
        repeated,
        *visits,
        repeated,
        visit_of(home.pk, an.pk),
    ]
    results = push(api_client(member), items)

    assert [(r["status"], r.get("code", "")) for r in results] == [
        ("stored", ""),
        ("stored", ""),
        ("stored", ""),
        ("rejected", "resident_not_in_household"),
        *[("stored", "")] * 61,
        ("duplicate", ""),
        ("stored", ""),
    ]
    assert Visit.objects.count() == 63
    assert SyncItem.objects.count() == 65
    hoa = Resident.objects.get(full_name="Lê Thị Hoa")
    an.refresh_from_db()
    assert (hoa.vneid_l2_on, an.vneid_l2_on) == (TODAY, TODAY)
    assert AuditEvent.objects.filter(verb="people.visit.recorded").count() == 63
    assert check(home.village.parent) == []


def test_an_item_id_of_another_member_is_not_theirs_to_replay(member, home, an, api_client):
    colleague = make_user("dongnghiep", Role.TEAM_MEMBER, home.village.code)
    batch = [visit_of(home.pk, an.pk)]
    push(api_client(member), batch)
    assert push(api_client(colleague), batch)[0]["code"] == "invalid_item"


def test_the_later_change_wins_field_by_field_whatever_the_order(member, home, an, api_client):
    colleague = make_user("dongnghiep", Role.TEAM_MEMBER, home.village.code)
    earlier, later = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    late = item(
        "resident.update",
        {"resident": an.pk, "changes": {"full_name": "Nguyễn Văn Ân"}},
        at=later,
    )
    early = item(
        "resident.update",
        {"resident": an.pk, "changes": {"full_name": "Nguyễn Văn Anh", "phone": "0987654321"}},
        at=earlier,
    )
    assert push(api_client(colleague), [late])[0]["status"] == "stored"
    assert push(api_client(member), [early])[0]["status"] == "stored"
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Ân"  # the later name
    assert an.phone == "0987654321"  # nobody changed the phone later
    history = AuditEvent.objects.filter(verb="people.resident.updated", object_id=str(an.pk))
    details = sorted((e.actor.username, e.details.get("superseded", [])) for e in history)
    assert details == [("dongnghiep", []), ("thanhvien", ["full_name"])]


def test_a_session_less_push_is_refused_and_changes_nothing(client, home, an):
    response = client.post(
        "/api/v1/sync",
        json.dumps({"items": [visit_of(home.pk, an.pk)]}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("[1, 2]", 400, "invalid_batch"),
        ("{", 400, "invalid_batch"),
        (json.dumps({"items": [{}] * 1001}), 413, "batch_too_large"),
    ],
)
def test_a_batch_that_is_not_a_batch(member, api_client, body, status, code):
    response = api_client(member).post("/api/v1/sync", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_the_village_download_is_masked_scoped_and_compressed(member, home, an, api_client):
    response = api_client(member).get("/api/v1/field/village", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.content))
    assert body["village"]["code"] == home.village.code
    assert [h["number"] for h in body["households"]] == ["7"]
    (person,) = body["residents"]
    assert person["full_name"] == "Nguyễn Văn An" and person["phone"] == "091****678"
    assert "0912345678" not in json.dumps(body)
    assert len(body["skills"]) == 8


def test_another_village_is_out_of_reach(member, hanoi_village, api_client):
    response = api_client(member).get(f"/api/v1/field/village?unit={hanoi_village.code}")
    assert response.status_code == 404


def test_changes_by_others_come_down_after_the_cursor(member, home, an, api_client):
    colleague = make_user("dongnghiep", Role.TEAM_MEMBER, home.village.code)
    cursor = api_client(member).get("/api/v1/field/village").json()["cursor"]
    push(api_client(colleague), [visit_of(home.pk, an.pk)])
    moved = item("resident.update", {"resident": an.pk, "changes": {"moved_out_on": str(TODAY)}})
    push(api_client(colleague), [moved])
    changes = api_client(member).get(f"/api/v1/sync?since={cursor}").json()
    (person,) = changes["residents"]
    assert person["id"] == an.pk and person["present"] is False
    assert person["skills"]["vneid_l2"] == TODAY.isoformat()
    assert changes["households"][0]["last_visit"] == TODAY.isoformat()
    assert api_client(member).get("/api/v1/sync?since=forged").json()["code"] == "invalid_cursor"


def test_a_pulled_household_carries_its_latest_visit_not_the_latest_sent(
    member, home, an, api_client
):
    client = api_client(member)
    push(client, [visit_of(home.pk, an.pk, outcome="guided")])  # visited today
    cursor = client.get("/api/v1/field/village").json()["cursor"]
    late_entry = visit_of(home.pk, an.pk, outcome="guided", skill="epayment")
    late_entry["payload"]["visited_on"] = str(TODAY - timedelta(days=3))  # written up late
    push(client, [late_entry])
    (pulled,) = client.get(f"/api/v1/sync?since={cursor}").json()["households"]
    assert pulled["last_visit"] == TODAY.isoformat()


def test_guided_a_week_ago_and_still_without_it_is_a_follow_up(member, home, an, api_client):
    client = api_client(member)
    old = visit_of(home.pk, an.pk, outcome="guided", skill="epayment")
    old["payload"]["visited_on"] = str(TODAY - timedelta(days=8))
    push(client, [old, visit_of(home.pk, an.pk, outcome="guided", skill="vssid")])
    (person,) = client.get("/api/v1/field/village").json()["residents"]
    assert (person["guided"], person["follow_up"]) == (["epayment", "vssid"], True)
    push(client, [visit_of(home.pk, an.pk, outcome="achieved", skill="epayment")])
    (person,) = client.get("/api/v1/field/village").json()["residents"]
    assert (person["guided"], person["follow_up"]) == (["vssid"], False)  # vssid: only today
