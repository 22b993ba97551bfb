"""The answer to a locked-out login: JSON for the API, a page for people."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_STATUS = 429


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """Called by django-axes (AXES_LOCKOUT_CALLABLE) once a user name is locked."""
    message = _(
        "Too many wrong passwords: this account is locked for a while. "
        "Try again later or ask your officer to unlock it."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": message}, status=LOCKED_STATUS)
    return render(request, "accounts/locked_out.html", {"message": message}, status=LOCKED_STATUS)
