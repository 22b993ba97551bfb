"""Public pages (/p/…): no login, nothing personal, a clear answer for unknown or closed codes,
the QR poster, caching and the rate limit."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from pypdf import PdfReader

from cnscd.geo.models import Kind, Unit
from cnscd.geo.services import village_create
from cnscd.learning import ratelimit
from cnscd.people.models import Resident
from cnscd.people.tests.factories import household, resident
from cnscd.teams.models import Member, Team
from cnscd.teams.services import team_set_status, team_update


def pdf_text(content: bytes) -> str:
    return " ".join(PdfReader(BytesIO(content)).pages[0].extract_text().split())


# --- nothing personal, even with the demo data loaded ----------------------------------


@pytest.fixture
def demo(db):
    call_command("demo", "--seed", "4", "--households", "3", verbosity=0)
    village = (
        Unit.objects.filter(
            kind=Kind.VILLAGE,
            households__isnull=False,
            teams__status="active",
            teams__has_leader=True,
        )
        .order_by("code")
        .first()
    )
    return {"village": village, "commune": village.parent, "province": village.parent.parent}


def personal_values() -> set[str]:
    """Every name, ID number and phone of a person in the database (residents and members)."""
    values = set()
    for row in Resident.objects.values("full_name", "id_number", "phone"):
        values.update(v for v in row.values() if v)
    for row in Member.objects.values("full_name", "phone"):
        values.update(v for v in row.values() if v)
    return values


def public_pages(client, demo) -> dict[str, str]:
    urls = [
        "/p/",
        f"/p/{demo['province'].code}",
        f"/p/{demo['commune'].code}",
        f"/p/{demo['village'].code}",
        "/p/guides/",
        "/p/guides/kich-hoat-vneid-muc-2",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    poster = client.get(f"/p/{demo['village'].code}/poster.pdf")
    pages["poster"] = pdf_text(poster.content)
    return pages


def test_public_pages_show_no_names_id_numbers_or_phones_with_demo_data(client, demo):
    personal = personal_values()
    assert len(personal) > 100  # the demo data is really there
    for url, content in public_pages(client, demo).items():
        leaked = sorted(value for value in personal if value in content)
        assert not leaked, (url, leaked[:5])
        assert not re.search(r"\b\d{12}\b", content), url  # no ID number of anyone
        assert not re.search(r"\b0\d{9}\b", content), url  # no mobile number of anyone


def test_the_leader_and_phone_appear_only_when_the_team_publishes_them(client, demo):
    village = demo["village"]
    team = Team.objects.get(village=village)
    leader = team.members.get(role="leader", left_on__isnull=True)
    others = [m.phone for m in team.members.exclude(pk=leader.pk) if m.phone]
    Member.objects.filter(pk=leader.pk).update(phone="0987654321")
    page = client.get(f"/p/{village.code}").content.decode()
    assert leader.full_name not in page and "0987654321" not in page

    team_update(team=team, by=None, publish_contact=True)
    cache.clear()  # the page above is cached for a few minutes
    page = client.get(f"/p/{village.code}").content.decode()
    assert leader.full_name in page and "0987654321" in page
    assert not any(phone in page for phone in others)


def test_the_national_page_shows_aggregate_figures(client, demo):
    response = client.get("/p/")
    page = response.context["page"]
    assert page["kind"] == "country" and page["teams"] > 0
    assert {row["code"] for row in page["children"]} >= {demo["province"].code}
    assert any(row["rate"] is not None for row in page["indicators"])


# --- a village page and its poster ----------------------------------------------------


@pytest.fixture
def team(village):
    from cnscd.learning.tests.conftest import add_member
    from cnscd.teams.services import team_create

    team = team_create(village=village, by=None, name="Tổ CNSCĐ Đông Sơn")
    add_member(team, "Lê Thị Hoa", role="leader", phone="0912345678")
    return team


def test_village_page_shows_its_place_team_models_and_guides(client, team, village):
    from cnscd.teams.models import DigitalModel
    from cnscd.teams.services import model_adopt

    model_adopt(
        model=DigitalModel.objects.get(key="cho_khong_tien_mat"),
        unit=village,
        since=date(2024, 5, 1),
        by=None,
    )
    page = client.get(f"/p/{village.code}").content.decode()
    for expected in (
        "Tổ dân phố Đông Sơn",
        "Phường Hạc Thành",
        "Thanh Hóa",
        "Tổ CNSCĐ Đông Sơn",
        "Chợ không dùng tiền mặt",
        "01/05/2024",
        "/p/guides/kich-hoat-vneid-muc-2",
    ):
        assert expected in page, expected
    assert "Lê Thị Hoa" not in page and "0912345678" not in page


def test_a_local_guide_shows_on_its_province_villages_only(client, village, hanoi_village):
    from cnscd.learning.services.guides import guide_create

    guide_create(
        by=None, title="Cẩm nang riêng Thanh Hóa", steps=["x"], province=village.parent.parent
    )
    assert "Cẩm nang riêng Thanh Hóa" in client.get(f"/p/{village.code}").content.decode()
    assert "Cẩm nang riêng Thanh Hóa" not in client.get(f"/p/{hanoi_village.code}").content.decode()


def test_a_suspended_team_never_shows_its_contact(client, team, village):
    team_update(team=team, by=None, publish_contact=True)
    team_set_status(team=team, status="suspended", on=date(2025, 1, 1), by=None)
    page = client.get(f"/p/{village.code}").content.decode()
    assert "0912345678" not in page


def test_the_poster_carries_the_name_the_place_and_the_qr_of_the_page(client, village):
    response = client.get(f"/p/{village.code}/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = pdf_text(response.content)
    assert "Tổ dân phố Đông Sơn" in text
    assert "Phường Hạc Thành, Thanh Hóa" in text
    assert f"http://testserver/p/{village.code}" in text
    assert len(reader.pages) == 1 and len(reader.pages[0].images) == 1


def test_the_qr_image_encodes_the_page_address(village):
    import segno
    from PIL import Image

    from cnscd.learning.printouts import qr_png

    url = f"http://testserver/p/{village.code}"
    image = Image.open(qr_png(url)).convert("1")
    expected = segno.make(url, error="m")
    side = expected.symbol_size(scale=12, border=2)[0]
    assert image.size == (side, side)
    # sample the centre of every module and compare with the symbol's own matrix
    for y, row in enumerate(expected.matrix):
        for x, dark in enumerate(row):
            pixel = image.getpixel(((x + 2) * 12 + 6, (y + 2) * 12 + 6))
            assert (pixel == 0) == bool(dark)


# --- unknown and closed codes -----------------------------------------------------------


def test_an_unknown_code_gets_a_clear_404_page(client, db):
    response = client.get("/p/99999-999")
    assert response.status_code == 404
    assert "99999-999" in response.content.decode()
    assert client.get("/p/99999-999/poster.pdf").status_code == 404


def test_a_merged_village_points_to_its_successor(client, hac_thanh):
    old = village_create(commune=hac_thanh, name="Thôn Cũ", division="thon", by=None)
    new = village_create(commune=hac_thanh, name="Thôn Mới", division="thon", by=None)
    Unit.objects.filter(pk=old.pk).update(valid_to=date(2025, 7, 1), successor=new)
    response = client.get(f"/p/{old.code}")
    assert response.status_code == 410
    page = response.content.decode()
    assert "Thôn Cũ" in page and "01/07/2025" in page
    assert f'href="/p/{new.code}"' in page
    assert client.get(f"/p/{old.code}/poster.pdf").status_code == 410


def test_a_dissolved_village_without_successor_says_so(client, hac_thanh):
    old = village_create(commune=hac_thanh, name="Thôn Giải Thể", division="thon", by=None)
    Unit.objects.filter(pk=old.pk).update(valid_to=date(2025, 7, 1))
    response = client.get(f"/p/{old.code}")
    assert response.status_code == 410
    assert "Thôn Giải Thể" in response.content.decode()


def test_a_village_whose_team_was_dissolved_shows_no_team(client, team, village):
    team_set_status(team=team, status="dissolved", on=date(2025, 1, 1), by=None)
    response = client.get(f"/p/{village.code}")
    assert response.status_code == 200
    assert response.context["page"]["team"] is None


# --- cache, rate limit, no cookies, no inline scripts ----------------------------------------


def test_a_public_page_is_served_from_the_cache(client, village, django_assert_num_queries):
    client.get(f"/p/{village.code}")
    with django_assert_num_queries(0):
        assert client.get(f"/p/{village.code}").status_code == 200


def test_an_unknown_code_is_not_cached(client, hac_thanh):
    assert client.get("/p/14797-050").status_code == 404
    village_create(
        commune=hac_thanh, name="Thôn Năm Mươi", division="thon", by=None, code="14797-050"
    )
    assert client.get("/p/14797-050").status_code == 200


def test_public_pages_set_no_cookie_and_need_no_login(client, village):
    for url in ("/p/", f"/p/{village.code}", "/p/guides/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def test_public_pages_have_no_inline_script_or_style(client, village):
    for url in ("/p/", "/p/38", f"/p/{village.code}", "/p/guides/", "/p/guides/su-dung-vssid"):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page, url


def test_too_many_requests_from_one_address_get_429(client, village, monkeypatch):
    monkeypatch.setattr(ratelimit, "PUBLIC_LIMIT", 3)
    for _ in range(3):
        assert client.get(f"/p/{village.code}").status_code == 200
    response = client.get(f"/p/{village.code}")
    assert response.status_code == 429
    assert response["Retry-After"] == str(ratelimit.PUBLIC_WINDOW)
    assert client.get("/p/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_forwarded_address_counts_only_behind_a_local_proxy(rf):
    direct = rf.get("/p/", REMOTE_ADDR="14.160.32.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    proxied = rf.get("/p/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert ratelimit.client_address(direct) == "14.160.32.5"
    assert ratelimit.client_address(proxied) == "198.51.100.7"


# --- public guides ------------------------------------------------------------------------


def test_public_guide_search_works_without_diacritics(client, db):
    response = client.get("/p/guides/", {"q": "kich hoat vneid"})
    assert response.context["guides"][0].slug == "kich-hoat-vneid-muc-2"


def test_public_guide_page_shows_numbered_steps_and_warnings(client, db):
    page = client.get("/p/guides/tai-khoan-thanh-toan-dien-tu-an-toan").content.decode()
    assert '<ol class="steps">' in page
    assert "Không bao giờ đọc mã OTP" in page


def test_an_unpublished_guide_is_not_public(client, db):
    from cnscd.learning.models import Guide

    Guide.objects.filter(slug="su-dung-vssid").update(is_published=False)
    assert client.get("/p/guides/su-dung-vssid").status_code == 404
    assert client.get("/p/guides/su-dung-vssid.pdf").status_code == 404


def test_a_public_page_for_a_resident_village_hides_the_residents(client, village):
    home = household(village, number="7")
    resident(
        home,
        name="Hoàng Văn Thụ",
        birth="1990",
        gender="male",
        id_number="038090012345",
        phone="0987000111",
    )
    content = client.get(f"/p/{village.code}").content.decode()
    commune = client.get("/p/14797").content.decode()
    for page in (content, commune):
        assert "Hoàng Văn Thụ" not in page and "038090012345" not in page
        assert "0987000111" not in page


def test_kinds_below_the_country_render_the_unit_page(client, db):
    assert client.get("/p/38").context["page"]["kind"] == Kind.PROVINCE
