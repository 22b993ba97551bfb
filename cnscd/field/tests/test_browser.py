"""The field app in a real browser: offline recording, reload, sync, conflicts, 360 px screens.

Playwright drives Debian's Chromium against the live server; data is checked
through the ORM. The tests skip when /usr/bin/chromium is not installed.
"""

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from cnscd.accounts.roles import Role
from cnscd.conftest import PASSWORD, make_user
from cnscd.learning.models import ReadReceipt
from cnscd.learning.services.announcements import announcement_send
from cnscd.people import services
from cnscd.people.models import Household, Resident, Visit
from cnscd.people.tests.factories import household, resident

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="the browser tests need Debian's chromium at /usr/bin/chromium"
)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
    from a thread with a running loop unless told that this is deliberate."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def live_server(django_db_setup):
    """pytest-django's live server, started with plain HTTP allowed: SecurityMiddleware reads
    SECURE_SSL_REDIRECT once, when the server builds its handler, before any function-scoped
    `settings` fixture could turn it off, and Chromium cannot follow a redirect to https."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def http_cookies(settings):
    """The live server speaks plain HTTP: secure cookies would not come back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def street(village):
    """Two households: the An family (a grown son without VNeID), and Bình living alone."""
    first = household(village, "1", address="Số 1 ngõ Chùa")
    resident(first, "Nguyễn Văn An", "1958", relation="head", gender="male")
    resident(first, "Nguyễn Văn Đức", "1990", relation="child", gender="male")
    second = household(village, "2", address="Số 2 ngõ Chùa")
    resident(second, "Trần Thị Bình", "1962", relation="head", gender="female")
    return first, second


@contextmanager
def field_app(browser, live_server, user, until="household-1", **context_options):
    """A fresh phone (its own IndexedDB and service worker), signed in, on /field/,
    once the element `until` shows."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", **context_options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url + "/login/?next=/field/")
    sign_in(page, user)
    page.wait_for_url(live_server.url + "/field/")
    expect(page.get_by_test_id(until)).to_be_visible()
    try:
        yield context, page
    finally:
        context.close()


def wait_for_worker(page):
    """The shell and assets are cached once the worker is active."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def sync_now(page):
    """Press "Đồng bộ" and wait until that sync has finished."""
    before = page.evaluate("document.body.dataset.syncedAt || ''")
    page.get_by_test_id("sync-now").click()
    page.wait_for_function(
        "before => document.body.dataset.sync !== 'running'"
        " && (document.body.dataset.syncedAt || '') !== before",
        arg=before,
    )


def test_a_visit_and_new_people_recorded_offline_arrive_once(
    browser, live_server, transactional_db, member, street
):
    an_household, _ = street
    with field_app(browser, live_server, member) as (context, page):
        wait_for_worker(page)
        sent = []

        def keep_pushed_batch(request):
            if request.method == "POST" and request.url.endswith("/api/v1/sync"):
                sent.append(request.post_data)

        page.on("request", keep_pushed_batch)
        context.set_offline(True)
        expect(page.get_by_test_id("offline-banner")).to_be_visible()

        page.get_by_test_id("search").fill("duc")  # no diacritics: finds Nguyễn Văn Đức
        expect(page.get_by_test_id("household-2")).to_be_hidden()
        page.get_by_test_id("household-1").click()
        son = page.get_by_test_id("resident-Nguyễn Văn Đức")
        son.get_by_test_id("skill-vneid_l2-achieved").click()
        page.get_by_test_id("notes").fill("Đã cài VNeID cho anh Đức")
        page.get_by_test_id("save-visit").click()
        expect(page.get_by_test_id("toast")).to_have_text("Đã lưu")

        page.get_by_test_id("add-household").click()
        page.fill("input[name=number]", "3")
        page.fill("input[name=address]", "Số 3 ngõ Chùa")
        page.get_by_test_id("submit").click()
        page.get_by_test_id("add-resident").click()
        page.fill("input[name=full_name]", "Lê Thị Hoa")
        page.fill("input[name=birth]", "1975")
        page.check("input[name=gender][value=female]")
        page.select_option("select[name=relation]", "head")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("resident-Lê Thị Hoa")).to_be_visible()
        page.get_by_test_id("back").click()

        shell = page.reload()
        assert shell.from_service_worker
        expect(page.get_by_test_id("pending-count")).to_have_text("3")
        expect(page.get_by_test_id("village-name")).to_have_text("Tổ dân phố Đông Sơn")
        expect(page.get_by_test_id("household-3")).to_be_visible()
        assert Visit.objects.count() == 0

        context.set_offline(False)
        page.wait_for_function("document.body.dataset.sync !== 'offline'")
        sync_now(page)
        expect(page.get_by_test_id("pending-count")).to_have_text("0")
        expect(page.get_by_test_id("last-sync")).to_contain_text("Đồng bộ lần cuối: ")

        new_household = Household.objects.get(village=an_household.village, number="3")
        hoa = Resident.objects.get(household=new_household)
        assert (hoa.full_name, hoa.birth_year, hoa.relation) == ("Lê Thị Hoa", 1975, "head")
        visit = Visit.objects.get()
        assert visit.household == an_household
        assert visit.notes == "Đã cài VNeID cho anh Đức"
        duc = Resident.objects.get(full_name="Nguyễn Văn Đức")
        assert duc.vneid_l2_on == timezone.localdate()
        assert Household.objects.count() == 3
        assert Resident.objects.count() == 4

        # the local rows took their server ids: a pull brings no twin of household 3
        expect(page.get_by_test_id("household-3")).to_have_count(1)
        sync_now(page)
        expect(page.get_by_test_id("household-3")).to_have_count(1)

        # the very batch resent (a lost answer) is recognised item by item
        assert len(sent) == 1
        results = page.evaluate(
            """async body => {
                const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
                const response = await fetch('/api/v1/sync', {method: 'POST', body,
                    headers: {'Content-Type': 'application/json',
                              'X-CSRFToken': token.slice('csrftoken='.length)}});
                return (await response.json()).results.map(r => r.status);
            }""",
            sent[0],
        )
        assert results == ["duplicate"] * 3
        assert [item["type"] for item in json.loads(sent[0])["items"]] == [
            "visit",
            "household.create",
            "resident.create",
        ]
        assert (Visit.objects.count(), Household.objects.count(), Resident.objects.count()) == (
            1,
            3,
            4,
        )


