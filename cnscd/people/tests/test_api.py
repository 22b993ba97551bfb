"""People API: scope on every endpoint, masking and audited reveal, idempotent visits."""

import uuid
from datetime import date

import pytest
from django.utils import timezone

from cnscd.audit.models import AuditEvent
from cnscd.people.models import Resident, Visit, VisitOutcome
from cnscd.people.tests.factories import household, resident
from cnscd.teams import services as team_services

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def home(village):
    return household(village, "5")


@pytest.fixture
def person(home):
    return resident(
        home, "Lê Thị Bình", "1990", gender="female", id_number="038190012345", phone="0912345678"
    )


def visit_payload(home, person, visit_id=None, outcome="achieved"):
    return {
        "id": str(visit_id or uuid.uuid4()),
        "household": home.pk,
        "visited_on": TODAY,
        "outcomes": [{"resident": person.pk, "skill": "vneid_l2", "outcome": outcome}],
    }


def urls(home, person):
    return [f"/api/v1/households/{home.pk}", f"/api/v1/residents/{person.pk}"]


@pytest.mark.parametrize("index", [0, 1])
def test_outsider_gets_404(home, person, outsider, api_client, index):
    assert api_client(outsider).get(urls(home, person)[index]).status_code == 404


def test_outsider_lists_nothing_and_cannot_write(home, person, outsider, api_client):
    client = api_client(outsider)
    assert client.get("/api/v1/residents").json()["items"] == []
    assert client.get("/api/v1/households").json()["items"] == []
    responses = [
        client.post("/api/v1/visits", visit_payload(home, person), content_type="application/json"),
        client.patch(
            f"/api/v1/residents/{person.pk}", {"full_name": "X"}, content_type="application/json"
        ),
        client.post(
            f"/api/v1/residents/{person.pk}/reveal",
            {"field": "phone"},
            content_type="application/json",
        ),
        client.post(
            "/api/v1/residents",
            {"household": home.pk, "full_name": "X", "birth": "1990"},
            content_type="application/json",
        ),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert not Visit.objects.exists()
    assert Resident.objects.count() == 1


def test_lists_and_details_are_masked(person, viewer, api_client):
    body = api_client(viewer).get("/api/v1/residents", {"unit": "14797"}).json()["items"][0]
    assert body["id_number"] == "0381******45"
    assert body["phone"] == "091****678"
    assert "038190012345" not in str(
        api_client(viewer).get(f"/api/v1/residents/{person.pk}").json()
    )


def test_member_reveals_and_the_reveal_is_audited_without_the_value(person, member, api_client):
    response = api_client(member).post(
        f"/api/v1/residents/{person.pk}/reveal",
        {"field": "id_number"},
        content_type="application/json",
    )
    assert response.json() == {"field": "id_number", "value": "038190012345"}
    event = AuditEvent.objects.get(verb="people.resident.revealed")
    assert event.actor == member and event.details == {"field": "id_number"}
    assert "038190012345" not in str(event.details) + event.object_repr


@pytest.mark.parametrize("persona", ["viewer", "province_officer"])
def test_who_may_reveal(person, api_client, request, persona):
    user = request.getfixturevalue(persona)
    response = api_client(user).post(
        f"/api/v1/residents/{person.pk}/reveal", {"field": "phone"}, content_type="application/json"
    )
    assert response.status_code == (403 if persona == "viewer" else 200)


def test_search_and_missing_skill_filters(home, person, member, api_client):
    resident(home, "Lê Văn Nhỏ", str(timezone.localdate().year - 14))
    client = api_client(member)
    names = lambda **q: [r["full_name"] for r in client.get("/api/v1/residents", q).json()["items"]]  # noqa: E731
    assert names(search="le thi binh") == ["Lê Thị Bình"]
    assert names(search="5678") == ["Lê Thị Bình"]
    assert names(missing="vneid_l2") == ["Lê Thị Bình"]
    bad = client.get("/api/v1/residents", {"missing": "vneid"})
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_skill"


def test_a_visit_sent_twice_is_stored_once(home, person, member, api_client):
    client = api_client(member)
    payload = visit_payload(home, person)
    first = client.post("/api/v1/visits", payload, content_type="application/json")
    again = client.post("/api/v1/visits", payload, content_type="application/json")
    assert (first.status_code, first.json()["status"]) == (201, "stored")
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    assert again.json()["message"]
    assert Visit.objects.count() == 1 and VisitOutcome.objects.count() == 1
    person.refresh_from_db()
    assert person.vneid_l2_on == timezone.localdate() and person.vneid_l2_source == "visit"


def test_a_visit_with_a_stranger_resident_stores_nothing(
    home, person, hanoi_village, member, api_client
):
    stranger = resident(household(hanoi_village, "1"), "Người Lạ", "1980")
    payload = visit_payload(home, person)
    payload["outcomes"].append({"resident": stranger.pk, "skill": "vneid_l2", "outcome": "guided"})
    response = api_client(member).post("/api/v1/visits", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "resident_not_in_household"
    assert not Visit.objects.exists()
    person.refresh_from_db()
    assert person.vneid_l2_on is None


def test_a_visit_for_a_household_outside_scope_is_rejected(hanoi_village, member, api_client):
    far = household(hanoi_village, "1")
    stranger = resident(far, "Người Lạ", "1980")
    response = api_client(member).post(
        "/api/v1/visits", visit_payload(far, stranger), content_type="application/json"
    )
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_a_visit_records_its_members(home, person, member, api_client):
    team = team_services.team_create(village=home.village, by=None)
    on_team = team_services.member_add(
        team=team, by=None, full_name="Vũ Văn Tổ", gender="male", joined_on=date(2024, 1, 1)
    )
    payload = visit_payload(home, person, outcome="guided") | {"members": [on_team.pk]}
    assert (
        api_client(member)
        .post("/api/v1/visits", payload, content_type="application/json")
        .status_code
        == 201
    )
    assert list(Visit.objects.get().members.all()) == [on_team]


def test_moving_a_resident_into_a_village_outside_scope_is_404(
    person, hanoi_village, commune_officer, api_client
):
    far = household(hanoi_village, "9")
    response = api_client(commune_officer).patch(
        f"/api/v1/residents/{person.pk}", {"household": far.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.household_id != far.pk


def test_invalid_id_number_through_the_api_names_the_field(home, member, api_client):
    response = api_client(member).post(
        "/api/v1/residents",
        {
            "household": home.pk,
            "full_name": "Lê Văn A",
            "birth": "1990",
            "gender": "male",
            "id_number": "038190012345",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "id_number_gender"
    assert "id_number" in response.json()["fields"]


def test_resident_list_pins_its_queries(home, member, api_client, django_assert_num_queries):
    client = api_client(member)
    client.get("/api/v1/residents")
    for n in range(3):
        resident(home, f"Người Số {n}", "1980", phone="0912345678")
    with django_assert_num_queries(4):  # token, scope, count, page (masking needs no query)
        assert len(client.get("/api/v1/residents").json()["items"]) == 3
    for n in range(3, 30):
        resident(home, f"Người Số {n}", "1980")
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/residents", {"limit": 50}).json()["items"]) == 30


def test_a_province_adds_a_local_skill_its_villages_can_record(
    person, province_officer, member, outsider, api_client
):
    created = api_client(province_officer).post(
        "/api/v1/local-skills",
        {"province": "38", "key": "thanh_hoa_s", "name": "App Thanh Hóa S"},
        content_type="application/json",
    )
    assert created.status_code == 201
    skill_id = created.json()["id"]
    assert [s["key"] for s in api_client(member).get("/api/v1/local-skills").json()] == [
        "thanh_hoa_s"
    ]
    assert api_client(outsider).get("/api/v1/local-skills").json() == []
    response = api_client(member).post(
        f"/api/v1/residents/{person.pk}/local-skills",
        {"skill": skill_id, "on": TODAY},
        content_type="application/json",
    )
    assert response.status_code == 204
    assert person.local_skills.get().skill.key == "thanh_hoa_s"


@pytest.mark.parametrize(("key", "code"), [("vneid_l2", "invalid_key"), ("Có dấu", "invalid_key")])
def test_local_skill_keys_are_checked(province_officer, api_client, key, code):
    response = api_client(province_officer).post(
        "/api/v1/local-skills",
        {"province": "38", "key": key, "name": "X"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (400, code)


def test_a_commune_officer_cannot_define_province_skills(commune_officer, api_client):
    response = api_client(commune_officer).post(
        "/api/v1/local-skills",
        {"province": "38", "key": "x", "name": "X"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_officer_lists_duplicates_and_merges_them(
    home, sibling_village, commune_officer, viewer, api_client
):
    a = resident(home, "Đinh Văn Tám", "1958")
    b = resident(household(sibling_village, "3"), "Dinh Van Tam", "1958")
    client = api_client(commune_officer)
    pairs = client.get("/api/v1/residents/duplicates", {"unit": "14797"}).json()
    assert [[r["id"] for r in pair] for pair in pairs] == [[a.pk, b.pk]]
    refused = api_client(viewer).post(
        "/api/v1/residents/merge",
        {"keep": a.pk, "duplicate": b.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403
    merged = client.post(
        "/api/v1/residents/merge",
        {"keep": a.pk, "duplicate": b.pk},
        content_type="application/json",
    )
    assert merged.status_code == 200
    assert client.get(f"/api/v1/residents/{b.pk}").status_code == 404
    assert client.get("/api/v1/residents/duplicates").json() == []


def test_households_are_searched_like_the_page(home, person, member, api_client):
    found = api_client(member).get("/api/v1/households", {"search": "le thi binh"}).json()
    assert [h["number"] for h in found["items"]] == [home.number]
    assert (
        api_client(member).get("/api/v1/households", {"search": "khong co ai"}).json()["items"]
        == []
    )


@pytest.mark.parametrize(
    ("method", "url", "payload"),
    [
        ("post", "/api/v1/residents/{r}/skills", {"skill": "vneid_l2", "on": TODAY}),
        ("post", "/api/v1/residents/{r}/consents", {"purpose": "phone_contact", "on": TODAY}),
        ("post", "/api/v1/residents/{r}/local-skills", {"skill": 1, "on": TODAY}),
        ("post", "/api/v1/residents/merge", {"keep": "{r}", "duplicate": "{r}"}),
        ("patch", "/api/v1/households/{h}", {"number": "99"}),
        ("get", "/api/v1/residents", {"household": "{h}"}),
    ],
)
def test_outsider_reaches_nothing_through_the_other_endpoints(
    home, person, outsider, api_client, method, url, payload
):
    ids = {"r": person.pk, "h": home.pk}
    url = url.format(**ids)
    payload = {
        k: (int(v.format(**ids)) if isinstance(v, str) and "{" in v else v)
        for k, v in payload.items()
    }
    client = api_client(outsider)
    if method == "get":
        assert client.get(url, payload).json()["items"] == []
        return
    response = getattr(client, method)(url, payload, content_type="application/json")
    assert response.status_code == 404
    person.refresh_from_db()
    home.refresh_from_db()
    assert (person.vneid_l2_on, home.number) == (None, "5")
    assert not person.consents.exists()
