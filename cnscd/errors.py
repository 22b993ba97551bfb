"""The error every service raises when a rule is broken.

Views render `message` to people; the API returns `{"code", "message"}` (plus
`"fields"` when the error belongs to one input field). Codes are stable
snake_case strings that scripts may rely on; messages are translated.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from cnscd.vntext.errors import VnTextError


class ServiceError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status

    def __str__(self) -> str:
        return self.message


def require(allowed: bool) -> None:
    """Refuse a write the caller's role does not allow, on an object they can see.

    Pages answer 403 through Django; the API answers `{"code": "forbidden"}`.
    Out-of-scope objects never get here: their selectors answer 404 first.
    """
    if not allowed:
        raise PermissionDenied(gettext("Your role does not allow this change."))


def add_service_error(form, error: ServiceError) -> None:
    """Show a service error next to its field when the form has one, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def service_error_from(error: VnTextError, *, field: str) -> ServiceError:
    """A vntext parsing error as a ServiceError, its message translated now."""
    return ServiceError(error.code, gettext(error.message) % error.params, field=field)
