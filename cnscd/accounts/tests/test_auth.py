"""Tokens, login lockout, and the user command-line contract."""

import io
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cnscd.accounts.models import ApiToken, RoleAssignment, User
from cnscd.accounts.services import token_revoke
from cnscd.audit.models import AuditEvent
from cnscd.conftest import PASSWORD


def test_token_endpoint_returns_a_working_token(commune_officer):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "xa", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    me = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/units/14797")
    assert me.status_code == 200
    assert me.json()["name"] == "Phường Hạc Thành"


def test_only_the_hash_of_a_token_is_stored(commune_officer, api_client):
    client = api_client(commune_officer)
    raw = client.defaults["HTTP_AUTHORIZATION"].split()[1]
    stored = ApiToken.objects.get(user=commune_officer)
    assert raw not in (stored.key_hash, stored.prefix)
    assert raw.startswith(stored.prefix)


def test_wrong_password_gets_401_with_a_code(commune_officer):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "xa", "password": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize(
    "header", ["Bearer cnscd_not-a-real-token", "Bearer", "Token abc", "Bearer ' or 1=1"]
)
def test_malformed_token_gets_401(commune_officer, header):
    response = Client(headers={"Authorization": header}).get("/api/v1/units/14797")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoked_token_gets_401(commune_officer, api_client):
    client = api_client(commune_officer)
    assert client.get("/api/v1/units/14797").status_code == 200
    token_revoke(token=ApiToken.objects.get(user=commune_officer), by=commune_officer)
    assert client.get("/api/v1/units/14797").status_code == 401
    assert AuditEvent.objects.filter(verb="accounts.token.revoked").count() == 1


def test_five_wrong_passwords_lock_the_login_page(commune_officer):
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "xa", "password": "wrong"})
    locked = client.post("/login/", {"username": "xa", "password": PASSWORD})
    assert locked.status_code == 429
    assert "tài khoản tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_also_closes_the_token_endpoint(commune_officer):
    client = Client()
    for _ in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": "xa", "password": "wrong"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token",
        {"username": "xa", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_login_page_signs_in_with_the_right_password(commune_officer):
    client = Client()
    response = client.post("/login/", {"username": "xa", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == "/u/14797/"


def test_passwords_are_hashed_with_argon2(commune_officer):
    assert commune_officer.password.startswith("argon2")


def test_users_add_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long pass phrase 42\n"))
    out = StringIO()
    call_command(
        "users",
        "add",
        "ha.officer",
        "--role",
        "commune_officer",
        "--unit",
        "14797",
        stdout=out,
        stderr=StringIO(),
    )
    assert out.getvalue() == ""
    user = User.objects.get(username="ha.officer")
    assert user.check_password("a long pass phrase 42")
    assert RoleAssignment.objects.get(user=user).unit.code == "14797"
    assert AuditEvent.objects.filter(verb="accounts.user.created", object_id=str(user.pk)).exists()


def test_users_add_generates_and_prints_a_password(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = StringIO()
    call_command(
        "users",
        "add",
        "tinh2",
        "--role",
        "province_officer",
        "--unit",
        "38",
        stdout=out,
        stderr=StringIO(),
    )
    password = out.getvalue().strip()
    assert len(password) >= 12
    assert User.objects.get(username="tinh2").check_password(password)


def test_users_add_refuses_a_role_on_the_wrong_level(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="14797"):
        call_command(
            "users",
            "add",
            "bad",
            "--role",
            "province_officer",
            "--unit",
            "14797",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not User.objects.filter(username="bad").exists()


def test_users_token_prints_a_token_that_authenticates(commune_officer):
    out = StringIO()
    call_command("users", "token", "xa", stdout=out)
    token = out.getvalue().strip()
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/units/14797")
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="accounts.token.created")
    assert token not in str(event.details)
