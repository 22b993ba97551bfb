"""System checks for settings that would fail silently in production."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_persistent_connections(app_configs, **kwargs):
    """cnscd.W001: each request would open a new PostgreSQL connection (~5 ms more)."""
    return persistent_connection_warnings(settings.DATABASES["default"])


def persistent_connection_warnings(database: dict) -> list[Warning]:
    if "postgresql" in database["ENGINE"] and not database.get("CONN_MAX_AGE"):
        return [
            Warning(
                "PostgreSQL is used with CONN_MAX_AGE = 0.",
                hint="Set CONN_MAX_AGE (seconds) so connections are reused between requests.",
                id="cnscd.W001",
            )
        ]
    return []
