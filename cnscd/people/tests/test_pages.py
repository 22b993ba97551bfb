"""People pages: scope (404), roles (403), masked contacts, audited reveal, visits, work list."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cnscd.audit.models import AuditEvent
from cnscd.people import selectors
from cnscd.people.models import Household, Resident, Visit, VisitOutcome
from cnscd.people.tests.factories import household, resident

TODAY = timezone.localdate()
PHONE = "0912345678"
ID_NUMBER = "038190012345"  # a woman born in 1990 in Thanh Hóa (DOMAIN.md 4)


@pytest.fixture
def home(village):
    return household(village, "12", address="Số 12 ngõ 3")


@pytest.fixture
def person(home):
    return resident(
        home,
        "Lê Thị Bình",
        "1990",
        gender="female",
        id_number=ID_NUMBER,
        phone=PHONE,
        relation="head",
    )


def visit_id_of(page) -> str:
    return re.search(r'name="visit_id" value="([0-9a-f-]{36})"', page.content.decode()).group(1)


def page_urls(home, person, village):
    """Every page as (method, url, data): reads first, then writes."""
    return [
        ("get", f"/u/{village.code}/households/", {}),
        ("get", f"/u/{village.code}/worklist/", {}),
        ("get", f"/u/{village.code}/duplicates/", {}),
        ("get", f"/households/{home.pk}/", {}),
        ("get", f"/households/{home.pk}/visit/", {}),
        ("get", f"/residents/{person.pk}/", {}),
        ("post", f"/u/{village.code}/households/", {"number": "99"}),
        ("post", f"/households/{home.pk}/", {"full_name": "Lê Văn Mới", "birth": "2000"}),
        ("post", f"/residents/{person.pk}/", {"full_name": "X", "birth": "1990"}),
        ("post", f"/residents/{person.pk}/reveal/", {"field": "phone"}),
        (
            "post",
            f"/residents/{person.pk}/skills/",
            {"skill": "vssid", "action": "achieved", "on": TODAY.isoformat()},
        ),
        (
            "post",
            f"/residents/{person.pk}/consents/",
            {"purpose": "phone_contact", "action": "give", "on": TODAY.isoformat()},
        ),
        (
            "post",
            "/residents/merge/",
            {"unit": village.code, "keep": person.pk, "duplicate": person.pk},
        ),
    ]


def test_outsider_gets_404_on_every_people_page(home, person, village, outsider, login_client):
    client = login_client(outsider)
    for method, url, data in page_urls(home, person, village):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert Household.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="people.resident.revealed").exists()


def test_viewer_sees_masked_contacts_and_no_show_button(home, person, viewer, login_client):
    client = login_client(viewer)
    for url in [f"/households/{home.pk}/", f"/residents/{person.pk}/"]:
        html = client.get(url).content.decode()
        assert "091****678" in html and "0381******45" in html, url
        assert PHONE not in html and ID_NUMBER not in html, url
    assert "/reveal/" not in client.get(f"/residents/{person.pk}/").content.decode()


def test_viewer_gets_403_on_reveal_and_every_write(home, person, village, viewer, login_client):
    client = login_client(viewer)
    writes = [
        (method, url, data)
        for method, url, data in page_urls(home, person, village)
        if method == "post" or url.endswith(("/visit/", "/duplicates/"))
    ]
    for method, url, data in writes:
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    person.refresh_from_db()
    assert (person.full_name, person.vssid_on) == ("Lê Thị Bình", None)
    assert Household.objects.count() == 1 and Resident.objects.count() == 1
    assert not person.consents.exists()
    assert not AuditEvent.objects.filter(verb="people.resident.revealed").exists()


def test_member_reveals_a_phone_and_the_audit_names_the_field_without_the_value(
    person, member, login_client
):
    client = login_client(member)
    assert PHONE not in client.get(f"/residents/{person.pk}/").content.decode()
    response = client.post(f"/residents/{person.pk}/reveal/", {"field": "phone"})
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert ID_NUMBER not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(verb="people.resident.revealed")
    assert event.actor == member
    assert event.details == {"field": "phone"}
    assert PHONE not in str(event.__dict__)


def test_member_cannot_reveal_a_phone_withdrawn_from_contact(person, member, login_client):
    client = login_client(member)
    for action in ["give", "withdraw"]:
        client.post(
            f"/residents/{person.pk}/consents/",
            {"purpose": "phone_contact", "action": action, "on": TODAY.isoformat()},
        )
    response = client.post(f"/residents/{person.pk}/reveal/", {"field": "phone"})
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert not AuditEvent.objects.filter(verb="people.resident.revealed").exists()


def test_recording_a_visit_with_an_achieved_outcome_sets_the_skill_date(
    home, person, member, login_client
):
    client = login_client(member)
    visited_on = TODAY - timedelta(days=3)
    response = client.post(
        f"/households/{home.pk}/visit/",
        {
            "visit_id": visit_id_of(client.get(f"/households/{home.pk}/visit/")),
            "visited_on": visited_on.strftime("%d/%m/%Y"),
            f"outcome_{person.pk}_vneid_l2": "achieved",
            f"outcome_{person.pk}_epayment": "guided",
            f"outcome_{person.pk}_vssid": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.vneid_l2_on == visited_on
    assert person.epayment_on is None
    assert sorted(VisitOutcome.objects.values_list("skill", "outcome")) == [
        ("epayment", "guided"),
        ("vneid_l2", "achieved"),
    ]


def test_posting_the_same_visit_form_twice_stores_one_visit(home, person, member, login_client):
    client = login_client(member)
    form = {
        "visit_id": visit_id_of(client.get(f"/households/{home.pk}/visit/")),
        "visited_on": TODAY.isoformat(),
        f"outcome_{person.pk}_vneid_l2": "guided",
    }
    assert client.post(f"/households/{home.pk}/visit/", form).status_code == 302
    again = client.post(f"/households/{home.pk}/visit/", form, follow=True)
    assert "Lượt thăm này đã được lưu trước đó." in again.content.decode()
    assert Visit.objects.count() == 1
    assert VisitOutcome.objects.count() == 1


def test_each_visit_page_carries_a_new_visit_id(home, member, login_client):
    client = login_client(member)
    first = visit_id_of(client.get(f"/households/{home.pk}/visit/"))
    assert first != visit_id_of(client.get(f"/households/{home.pk}/visit/"))


def test_a_visit_in_the_future_is_refused_next_to_the_date(home, person, member, login_client):
    client = login_client(member)
    response = client.post(
        f"/households/{home.pk}/visit/",
        {
            "visit_id": visit_id_of(client.get(f"/households/{home.pk}/visit/")),
            "visited_on": (TODAY + timedelta(days=10)).isoformat(),
            f"outcome_{person.pk}_vneid_l2": "achieved",
        },
    )
    assert response.status_code == 400
    future = (TODAY + timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Ngày {future} nằm trong tương lai." in response.content.decode()
    assert not Visit.objects.exists()
    person.refresh_from_db()
    assert person.vneid_l2_on is None


def test_adding_a_resident_with_an_invalid_id_number_shows_the_error_and_creates_nothing(
    home, member, login_client
):
    response = login_client(member).post(
        f"/households/{home.pk}/",
        {
            "full_name": "Lê Thị Bình",
            "birth": "1991",
            "gender": "female",
            "relation": "head",
            "id_number": ID_NUMBER,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    after_field = html[html.index('name="id_number"') :]
    assert after_field[: after_field.index("<label")].count('class="error"') == 1
    assert "Số định danh cho năm sinh 1990" in after_field
    assert not Resident.objects.exists()


def test_member_adds_a_household_and_a_resident(village, member, login_client):
    client = login_client(member)
    response = client.post(f"/u/{village.code}/households/", {"number": "7", "address": "Xóm 2"})
    home = Household.objects.get(village=village, number="7")
    assert response.status_code == 302
    assert response.url == f"/households/{home.pk}/"
    response = client.post(
        f"/households/{home.pk}/",
        {"full_name": "trần văn an", "birth": "05/03/1985", "gender": "male", "relation": "head"},
    )
    assert response.status_code == 302
    added = home.residents.get()
    assert (added.full_name, added.birth_date) == ("Trần Văn An", date(1985, 3, 5))


def test_a_second_household_with_the_same_number_is_refused(home, village, member, login_client):
    response = login_client(member).post(f"/u/{village.code}/households/", {"number": "12"})
    assert response.status_code == 400
    assert f"Thôn này đã có hộ số 12 (mã {home.pk})." in response.content.decode()
    assert Household.objects.count() == 1


def test_worklist_lists_a_resident_aged_15_missing_vneid_and_not_one_aged_14(
    home, village, member, login_client
):
    resident(home, "Phạm Văn Mười Lăm", str(TODAY.year - 15))
    resident(home, "Phạm Văn Mười Bốn", str(TODAY.year - 14))
    html = login_client(member).get(f"/u/{village.code}/worklist/").content.decode()
    assert "Phạm Văn Mười Lăm" in html
    assert "Phạm Văn Mười Bốn" not in html


def test_worklist_leaves_out_those_who_have_the_chosen_skill(home, village, member, login_client):
    someone = resident(home, "Phạm Thị Có", "1980")
    client = login_client(member)
    client.post(
        f"/residents/{someone.pk}/skills/",
        {"skill": "vssid", "action": "achieved", "on": TODAY.isoformat()},
    )
    assert (
        "Phạm Thị Có"
        not in client.get(f"/u/{village.code}/worklist/", {"skill": "vssid"}).content.decode()
    )
    assert "Phạm Thị Có" in client.get(f"/u/{village.code}/worklist/").content.decode()


def test_worklist_with_an_unknown_skill_answers_400(village, member, login_client):
    response = login_client(member).get(f"/u/{village.code}/worklist/", {"skill": "telepathy"})
    assert response.status_code == 400


def test_search_without_diacritics_finds_a_household_by_a_residents_name(
    village, commune_officer, login_client
):
    found = household(village, "3")
    other = household(village, "4")
    resident(found, "Nguyễn Thị Đào")
    resident(other, "Trần Văn Bình")
    html = (
        login_client(commune_officer)
        .get(f"/u/{village.code}/households/", {"q": "nguyen thi dao"})
        .content.decode()
    )
    assert f'href="/households/{found.pk}/"' in html
    assert f'href="/households/{other.pk}/"' not in html


def test_never_visited_filter_leaves_out_visited_households(village, member, login_client):
    visited = household(village, "1")
    untouched = household(village, "2")
    client = login_client(member)
    client.post(
        f"/households/{visited.pk}/visit/",
        {
            "visit_id": visit_id_of(client.get(f"/households/{visited.pk}/visit/")),
            "visited_on": TODAY.isoformat(),
        },
    )
    html = client.get(f"/u/{village.code}/households/", {"never": "1"}).content.decode()
    assert f'href="/households/{untouched.pk}/"' in html
    assert f'href="/households/{visited.pk}/"' not in html


def test_household_list_runs_as_many_queries_for_30_rows_as_for_3(
    village, commune_officer, login_client
):
    client = login_client(commune_officer)
    url = f"/u/{village.code}/households/"

    def queries_with(count):
        for n in range(Household.objects.count(), count):
            resident(household(village, str(n + 1)), relation="head")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(30)


def test_duplicates_page_lists_a_pair_and_the_merge_leaves_one_visible_resident(
    home, village, commune_officer, login_client
):
    other = household(village, "13")
    first = resident(home, "Hoàng Văn Sáu", "1966")
    second = resident(other, "hoàng văn sáu", "1966", phone=PHONE)
    client = login_client(commune_officer)
    html = client.get(f"/u/{village.code}/duplicates/").content.decode()
    assert f'href="/residents/{first.pk}/"' in html and f'href="/residents/{second.pk}/"' in html
    response = client.post(
        "/residents/merge/", {"unit": village.code, "keep": first.pk, "duplicate": second.pk}
    )
    assert response.status_code == 302
    visible = selectors.residents_visible_to(commune_officer).filter(full_name="Hoàng Văn Sáu")
    assert list(visible.values_list("pk", "phone")) == [(first.pk, PHONE)]
    assert (
        f'href="/residents/{second.pk}/"'
        not in client.get(f"/u/{village.code}/duplicates/").content.decode()
    )


def test_a_refused_merge_shows_why_and_changes_nothing(
    home, village, commune_officer, login_client
):
    a = resident(home, "Lê Thị Bình", "1990", gender="female", id_number=ID_NUMBER)
    b = resident(home, "Lê Thị Bình", "1990", gender="female", id_number="038190099999")
    response = login_client(commune_officer).post(
        "/residents/merge/", {"unit": village.code, "keep": a.pk, "duplicate": b.pk}
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Resident.objects.filter(merged_into__isnull=False).exists()


def test_team_member_cannot_open_the_duplicates_page(village, member, login_client):
    assert login_client(member).get(f"/u/{village.code}/duplicates/").status_code == 403


def test_member_marks_a_skill_achieved_then_revokes_it(person, member, login_client):
    client = login_client(member)
    on = TODAY - timedelta(days=5)
    url = f"/residents/{person.pk}/skills/"
    assert client.post(url, {"skill": "vssid", "action": "achieved", "on": on}).status_code == 302
    person.refresh_from_db()
    assert (person.vssid_on, person.vssid_source) == (on, "verified")
    assert client.post(url, {"skill": "vssid", "action": "revoked", "on": TODAY}).status_code == 302
    person.refresh_from_db()
    assert person.vssid_on is None
    assert list(person.skill_events.values_list("action", flat=True)) == ["achieved", "revoked"]


def test_editing_a_resident_with_empty_contacts_keeps_them(person, member, login_client):
    response = login_client(member).post(
        f"/residents/{person.pk}/",
        {
            "full_name": "Lê Thị Bình",
            "birth": "1990",
            "gender": "female",
            "relation": "head",
            "id_number": "",
            "phone": "",
            "moved_out_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.id_number, person.phone, person.moved_out_on) == (ID_NUMBER, PHONE, TODAY)


EDIT = {"full_name": "Lê Thị Bình", "birth": "1990", "gender": "female", "relation": "head"}


def test_a_stored_phone_is_erased_when_asked(person, member, login_client):
    response = login_client(member).post(
        f"/residents/{person.pk}/", {**EDIT, "phone": "", "clear_phone": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.id_number) == ("", ID_NUMBER)


def test_a_new_phone_and_erasing_it_at_once_is_refused(person, member, login_client):
    response = login_client(member).post(
        f"/residents/{person.pk}/", {**EDIT, "phone": "0987654321", "clear_phone": "on"}
    )
    assert response.status_code == 400
    assert "clear_phone" in response.context["edit_form"].errors
    person.refresh_from_db()
    assert person.phone == PHONE


def test_the_edit_form_does_not_put_the_stored_numbers_in_the_page(person, member, login_client):
    html = login_client(member).get(f"/residents/{person.pk}/").content.decode()
    assert PHONE not in html and ID_NUMBER not in html
    assert 'placeholder="091****678"' in html


def test_village_page_links_to_its_households(village, member, login_client):
    html = login_client(member).get(f"/u/{village.code}/").content.decode()
    assert f'href="/u/{village.code}/households/"' in html


def test_worklist_shows_a_follow_up_a_week_after_guiding(home, village, member, login_client):
    client = login_client(member)
    for days_ago in [8, 2]:
        guided = resident(home, f"Đỗ Văn Cách {days_ago}", "1970")
        client.post(
            f"/households/{home.pk}/visit/",
            {
                "visit_id": visit_id_of(client.get(f"/households/{home.pk}/visit/")),
                "visited_on": (TODAY - timedelta(days=days_ago)).isoformat(),
                f"outcome_{guided.pk}_vneid_l2": "guided",
            },
        )
    html = client.get(f"/u/{village.code}/worklist/").content.decode()
    follow_ups = html[html.index("Cần quay lại hướng dẫn") :]
    assert "Đỗ Văn Cách 8" in follow_ups
    assert "Đỗ Văn Cách 2" not in follow_ups


def test_the_visit_form_offers_a_child_no_digital_signature(home, member, login_client):
    year = timezone.localdate().year
    child = resident(home, "Trần Văn Bé", str(year - 12))
    html = login_client(member).get(f"/households/{home.pk}/visit/").content.decode()
    assert f"outcome_{child.pk}_ehealth_book" in html
    assert f"outcome_{child.pk}_digital_signature" not in html
    assert f"outcome_{child.pk}_vneid_l2" not in html
