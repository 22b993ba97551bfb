"""The API under /api/v1/: one NinjaAPI, one router per app, one error format.

Every error leaves as `{"code": "...", "message": "..."}` with the right
status; validation errors add `"fields"`. Auth is a bearer token or the login
cookie (with CSRF), both resolving to the user; public endpoints opt out.
"""

from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from cnscd.accounts.api import router as accounts_router
from cnscd.accounts.lockout import lockout_response
from cnscd.accounts.services import token_authenticate
from cnscd.errors import ServiceError
from cnscd.field.api import router as field_router
from cnscd.funding.api import router as funding_router
from cnscd.geo.api import router as geo_router
from cnscd.indicators.api import router as stats_router
from cnscd.learning.api import router as learning_router
from cnscd.people.api import router as people_router
from cnscd.teams.api import router as teams_router


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="CNSCĐ API",
    version="1",
    description="API của nền tảng Tổ công nghệ số cộng đồng / API of the CNSCĐ platform.",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


def error(request, code: str, message: str, status: int, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ServiceError)
def on_service_error(request, exc: ServiceError):
    extra = {"fields": {exc.field: exc.message}} if exc.field else {}
    return error(request, exc.code, exc.message, exc.status, **extra)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, "not_found", _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return error(request, "forbidden", str(exc) or _("Your role does not allow this change."), 403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(
        request,
        "unauthenticated",
        _("Sign in or send a valid API token (Authorization: Bearer …)."),
        401,
    )


@api.exception_handler(AxesBackendPermissionDenied)
def on_locked_out(request, exc):
    return lockout_response(request)


@api.exception_handler(ValidationError)
def on_invalid(request, exc: ValidationError):
    fields = {}
    for item in exc.errors:
        # loc is (source, parameter, field…): ("body", "data", "full_name") → "full_name"
        location = [str(part) for part in item.get("loc", [])]
        name = ".".join(location[2:]) or (location[-1] if location else "request")
        fields[name] = item.get("msg", "")
    return error(request, "invalid_input", _("Some fields are invalid."), 422, fields=fields)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, "http_error", str(exc), exc.status_code)


api.add_router("/auth", accounts_router)
api.add_router("/units", geo_router)
api.add_router("/units", stats_router)
api.add_router("", teams_router)
api.add_router("", people_router)
api.add_router("", field_router)
api.add_router("/funding", funding_router)
api.add_router("/learning", learning_router)
