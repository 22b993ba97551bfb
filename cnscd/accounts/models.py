"""Users, their role assignments on unit subtrees, and API tokens."""

import hashlib
from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cnscd.accounts.roles import OFFICER_ROLES, Role
from cnscd.geo.models import COUNTRY_CODE, PATH_SEPARATOR, Unit


class User(AbstractUser):
    """A person who signs in: an officer, a team member or a viewer.

    What they may see is not on this row but in their role assignments;
    `unit_prefixes` turns those into the path prefixes every selector filters on.
    """

    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def unit_prefixes(self, roles: Iterable[str] | None = None) -> tuple[str, ...]:
        """Path prefixes of the subtrees this user may see (or act on, with `roles`).

        Cached on the instance for the request: the first call costs one query.
        Nested prefixes are collapsed, so a filter never has redundant branches.
        """
        if not self.is_active:
            return ()
        cache = self.__dict__.setdefault("_unit_prefix_cache", {})
        key = None if roles is None else frozenset(roles)
        if key not in cache:
            if self.is_superuser:
                paths = [COUNTRY_CODE + PATH_SEPARATOR]
            else:
                assignments = self.role_assignments.filter(unit__valid_to__isnull=True)
                if key is not None:
                    assignments = assignments.filter(role__in=key)
                paths = list(assignments.values_list("unit__path", flat=True))
            cache[key] = _collapse(paths)
        return cache[key]

    def has_role_on(self, path: str, roles: Iterable[str]) -> bool:
        """Whether one of `roles` is held on a subtree that holds `path` (no query once cached)."""
        return any(path.startswith(p) for p in self.unit_prefixes(roles))

    def can_manage(self, path: str) -> bool:
        """An officer (commune, province, national) of a subtree that holds `path`."""
        return self.has_role_on(path, OFFICER_ROLES)

    def forget_scope(self) -> None:
        """Drop cached scope after an assignment changes."""
        self.__dict__.pop("_unit_prefix_cache", None)


def _collapse(paths: Iterable[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


class RoleAssignment(models.Model):
    """A role on a unit subtree: a commune officer of 14797 sees 14797 and its villages."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    @property
    def unit_path(self) -> str:
        return self.unit.path


def hash_token(raw: str) -> str:
    """Tokens are 256-bit random strings, so a fast hash is enough (no salt, no stretching)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts and the field app; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    name = models.CharField(_("name"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
