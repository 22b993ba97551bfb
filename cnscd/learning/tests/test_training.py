"""Training: courses, sessions, attendance inside the session's unit only, certificates,
each member's history, and the figures per unit (trained in 12 months, teams with nobody)."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from cnscd.errors import ServiceError
from cnscd.learning.figures import trained_since, training_figures
from cnscd.learning.models import Attendance
from cnscd.learning.services import training
from cnscd.learning.tests.conftest import add_member
from cnscd.teams.services import member_leave

SESSIONS = "/api/v1/learning/sessions"


def attend(session, members, completed=True):
    return training.attendance_record(
        session=session, members=list(members), completed=completed, by=None
    )


# --- services ------------------------------------------------------------------------


def test_a_session_must_lie_inside_the_course_unit(course, ba_dinh):
    with pytest.raises(ServiceError) as error:
        training.session_create(
            course=course, unit=ba_dinh, by=None, held_on=date(2025, 1, 1), place="X", trainer="Y"
        )
    assert error.value.code == "unit_outside_course"


def test_a_course_needs_known_skills_and_mode(thanh_hoa):
    with pytest.raises(ServiceError) as error:
        training.course_create(unit=thanh_hoa, by=None, title="X", mode="by_post", skills=[])
    assert error.value.code == "invalid_mode"
    with pytest.raises(ServiceError) as error:
        training.course_create(
            unit=thanh_hoa, by=None, title="X", mode="online", skills=["vneid_l2", "juggling"]
        )
    assert error.value.code == "invalid_skill"


def test_attendance_of_a_member_outside_the_session_unit_is_refused_and_nothing_written(
    session, team, sibling_team
):
    inside = team.members.first()
    outside = sibling_team.members.first()
    with pytest.raises(ServiceError) as error:
        attend(session, [inside, outside])
    assert error.value.code == "member_outside_session_unit"
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_session_day(course, village, team):
    future = training.session_create(
        course=course, unit=village, by=None, held_on=date(2099, 1, 1), place="X", trainer="Y"
    )
    with pytest.raises(ServiceError) as error:
        attend(future, team.members.all())
    assert error.value.code == "session_not_held"


def test_a_member_who_left_before_the_session_is_refused(session, team):
    leaver = team.members.get(full_name="Phạm Thị Mai")
    member_leave(member=leaver, left_on=date(2025, 1, 1), by=None)
    with pytest.raises(ServiceError) as error:
        attend(session, [leaver])
    assert error.value.code == "member_left"


def test_recording_again_updates_completion(session, team):
    member = team.members.first()
    attend(session, [member], completed=False)
    attend(session, [member], completed=True)
    assert Attendance.objects.get(member=member).completed


# --- figures -------------------------------------------------------------------------


def test_trained_share_counts_completed_sessions_of_the_last_12_months(
    session, team, sibling_team, hac_thanh, thanh_hoa
):
    attend(session, [team.members.get(full_name="Lê Thị Hoa")])
    attend(session, [team.members.get(full_name="Trần Văn Bình")], completed=False)
    figures = training_figures(hac_thanh, today=date(2025, 6, 1))
    assert (figures["trained_members"], figures["active_members"]) == (1, 4)
    assert figures["trained_rate"] == 25.0
    assert (figures["teams"], figures["teams_without_trained_member"]) == (2, 1)
    rows = {row["unit"]["name"]: row for row in figures["children"]}
    assert rows["Tổ dân phố Đông Sơn"]["trained_rate"] == round(100 / 3, 1)
    assert rows["Tổ dân phố Bắc Sơn"]["teams_without_trained_member"] == 1
    province = training_figures(thanh_hoa, today=date(2025, 6, 1))
    commune_row = next(r for r in province["children"] if r["unit"]["code"] == "14797")
    assert commune_row["trained_members"] == 1 and commune_row["active_members"] == 4


def test_the_window_is_twelve_months_back_to_the_same_day(session, team, village):
    attend(session, [team.members.first()])  # held 15/03/2025
    assert training_figures(village, today=date(2026, 3, 15))["trained_members"] == 1
    assert training_figures(village, today=date(2026, 3, 16))["trained_members"] == 0
    assert training_figures(village, today=date(2025, 3, 14))["trained_members"] == 0
    assert trained_since(date(2024, 2, 29)) == date(2023, 2, 28)


def test_a_unit_without_members_has_no_rate(hac_thanh):
    figures = training_figures(hac_thanh, today=date(2025, 6, 1))
    assert figures["trained_rate"] is None and figures["active_members"] == 0


# --- certificate ---------------------------------------------------------------------


def test_certificate_names_the_member_course_date_place_and_trainer(
    session, team, commune_officer, login_client
):
    member = team.members.get(full_name="Lê Thị Hoa")
    (attendance,) = attend(session, [member])
    response = login_client(commune_officer).get(
        f"/learning/attendances/{attendance.pk}/certificate.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())
    for expected in (
        "Lê Thị Hoa",
        "Kỹ năng số cơ bản",
        "15/03/2025",
        "Nhà văn hóa Đông Sơn",
        "Nguyễn Văn Giảng",
        "Tổ CNSCĐ Đông Sơn",
        attendance.certificate_number,
    ):
        assert expected in text, expected


def test_no_certificate_for_an_attendance_not_completed(
    session, team, commune_officer, login_client
):
    (attendance,) = attend(session, [team.members.first()], completed=False)
    url = f"/learning/attendances/{attendance.pk}/certificate.pdf"
    assert login_client(commune_officer).get(url).status_code == 404


def test_outsider_gets_404_for_a_certificate(session, team, outsider, login_client):
    (attendance,) = attend(session, [team.members.first()])
    url = f"/learning/attendances/{attendance.pk}/certificate.pdf"
    assert login_client(outsider).get(url).status_code == 404


# --- the member's page ------------------------------------------------------------------


def test_the_member_page_shows_the_training_history(session, team, commune_officer, login_client):
    member = team.members.get(full_name="Lê Thị Hoa")
    (attendance,) = attend(session, [member])
    page = login_client(commune_officer).get(f"/members/{member.pk}/edit/").content.decode()
    assert "Kỹ năng số cơ bản" in page and "15/03/2025" in page
    assert f"/learning/attendances/{attendance.pk}/certificate.pdf" in page


def test_a_member_with_an_account_sees_their_own_training(session, team, login_client):
    from cnscd.teams.services import member_invite

    member = team.members.get(full_name="Trần Văn Bình")
    user, _ = member_invite(member=member, username="binh", by=None)
    attend(session, [member])
    assert "Kỹ năng số cơ bản" in login_client(user).get("/learning/").content.decode()


# --- pages -----------------------------------------------------------------------------


def test_officer_records_attendance_village_by_village(
    session, team, commune_officer, login_client
):
    client = login_client(commune_officer)
    page = client.get(f"/learning/sessions/{session.pk}/")
    names = [label for _, label in page.context["attendance_form"].fields["members"].choices]
    assert names == ["Trần Văn Bình", "Lê Thị Hoa", "Phạm Thị Mai"]  # by given name
    ids = [m.pk for m in team.members.all()[:2]]
    response = client.post(
        f"/learning/sessions/{session.pk}/attendance/", {"members": ids, "completed": "on"}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, completed=True).count() == 2


def test_a_member_the_officer_cannot_see_gets_404(
    session, hanoi_team, commune_officer, login_client
):
    outsider_member = hanoi_team.members.first()
    response = login_client(commune_officer).post(
        f"/learning/sessions/{session.pk}/attendance/", {"members": [outsider_member.pk]}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_viewer_reads_training_pages_but_cannot_write(session, team, viewer, login_client):
    client = login_client(viewer)
    assert client.get("/learning/u/14797/").status_code == 200
    assert client.get(f"/learning/sessions/{session.pk}/").status_code == 200
    assert (
        client.post(
            f"/learning/sessions/{session.pk}/attendance/", {"members": [team.members.first().pk]}
        ).status_code
        == 403
    )
    assert client.post("/learning/u/14797/sessions/new/", {}).status_code == 403
    assert client.post("/learning/u/38/courses/new/", {}).status_code == 403
    assert not Attendance.objects.exists()


def test_outsider_gets_404_on_every_training_page(session, team, outsider, login_client):
    (attendance,) = attend(session, [team.members.first()])
    client = login_client(outsider)
    for url in (
        f"/learning/sessions/{session.pk}/",
        f"/learning/courses/{session.course_id}/",
        "/learning/u/14797/",
        f"/learning/attendances/{attendance.pk}/certificate.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/learning/attendances/{attendance.pk}/", {"action": "remove"}).status_code
        == 404
    )


def test_officer_creates_a_course_and_a_session_from_the_pages(
    hac_thanh, commune_officer, login_client
):
    client = login_client(commune_officer)
    response = client.post(
        "/learning/u/14797/courses/new/",
        {"title": "Chữ ký số", "mode": "online", "skills": ["digital_signature"]},
    )
    assert response.status_code == 302
    course_id = int(response.url.rstrip("/").split("/")[-1])
    response = client.post(
        "/learning/u/14797/sessions/new/",
        {"course": course_id, "held_on": "01/02/2025", "place": "Hội trường", "trainer": "A"},
    )
    assert response.status_code == 302
    page = client.get("/learning/u/14797/").content.decode()
    assert "Chữ ký số" in page and "01/02/2025" in page


def test_unit_training_page_shows_the_figures(session, team, commune_officer, login_client):
    attend(session, [team.members.first()])
    page = login_client(commune_officer).get("/learning/u/14797/")
    assert page.context["figures"]["teams"] == 1


# --- API ---------------------------------------------------------------------------------


def test_api_refuses_attendance_outside_the_session_unit_with_a_code(
    session, team, sibling_team, commune_officer, api_client
):
    response = api_client(commune_officer).post(
        f"{SESSIONS}/{session.pk}/attendances",
        {"members": [sibling_team.members.first().pk], "completed": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "member_outside_session_unit"
    assert not Attendance.objects.exists()


def test_api_records_attendance_and_returns_certificate_links(
    session, team, commune_officer, api_client
):
    member = team.members.first()
    response = api_client(commune_officer).post(
        f"{SESSIONS}/{session.pk}/attendances",
        {"members": [member.pk], "completed": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    (row,) = response.json()
    assert row["certificate"] == f"/learning/attendances/{row['id']}/certificate.pdf"
    history = api_client(commune_officer).get(f"/api/v1/learning/members/{member.pk}/training")
    assert [r["course_title"] for r in history.json()] == ["Kỹ năng số cơ bản"]


def test_api_training_figures(session, team, commune_officer, api_client):
    attend(session, [team.members.first()])
    body = api_client(commune_officer).get("/api/v1/learning/units/14797/training").json()
    assert body["active_members"] == 3 and body["teams"] == 1
    assert [c["unit"]["name"] for c in body["children"]] == ["Tổ dân phố Đông Sơn"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/learning/units/14797/training",
        "/api/v1/learning/sessions/{session}",
        "/api/v1/learning/sessions/{session}/attendances",
        "/api/v1/learning/members/{member}/training",
    ],
)
def test_outsider_gets_404_on_every_training_endpoint(session, team, outsider, api_client, url):
    url = url.format(session=session.pk, member=team.members.first().pk)
    response = api_client(outsider).get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_outsider_lists_no_sessions_or_courses(session, outsider, api_client):
    client = api_client(outsider)
    assert client.get(SESSIONS).json()["items"] == []
    assert client.get("/api/v1/learning/courses").json()["items"] == []


def test_member_sees_the_province_course_and_its_sessions_read_only(
    session, team, member, api_client
):
    client = api_client(member)
    assert [c["title"] for c in client.get("/api/v1/learning/courses").json()["items"]] == [
        "Kỹ năng số cơ bản"
    ]
    response = client.post(
        f"{SESSIONS}/{session.pk}/attendances",
        {"members": [team.members.first().pk]},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_session_list_pins_its_queries(
    course, village, commune_officer, api_client, django_assert_num_queries
):
    client = api_client(commune_officer)
    client.get(SESSIONS)
    for day in range(1, 4):
        training.session_create(
            course=course, unit=village, by=None, held_on=date(2025, 1, day), place="X", trainer="Y"
        )
    with django_assert_num_queries(4):  # token, scope, count, page with course and unit
        assert len(client.get(SESSIONS).json()["items"]) == 3
    for day in range(4, 25):
        training.session_create(
            course=course, unit=village, by=None, held_on=date(2025, 1, day), place="X", trainer="Y"
        )
    with django_assert_num_queries(4):
        assert len(client.get(SESSIONS, {"limit": 100}).json()["items"]) == 24


def test_new_team_member_is_a_candidate_once_on_the_team(
    session, team, commune_officer, login_client
):
    late = add_member(team, "Vũ Văn Muộn")  # joined 01/03/2024, before the session
    page = login_client(commune_officer).get(f"/learning/sessions/{session.pk}/")
    assert late.pk in dict(page.context["attendance_form"].fields["members"].choices)
