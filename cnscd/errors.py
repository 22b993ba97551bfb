"""The error every service raises when a rule is broken.

Views render `message` to people; the API returns `{"code", "message"}` (plus
`"fields"` when the error belongs to one input field). Codes are stable
snake_case strings that scripts may rely on; messages are translated.
"""

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


def service_error_from(error: VnTextError, *, field: str) -> ServiceError:
    """A vntext parsing error as a ServiceError, its message translated now."""
    return ServiceError(error.code, gettext(error.message) % error.params, field=field)
