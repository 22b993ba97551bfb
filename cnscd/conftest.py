"""Shared fixtures: the official units loaded once, and the personas every test uses.

Personas (STYLE.md): `national_admin`; `province_officer` of Thanh Hóa (38);
`commune_officer` of Phường Hạc Thành (14797); `team_leader` and `member` of a
village in that commune; `viewer` of Thanh Hóa; `outsider`, a commune officer
of Phường Ba Đình (00004) in Hà Nội, who must never see anything in Thanh Hóa.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from cnscd.accounts.models import User
from cnscd.accounts.roles import Role
from cnscd.accounts.services import token_create, user_create
from cnscd.geo.models import Division, Unit
from cnscd.geo.services import units_load_official, village_create

PASSWORD = "correct horse battery 9"

# The data migrations whose rows every test may rely on (indicators, guides, digital models).
SEED_MIGRATIONS = (
    "cnscd.indicators.migrations.0002_seed_indicators",
    "cnscd.learning.migrations.0002_seed_guides",
    "cnscd.teams.migrations.0002_seed_digital_models",
)


def shared_data_load() -> None:
    """The official units, and the rows the seed migrations wrote."""
    units_load_official()
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        units_load_official()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (a second connection, the live server) ends by emptying every
    table, the shared data included; load it again for the tests after it, whichever
    order they run in. After the last test the test database is already gone."""
    result = yield
    if nextitem is not None and _empties_tables(item):
        with item.config.stash[blocking_manager_key].unblock():
            shared_data_load()
    return result


def _empties_tables(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or "transactional_db" in getattr(item, "fixturenames", ())


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Vietnamese; a request in English must not leak into the next test."""
    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def plain_http_and_static(settings):
    """Tests speak plain HTTP and need no collected static files; everything else is production."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def unit(code: str) -> Unit:
    return Unit.objects.current().get(code=code)


@pytest.fixture
def thanh_hoa(db) -> Unit:
    return unit("38")


@pytest.fixture
def hac_thanh(db) -> Unit:
    return unit("14797")


@pytest.fixture
def ba_dinh(db) -> Unit:
    return unit("00004")


@pytest.fixture
def village(hac_thanh) -> Unit:
    return village_create(
        commune=hac_thanh, name="Tổ dân phố Đông Sơn", division=Division.TO_DAN_PHO, by=None
    )


@pytest.fixture
def sibling_village(hac_thanh) -> Unit:
    return village_create(
        commune=hac_thanh, name="Tổ dân phố Bắc Sơn", division=Division.TO_DAN_PHO, by=None
    )


@pytest.fixture
def hanoi_village(ba_dinh) -> Unit:
    return village_create(
        commune=ba_dinh, name="Tổ dân phố số 5", division=Division.TO_DAN_PHO, by=None
    )


def make_user(username: str, role: str, unit_code: str) -> User:
    user, _ = user_create(
        username=username,
        role=role,
        unit=unit(unit_code),
        by=None,
        password=PASSWORD,
        check_password=False,
    )
    return user


@pytest.fixture
def national_admin(db) -> User:
    return make_user("admin", Role.NATIONAL_ADMIN, "VN")


@pytest.fixture
def province_officer(db) -> User:
    return make_user("tinh", Role.PROVINCE_OFFICER, "38")


@pytest.fixture
def commune_officer(db) -> User:
    return make_user("xa", Role.COMMUNE_OFFICER, "14797")


@pytest.fixture
def team_leader(village) -> User:
    return make_user("totruong", Role.TEAM_LEADER, village.code)


@pytest.fixture
def member(village) -> User:
    return make_user("thanhvien", Role.TEAM_MEMBER, village.code)


@pytest.fixture
def viewer(db) -> User:
    return make_user("xem", Role.VIEWER, "38")


@pytest.fixture
def outsider(db) -> User:
    return make_user("ngoai", Role.COMMUNE_OFFICER, "00004")


@pytest.fixture
def login_client():
    """A browser signed in as the given user."""

    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def api_client():
    """An API client sending a fresh bearer token of the given user."""

    def with_token(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_create(user=user, by=None)}"})

    return with_token
