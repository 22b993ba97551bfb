"""Announcements: who receives a notice, unread first, read receipts and the officer's counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cnscd.errors import ServiceError
from cnscd.learning.models import Announcement, ReadReceipt
from cnscd.learning.selectors import announcement_counts, unread_count
from cnscd.learning.services.announcements import announcement_mark_read, announcement_send

LIST = "/api/v1/learning/announcements"


def send(unit, title="Chính sách mới", body="<p>Nội dung</p>", **extra):
    return announcement_send(unit=unit, by=None, title=title, body=body, **extra)


@pytest.fixture
def everyone(national_admin, province_officer, commune_officer, team_leader, member, viewer):
    """Every persona of Thanh Hóa (and the national admin, who sits above it)."""
    return [national_admin, province_officer, commune_officer, team_leader, member, viewer]


def test_a_province_notice_reaches_everyone_working_in_the_province(thanh_hoa, everyone, outsider):
    notice = send(thanh_hoa)
    receivers = {u.username for u in [*everyone, outsider] if unread_count(u)}
    assert receivers == {"tinh", "xa", "totruong", "thanhvien", "xem"}
    assert announcement_counts(notice) == (0, 5)


def test_a_national_notice_reaches_the_national_admin_too(everyone, outsider):
    from cnscd.geo.models import Unit

    send(Unit.objects.current().get(code="VN"))
    assert all(unread_count(u) == 1 for u in [*everyone, outsider])


def test_unread_notices_come_first_then_the_newest(thanh_hoa, member, api_client):
    older = send(thanh_hoa, title="Cũ")
    newer = send(thanh_hoa, title="Mới")
    Announcement.objects.filter(pk=older.pk).update(sent_at=timezone.now() - timedelta(days=3))
    announcement_mark_read(announcement=newer, user=member)
    items = api_client(member).get(LIST).json()["items"]
    assert [(i["title"], i["read"]) for i in items] == [("Cũ", False), ("Mới", True)]


def test_reading_is_idempotent_and_counted(thanh_hoa, member, province_officer, api_client):
    notice = send(thanh_hoa)
    client = api_client(member)
    first = client.post(f"{LIST}/{notice.pk}/read")
    again = client.post(f"{LIST}/{notice.pk}/read")
    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] == again.json()["read_at"]
    assert ReadReceipt.objects.count() == 1
    sent = api_client(province_officer).get(f"{LIST}/sent").json()["items"]
    assert (sent[0]["read_count"], sent[0]["recipient_count"]) == (1, 2)


def test_unread_filter_gives_the_badge_count(thanh_hoa, member, api_client):
    read, _ = send(thanh_hoa), send(thanh_hoa)
    announcement_mark_read(announcement=read, user=member)
    assert api_client(member).get(LIST, {"unread": "true"}).json()["count"] == 1


def test_outsider_neither_sees_nor_reads_a_thanh_hoa_notice(thanh_hoa, outsider, api_client):
    notice = send(thanh_hoa)
    client = api_client(outsider)
    assert client.get(LIST).json()["items"] == []
    assert client.get(f"{LIST}/{notice.pk}").status_code == 404
    assert client.post(f"{LIST}/{notice.pk}/read").status_code == 404
    assert not ReadReceipt.objects.exists()


def test_a_commune_notice_does_not_reach_the_province_officer(hac_thanh, province_officer):
    send(hac_thanh)
    assert unread_count(province_officer) == 0


def test_body_is_cleaned_and_an_empty_body_refused(thanh_hoa):
    notice = send(
        thanh_hoa, body='<p>Họp <script>alert(1)</script><a href="javascript:x">đây</a></p>'
    )
    assert "script" not in notice.body and "javascript" not in notice.body
    with pytest.raises(ServiceError) as error:
        send(thanh_hoa, body="<script>alert(1)</script>")
    assert error.value.code == "body_required"


def test_officer_sends_through_the_api(province_officer, api_client):
    response = api_client(province_officer).post(
        LIST,
        {"unit": "38", "title": "Chiến dịch", "body": "Ra quân", "kind": "campaign"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["recipient_count"] == 1  # the officer, on the province


def test_bad_kind_is_refused_with_a_code(province_officer, api_client):
    response = api_client(province_officer).post(
        LIST,
        {"unit": "38", "title": "X", "body": "Y", "kind": "gossip"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_kind"
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("unit", ["38", "01"])
def test_viewers_and_members_cannot_send(viewer, member, api_client, unit):
    for user in (viewer, member):
        response = api_client(user).post(
            LIST, {"unit": unit, "title": "X", "body": "Y"}, content_type="application/json"
        )
        assert response.status_code == 404  # the unit is not in any officer subtree of theirs
    assert not Announcement.objects.exists()


def test_commune_officer_cannot_send_to_the_province(commune_officer, api_client):
    response = api_client(commune_officer).post(
        LIST, {"unit": "38", "title": "X", "body": "Y"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_notice_list_pins_its_queries(thanh_hoa, member, api_client, django_assert_num_queries):
    client = api_client(member)
    client.get(LIST)  # the token's first use is written down once
    send(thanh_hoa)
    with django_assert_num_queries(4):  # token, scope, count, page with read state
        assert len(client.get(LIST).json()["items"]) == 1
    for _ in range(20):
        send(thanh_hoa)
    with django_assert_num_queries(4):
        assert len(client.get(LIST, {"limit": 100}).json()["items"]) == 21


# --- pages ---------------------------------------------------------------------------


def test_opening_a_notice_marks_it_read_and_the_nav_shows_the_count(
    thanh_hoa, member, login_client
):
    notice = send(thanh_hoa, title="Họp tổ tháng 12")
    client = login_client(member)
    home = client.get("/learning/").content.decode()
    assert "Họp tổ tháng 12" in home
    assert '<span class="flag">1</span>' in client.get("/learning/notices/").content.decode()
    assert client.get(f"/learning/notices/{notice.pk}/").status_code == 200
    assert ReadReceipt.objects.filter(announcement=notice, user=member).exists()
    assert '<span class="flag">1</span>' not in client.get("/learning/notices/").content.decode()


def test_officer_sees_how_many_read(thanh_hoa, province_officer, member, login_client):
    notice = send(thanh_hoa)
    announcement_mark_read(announcement=notice, user=member)
    client = login_client(province_officer)
    assert "1 / 2" in client.get("/learning/notices/").content.decode()
    page = client.get(f"/learning/notices/{notice.pk}/")
    assert page.context["counts"] == (2, 2)  # the officer is a recipient too, and opened it


def test_officer_sends_from_the_page(commune_officer, login_client, hac_thanh):
    client = login_client(commune_officer)
    assert client.get("/learning/notices/new/").status_code == 200
    response = client.post(
        "/learning/notices/new/",
        {"unit": "14797", "kind": "policy", "title": "Quy định mới", "body": "<b>Đọc kỹ</b>"},
    )
    assert response.status_code == 302
    assert Announcement.objects.get().path == hac_thanh.path


def test_members_cannot_open_the_send_page(member, login_client):
    assert login_client(member).get("/learning/notices/new/").status_code == 403


def test_outsider_gets_404_on_a_notice_page(thanh_hoa, outsider, login_client):
    notice = send(thanh_hoa)
    assert login_client(outsider).get(f"/learning/notices/{notice.pk}/").status_code == 404