def sign_in(page, user):
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")


def test_an_expired_session_keeps_the_queue_until_the_next_login(
    browser, live_server, transactional_db, member, street
):
    with field_app(browser, live_server, member) as (context, page):
        wait_for_worker(page)
        context.set_offline(True)
        page.get_by_test_id("household-2").click()
        binh = page.get_by_test_id("resident-Trần Thị Bình")
        binh.get_by_test_id("skill-epayment-achieved").click()
        page.get_by_test_id("save-visit").click()
        expect(page.get_by_test_id("pending-count")).to_have_text("1")

        context.clear_cookies()  # the session ran out while the phone was in the hills
        context.set_offline(False)
        page.get_by_test_id("sync-now").click()
        page.wait_for_function("() => document.body.dataset.sync === 'auth'")
        expect(page.get_by_test_id("relogin-link")).to_be_visible()
        expect(page.get_by_test_id("pending-count")).to_have_text("1")
        assert Visit.objects.count() == 0

        page.get_by_test_id("relogin-link").click()
        sign_in(page, member)
        page.wait_for_url(live_server.url + "/field/")
        sync_now(page)
        expect(page.get_by_test_id("pending-count")).to_have_text("0")
        visit = Visit.objects.get()
        assert visit.household.number == "2"
        assert Resident.objects.get(full_name="Trần Thị Bình").epayment_on is not None


def test_an_officer_of_several_villages_chooses_the_one_to_take(
    browser, live_server, transactional_db, commune_officer, street, sibling_village
):
    village = street[0].village
    with field_app(browser, live_server, commune_officer, until="village-search") as (_, page):
        page.get_by_test_id("village-search").fill("son")
        expect(page.get_by_test_id(f"village-{sibling_village.code}")).to_be_visible()
        page.get_by_test_id("village-search").fill("dong son")  # Tổ dân phố Đông Sơn
        expect(page.get_by_test_id(f"village-{sibling_village.code}")).to_be_hidden()
        page.get_by_test_id(f"village-{village.code}").click()
        expect(page.get_by_test_id("village-name")).to_have_text("Tổ dân phố Đông Sơn")
        expect(page.get_by_test_id("household-2")).to_be_visible()

        page.get_by_test_id("add-household").click()
        page.fill("input[name=number]", "9")
        page.get_by_test_id("submit").click()
        page.get_by_test_id("back").click()
        sync_now(page)
        expect(page.get_by_test_id("pending-count")).to_have_text("0")
        assert Household.objects.filter(village=village, number="9").exists()

        page.get_by_test_id("change-village").click()
        page.get_by_test_id("village-search").fill("bac son")
        page.get_by_test_id(f"village-{sibling_village.code}").click()
        expect(page.get_by_test_id("village-name")).to_have_text(sibling_village.name)
        expect(page.get_by_test_id("household-9")).to_be_hidden()


