"""Settings from the environment, the deploy checklist, and the `cnscd` entry points."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cnscd.accounts.checks import persistent_connection_warnings
from cnscd.environment import env_bool, env_int, env_secret_key

ROOT = Path(__file__).resolve().parents[2]


def run_cnscd(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cnscd", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)
    monkeypatch.setenv("DEBUG", "yes")
    assert env_bool("DEBUG", False) is True


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "ten")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE"):
        env_int("CONN_MAX_AGE", 0)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env_secret_key(tmp_path)
    assert len(first) >= 50
    assert env_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_short_secret_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        env_secret_key(tmp_path)


def test_postgres_without_persistent_connections_is_flagged():
    database = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 0}
    assert [w.id for w in persistent_connection_warnings(database)] == ["cnscd.W001"]
    assert persistent_connection_warnings({**database, "CONN_MAX_AGE": 600}) == []


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-test-only-0123456789",
        "ALLOWED_HOSTS": "cnscd.example.gov.vn",
        "CNSCD_VAR_DIR": str(tmp_path),
    }
    result = run_cnscd("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_when_debug_is_on(tmp_path):
    result = run_cnscd("check", "--deploy", env={"DEBUG": "1", "CNSCD_VAR_DIR": str(tmp_path)})
    assert "security.W018" in result.stdout + result.stderr


def test_sqlite_default_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cnscd.settings",
            "DATABASE_URL": "",
            "CNSCD_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "wal", result.stderr
    assert (tmp_path / "cnscd.sqlite3").exists()


def test_static_files_of_the_shared_layout_are_found():
    from django.contrib.staticfiles import finders

    assert finders.find("cnscd/site.css") is not None
    assert finders.find("cnscd/sort.js") is not None
