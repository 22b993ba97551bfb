"""Every signed-in learning page renders for the roles that use it; step pictures upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cnscd.learning.models import GuideStep
from cnscd.learning.services.announcements import announcement_send
from cnscd.learning.services.guides import guide_create


@pytest.fixture
def notice(thanh_hoa):
    return announcement_send(unit=thanh_hoa, by=None, title="Thông báo", body="Nội dung")


@pytest.mark.parametrize(
    "url",
    [
        "/learning/",
        "/learning/notices/",
        "/learning/notices/new/",
        "/learning/notices/{notice}/",
        "/learning/guides/",
        "/learning/guides/?q=vneid",
        "/learning/guides/new/",
        "/learning/guides/kich-hoat-vneid-muc-2/edit/",
        "/learning/courses/",
        "/learning/courses/{course}/",
        "/learning/u/38/",
        "/learning/u/38/courses/new/",
        "/learning/u/{village}/sessions/new/",
        "/learning/sessions/{session}/",
    ],
)
def test_every_page_renders_for_a_national_admin(
    url, national_admin, login_client, notice, session, village
):
    url = url.format(
        notice=notice.pk, course=session.course_id, session=session.pk, village=village.code
    )
    assert login_client(national_admin).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/learning/", "/learning/notices/", "/learning/guides/", "/learning/courses/"]
)
def test_a_team_member_reads_the_learning_pages(url, member, login_client):
    assert login_client(member).get(url).status_code == 200


def test_province_officer_cannot_edit_a_national_guide_page(province_officer, login_client):
    client = login_client(province_officer)
    assert client.get("/learning/guides/kich-hoat-vneid-muc-2/edit/").status_code == 403


def png(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="PNG")
    return SimpleUploadedFile("buoc.png", out.getvalue(), content_type="image/png")


def test_a_step_gets_a_picture_that_the_public_page_shows(
    thanh_hoa, province_officer, login_client, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    guide = guide_create(
        by=None, title="Dùng Zalo", steps=["Mở Zalo.", "Bấm Cài đặt."], province=thanh_hoa
    )
    response = login_client(province_officer).post(
        f"/learning/guides/{guide.slug}/steps/2/image/", {"image": png()}
    )
    assert response.status_code == 302
    step = GuideStep.objects.get(guide=guide, position=2)
    assert step.image.name.endswith(".jpg")  # re-encoded, no EXIF survives
    assert step.image.url in client.get(f"/p/guides/{guide.slug}").content.decode()


def test_a_file_that_is_not_a_picture_is_refused(
    thanh_hoa, province_officer, login_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    guide = guide_create(by=None, title="Dùng Zalo", steps=["Mở Zalo."], province=thanh_hoa)
    fake = SimpleUploadedFile("buoc.png", b"<script>alert(1)</script>", content_type="image/png")
    login_client(province_officer).post(
        f"/learning/guides/{guide.slug}/steps/1/image/", {"image": fake}
    )
    assert not GuideStep.objects.get(guide=guide).image
