"""The unit page: breadcrumb, children with counts, village form for officers."""

from cnscd.geo.models import Unit


def test_unit_page_shows_breadcrumb_and_children_with_counts(
    province_officer, village, login_client
):
    response = login_client(province_officer).get("/u/38/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thanh Hóa" in html
    assert "Phường Hạc Thành" in html
    # Hạc Thành has one village, shown in its row
    row = html[html.index("Phường Hạc Thành") :][:300]
    assert ">1<" in row


def test_breadcrumb_links_only_what_the_user_may_open(commune_officer, village, login_client):
    html = login_client(commune_officer).get(f"/u/{village.code}/").content.decode()
    assert 'href="/u/14797/"' in html
    assert 'href="/u/38/"' not in html
    assert "Thanh Hóa" in html  # shown as text


def test_officer_sees_the_village_form_and_viewer_does_not(commune_officer, viewer, login_client):
    form = 'action="/u/14797/villages/"'
    assert form in login_client(commune_officer).get("/u/14797/").content.decode()
    assert form not in login_client(viewer).get("/u/14797/").content.decode()


def test_officer_adds_a_village_through_the_page(commune_officer, login_client):
    client = login_client(commune_officer)
    response = client.post("/u/14797/villages/", {"name": "Tổ dân phố 7", "kind": "to_dan_pho"})
    assert response.status_code == 302
    assert Unit.objects.get(code="14797-001").name == "Tổ dân phố 7"


def test_page_shows_a_duplicate_name_error_and_creates_nothing(
    commune_officer, village, login_client
):
    response = login_client(commune_officer).post(
        "/u/14797/villages/", {"name": village.name, "kind": "to_dan_pho"}
    )
    assert response.status_code == 400
    assert village.code in response.content.decode()
    assert Unit.objects.filter(parent__code="14797").count() == 1


def test_viewer_cannot_add_a_village(viewer, login_client):
    response = login_client(viewer).post("/u/14797/villages/", {"name": "Thôn A", "kind": "thon"})
    assert response.status_code == 403
    assert not Unit.objects.filter(parent__code="14797").exists()


def test_outsider_cannot_add_a_village_in_thanh_hoa(outsider, login_client):
    response = login_client(outsider).post("/u/14797/villages/", {"name": "Thôn A", "kind": "thon"})
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(db, client):
    response = client.get("/u/38/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_pages_are_vietnamese_by_default_and_english_on_request(province_officer, login_client):
    client = login_client(province_officer)
    assert "Đăng xuất" in client.get("/u/38/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/u/38/"})
    assert "Sign out" in client.get("/u/38/").content.decode()


def test_an_english_browser_still_gets_vietnamese(province_officer, login_client):
    client = login_client(province_officer)
    html = client.get("/u/38/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Đăng xuất" in html
