"""The guide library: seeded national guides, search with or without diacritics, cleaning of
unsafe HTML, who may write which guide, and the one-page printable sheet."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from cnscd.errors import ServiceError
from cnscd.learning.guide_texts import NATIONAL_GUIDES
from cnscd.learning.models import Guide
from cnscd.learning.richtext import clean_html
from cnscd.learning.selectors import guides_published, guides_search
from cnscd.learning.services.guides import guide_create, guide_update
from cnscd.people.skills import Skill

# --- seeded content ---------------------------------------------------------------


def test_the_nine_national_guides_exist_after_migrate(db):
    national = Guide.objects.filter(province__isnull=True, is_published=True)
    assert national.count() == len(NATIONAL_GUIDES) == 9
    for guide in national:
        assert guide.skill in Skill.values
        assert guide.steps.count() >= 5
        assert guide.safety_lines
        assert guide.title_folded and guide.text_folded


def test_every_core_skill_the_issue_names_has_a_guide(db):
    skills = set(Guide.objects.values_list("skill", flat=True))
    assert skills >= {
        "vneid_l2",
        "digital_signature",
        "epayment",
        "public_services",
        "online_shopping",
        "cyber_safety",
        "ehealth_book",
        "vssid",
    }


def test_the_payment_guide_warns_never_to_share_an_otp(db):
    guide = Guide.objects.get(skill="epayment")
    assert any("OTP" in line for line in guide.safety_lines)


# --- search ----------------------------------------------------------------------


def titles(query: str) -> list[str]:
    return [g.title for g in guides_search(guides_published(), query)]


@pytest.mark.parametrize("query", ["kich hoat vneid", "Kích hoạt VNeID", "KICH HOAT  vneid"])
def test_search_finds_the_activation_guide_first_with_or_without_diacritics(db, query):
    assert titles(query)[0].startswith("Kích hoạt VNeID")


def test_search_without_diacritics_finds_a_body_word(db):
    assert "Nhận biết các kiểu lừa đảo trên mạng thường gặp" in titles("lua dao")
    assert titles("chu ky so")[0] == "Cài đặt chữ ký số cá nhân"


def test_search_needs_every_word(db):
    assert titles("vneid xyzzy") == []


def test_old_and_new_tone_placement_match(db):
    guide_create(by=None, title="Hướng dẫn khoẻ mạnh", steps=["Uống nước."], skill="ehealth_book")
    assert "Hướng dẫn khoẻ mạnh" in titles("khỏe")


def test_title_hits_rank_above_body_hits_and_phrases_above_scattered_words(db):
    body_only = guide_create(by=None, title="Chợ quê", steps=["Dùng mã QR thanh toán ở chợ."])
    scattered = guide_create(by=None, title="Mã của thôn: QR", steps=["Treo ở nhà văn hóa."])
    phrase = guide_create(by=None, title="Mã QR cho tiểu thương", steps=["In mã, dán ở sạp."])
    found = [g.pk for g in guides_search(Guide.objects.all(), "ma qr")]
    assert found.index(phrase.pk) < found.index(scattered.pk) < found.index(body_only.pk)


# --- cleaning ----------------------------------------------------------------------

UNSAFE = (
    '<p onclick="steal()">Bấm <strong>Gửi</strong><script>alert("x")</script></p>'
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)">mẹo</a> <a href="https://dichvucong.gov.vn">cổng</a>'
    '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
)


def test_clean_html_keeps_the_allowed_tags_and_drops_everything_unsafe():
    cleaned = clean_html(UNSAFE)
    for bad in (
        "<script",
        "alert",
        "onerror",
        "onclick",
        "javascript:",
        "<img",
        "<style",
        "iframe",
    ):
        assert bad not in cleaned
    assert "<strong>Gửi</strong>" in cleaned
    assert 'href="https://dichvucong.gov.vn"' in cleaned


def test_a_guide_with_unsafe_html_is_stored_clean(db):
    guide = guide_create(by=None, title="Mẹo", steps=[UNSAFE])
    text = guide.steps.get().text
    assert "<script" not in text and "onerror" not in text and "javascript:" not in text
    assert "alert" not in guide.text_folded


def test_a_step_that_is_only_a_script_is_dropped_and_no_steps_is_refused(db):
    with pytest.raises(ServiceError) as error:
        guide_create(by=None, title="Trống", steps=["<script>alert(1)</script>", "  "])
    assert error.value.code == "steps_required"
    assert not Guide.objects.filter(title="Trống").exists()


# --- writing -------------------------------------------------------------------------


def test_addresses_are_made_from_the_title_and_kept_unique(db):
    first = guide_create(by=None, title="Đăng ký khai sinh", steps=["Bước một."])
    second = guide_create(by=None, title="Đăng ký khai sinh", steps=["Bước một."])
    assert first.slug == "dang-ky-khai-sinh"
    assert second.slug == "dang-ky-khai-sinh-2"


def test_update_reindexes_and_keeps_the_address(db):
    guide = guide_create(by=None, title="Cũ", steps=["Một."])
    guide_update(guide=guide, by=None, title="Dùng Zalo an toàn", steps=["Một.", "Hai."])
    guide.refresh_from_db()
    assert guide.slug == "cu"
    assert guide.title_folded == "dung zalo an toan"
    assert list(guide.steps.values_list("text", flat=True)) == ["Một.", "Hai."]


def test_a_local_guide_belongs_to_a_province_not_a_commune(hac_thanh):
    with pytest.raises(ServiceError) as error:
        guide_create(by=None, title="X", steps=["Y"], province=hac_thanh)
    assert error.value.code == "not_a_province"


def test_invalid_skill_is_refused_with_a_code(db):
    with pytest.raises(ServiceError) as error:
        guide_create(by=None, title="X", steps=["Y"], skill="telepathy")
    assert error.value.code == "invalid_skill"


# --- pages and API -------------------------------------------------------------------

GUIDE_JSON = {"title": "Dùng Zalo an toàn", "steps": ["Mở Zalo.", "Vào Cài đặt."]}


def test_province_officer_adds_a_local_guide_for_their_province(province_officer, api_client):
    response = api_client(province_officer).post(
        "/api/v1/learning/guides", {**GUIDE_JSON, "province": "38"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["province"] == "38"


def test_province_officer_cannot_add_a_national_guide(province_officer, api_client):
    response = api_client(province_officer).post(
        "/api/v1/learning/guides", GUIDE_JSON, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Guide.objects.filter(title=GUIDE_JSON["title"]).exists()


def test_province_officer_gets_404_for_another_province(province_officer, api_client):
    response = api_client(province_officer).post(
        "/api/v1/learning/guides", {**GUIDE_JSON, "province": "01"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_commune_officer_cannot_write_guides(commune_officer, api_client, login_client):
    response = api_client(commune_officer).post(
        "/api/v1/learning/guides", {**GUIDE_JSON, "province": "38"}, content_type="application/json"
    )
    assert response.status_code == 404  # the province is above their subtree
    assert login_client(commune_officer).get("/learning/guides/new/").status_code == 403


def test_national_admin_edits_a_national_guide_and_html_is_cleaned(national_admin, api_client):
    slug = NATIONAL_GUIDES[0]["slug"]
    response = api_client(national_admin).patch(
        f"/api/v1/learning/guides/{slug}",
        {"steps": ['<b>Mở</b> <a href="javascript:alert(1)">VNeID</a><script>x()</script>']},
        content_type="application/json",
    )
    assert response.status_code == 200
    step = response.json()["steps"][0]["text"]
    assert "<b>Mở</b>" in step and "javascript" not in step and "script" not in step


def test_province_officer_cannot_edit_a_national_guide(province_officer, api_client):
    slug = NATIONAL_GUIDES[0]["slug"]
    response = api_client(province_officer).patch(
        f"/api/v1/learning/guides/{slug}", {"title": "X"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_unpublished_local_guide_is_hidden_from_another_province(thanh_hoa, outsider, api_client):
    guide = guide_create(
        by=None, title="Nháp Thanh Hóa", steps=["x"], province=thanh_hoa, is_published=False
    )
    assert api_client(outsider).get(f"/api/v1/learning/guides/{guide.slug}").status_code == 404


def test_api_search_ranks_like_the_library(member, api_client):
    response = api_client(member).get("/api/v1/learning/guides", {"search": "kich hoat vneid"})
    assert response.json()["items"][0]["slug"] == "kich-hoat-vneid-muc-2"


def test_guide_list_pins_its_queries(member, api_client, django_assert_num_queries):
    client = api_client(member)
    client.get("/api/v1/learning/guides")  # the token's first use is written down once
    with django_assert_num_queries(4):  # token, scope, count, page
        assert len(client.get("/api/v1/learning/guides").json()["items"]) == 9
    for n in range(20):
        guide_create(by=None, title=f"Cẩm nang {n}", steps=["Bước."])
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/learning/guides", {"limit": 100}).json()["items"]) == 29


def test_guide_page_form_adds_a_guide_and_shows_errors(province_officer, login_client):
    client = login_client(province_officer)
    bad = client.post("/learning/guides/new/", {"title": "X", "steps": "<script></script>"})
    assert bad.status_code == 400
    good = client.post(
        "/learning/guides/new/",
        {
            "title": "Dùng Zalo an toàn",
            "audience": "residents",
            "province": "38",
            "steps": "Mở Zalo.\n\nVào Cài đặt.",
            "is_published": "on",
        },
    )
    assert good.status_code == 302
    guide = Guide.objects.get(title="Dùng Zalo an toàn")
    assert guide.province.code == "38" and guide.steps.count() == 2


# --- printable sheet -------------------------------------------------------------------


def test_the_printable_guide_is_one_page_with_its_steps(client, db):
    slug = NATIONAL_GUIDES[3]["slug"]
    response = client.get(f"/p/guides/{slug}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Mở và dùng tài khoản thanh toán điện tử an toàn" in text
    assert "Không bao giờ đọc mã OTP" in text
    assert f"/p/guides/{slug}" in text


def test_a_long_guide_still_fits_one_page(db, client):
    steps = [
        f"Bước số {n}: " + "làm theo hướng dẫn trên màn hình điện thoại. " * 4 for n in range(20)
    ]
    guide = guide_create(by=None, title="Hướng dẫn dài", steps=steps, safety="Cẩn thận.\nOTP")
    response = client.get(f"/p/guides/{guide.slug}.pdf")
    assert len(PdfReader(BytesIO(response.content)).pages) == 1
