"""Writes to accounts: users, role assignments and API tokens."""

import re
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnscd.accounts.models import ApiToken, RoleAssignment, User, hash_token
from cnscd.accounts.roles import ROLE_UNIT_KIND, Role
from cnscd.audit.services import audit_record
from cnscd.errors import ServiceError
from cnscd.geo.models import Kind, Unit

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
TOKEN_PREFIX = "cnscd_"


def _check_role_unit(role: str, unit: Unit) -> None:
    if role not in Role.values:
        raise ServiceError(
            "unknown_role",
            _("Unknown role %(role)s; use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            field="role",
        )
    wanted = ROLE_UNIT_KIND[Role(role)]
    if wanted is not None and unit.kind != wanted:
        raise ServiceError(
            "role_unit_mismatch",
            _("The role %(role)s is given on a %(wanted)s, but %(name)s (%(code)s) is a %(kind)s.")
            % {
                "role": Role(role).label,
                "wanted": Kind(wanted).label,
                "name": unit.name,
                "code": unit.code,
                "kind": unit.get_kind_display(),
            },
            field="unit",
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    unit: Unit,
    by: Any,
    password: str | None = None,
    full_name: str = "",
    check_password: bool = True,
) -> tuple[User, str | None]:
    """Create a user with one role assignment.

    Returns the user and the generated password when none was given (the
    caller shows it once; it is not stored in clear anywhere).
    """
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise ServiceError(
            "invalid_username",
            _(
                "A user name has 2 to 40 characters: lower-case letters without diacritics, "
                "digits, dot, hyphen or underscore."
            ),
            field="username",
        )
    if User.objects.filter(username=username).exists():
        raise ServiceError(
            "username_taken",
            _("The user name %(username)s is taken.") % {"username": username},
            field="username",
            status=409,
        )
    _check_role_unit(role, unit)
    generated = None
    if password is None:
        password = generated = secrets.token_urlsafe(12)
    user = User(username=username, full_name=full_name.strip())
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise ServiceError("weak_password", " ".join(e.messages), field="password") from None
    user.set_password(password)
    user.is_staff = role == Role.NATIONAL_ADMIN
    user.is_superuser = role == Role.NATIONAL_ADMIN
    user.save()
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    audit_record(
        actor=by,
        verb="accounts.user.created",
        obj=user,
        unit_path=unit.path,
        details={"role": role, "unit": unit.code},
    )
    return user, generated


@transaction.atomic
def role_assign(*, user: User, role: str, unit: Unit, by: Any) -> RoleAssignment:
    """Give `user` a further role; assigning the same role twice is a no-op."""
    _check_role_unit(role, unit)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit_record(
            actor=by,
            verb="accounts.role.assigned",
            obj=assignment,
            details={"user": user.username, "role": role, "unit": unit.code},
        )
    user.forget_scope()
    return assignment


@transaction.atomic
def token_create(*, user: User, by: Any, name: str = "") -> str:
    """A new API token for `user`; the raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[: len(TOKEN_PREFIX) + 6], name=name[:80]
    )
    audit_record(
        actor=by,
        verb="accounts.token.created",
        obj=token,
        details={"user": user.username, "prefix": token.prefix},
    )
    return raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            verb="accounts.token.revoked",
            obj=token,
            details={"user": token.user.username, "prefix": token.prefix},
        )


def token_authenticate(raw: str) -> User | None:
    """The active user owning this unrevoked token, else None.

    Writes `last_used_at` at most once a minute per token, so API reads do
    not turn into a write each.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