def test_the_later_edit_wins_whoever_syncs_first(
    browser, live_server, transactional_db, member, village, street
):
    other = make_user("thanhvien2", Role.TEAM_MEMBER, village.code)
    with (
        field_app(browser, live_server, member) as (early_context, early),
        field_app(browser, live_server, other) as (late_context, late),
    ):
        for context, page in ((early_context, early), (late_context, late)):
            context.set_offline(True)
            page.get_by_test_id("household-2").click()
            page.get_by_test_id("resident-Trần Thị Bình").get_by_test_id("edit-resident").click()

        early.fill("input[name=full_name]", "Trần Thị Bính")
        early.get_by_test_id("submit").click()
        expect(early.get_by_test_id("pending-count")).to_have_text("1")
        early.wait_for_timeout(50)  # recorded_at strictly later on the second phone
        late.fill("input[name=full_name]", "Trần Thị Bình Minh")
        late.get_by_test_id("submit").click()
        expect(late.get_by_test_id("pending-count")).to_have_text("1")

        late_context.set_offline(False)
        sync_now(late)
        expect(late.get_by_test_id("pending-count")).to_have_text("0")
        early_context.set_offline(False)
        sync_now(early)
        expect(early.get_by_test_id("pending-count")).to_have_text("0")

        binh = Resident.objects.get(household__number="2")
        assert binh.full_name == "Trần Thị Bình Minh"
        # and the earlier phone shows the winner after its pull
        expect(early.get_by_test_id("resident-Trần Thị Bình Minh")).to_be_visible()


def test_a_stored_phone_can_be_erased_though_the_device_only_sees_it_masked(
    browser, live_server, transactional_db, member, street
):
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    services.resident_update(resident=binh, by=None, phone="0912345678")
    with field_app(browser, live_server, member) as (_, page):
        page.get_by_test_id("household-2").click()
        page.get_by_test_id("resident-Trần Thị Bình").get_by_test_id("edit-resident").click()
        page.fill("input[name=phone]", "0987654321")
        page.get_by_test_id("clear-phone").check()
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("form-error")).to_contain_text("Chọn một việc")

        page.fill("input[name=phone]", "")
        page.get_by_test_id("submit").click()
        sync_now(page)
        expect(page.get_by_test_id("pending-count")).to_have_text("0")
        binh.refresh_from_db()
        assert binh.phone == ""


def test_notices_from_officers_come_down_and_are_read_unread_first(
    browser, live_server, transactional_db, member, village, street
):
    officer = make_user("xa", Role.COMMUNE_OFFICER, village.parent.code)
    commune = village.parent
    old = announcement_send(unit=commune, by=officer, title="Họp tổ tháng 10", body="Đã họp.")
    ReadReceipt.objects.create(announcement=old, user=member)
    new = announcement_send(
        unit=commune,
        by=officer,
        title="Chiến dịch VNeID mức 2",
        body="<p>Tuần này <b>kích hoạt VNeID</b> cho người cao tuổi.</p><script>x()</script>",
    )
    with field_app(browser, live_server, member) as (context, page):
        sync_now(page)
        expect(page.get_by_test_id("notices-count")).to_have_text("(1 chưa đọc)")
        page.get_by_test_id("notices-link").click()
        notices = page.locator("[data-testid^=notice-]")
        expect(notices).to_have_count(2)  # the list is drawn after the hash changes
        titles = notices.all_inner_texts()
        assert "Chiến dịch VNeID mức 2" in titles[0] and "Họp tổ tháng 10" in titles[1]

        context.set_offline(True)  # read in the hills: the receipt goes with the next sync
        page.get_by_test_id(f"notice-{new.pk}").click()
        expect(page.get_by_test_id("notice-body")).to_contain_text("kích hoạt VNeID")
        assert page.locator("[data-testid=notice-body] script").count() == 0
        expect(page.get_by_test_id("notices-count")).to_have_text("")
        assert not ReadReceipt.objects.filter(announcement=new, user=member).exists()

        context.set_offline(False)
        page.wait_for_function("() => document.body.dataset.sync !== 'offline'")
        sync_now(page)
        assert ReadReceipt.objects.filter(announcement=new, user=member).exists()


def test_screenshots_of_the_list_and_a_household_at_360_px(
    browser, live_server, transactional_db, member, street
):
    folder = Path(settings.BASE_DIR) / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    with field_app(browser, live_server, member) as (_, page):
        blocked = []

        def keep_csp_violation(message):
            if "Content Security Policy" in message.text:
                blocked.append(message.text)

        page.on("console", keep_csp_violation)
        page.reload()
        expect(page.get_by_test_id("household-1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=folder / "field-list.png", full_page=True)
        page.get_by_test_id("household-1").click()
        expect(page.get_by_test_id("save-visit")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=folder / "field-household.png", full_page=True)
    assert blocked == []
    assert (folder / "field-list.png").stat().st_size > 0
    assert (folder / "field-household.png").stat().st_size > 0
