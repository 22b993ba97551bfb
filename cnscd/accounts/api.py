"""Token endpoint: scripts and the field app trade a password for a bearer token."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from cnscd.accounts.services import token_create
from cnscd.errors import ServiceError

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str
    username: str


@router.post("/token", auth=None, response={201: TokenOut})
def token_obtain(request, data: TokenIn):
    """Exchange a user name and password for a new API token.

    Wrong passwords count towards the same lockout as the login page.
    """
    user = authenticate(request, username=data.username.strip().lower(), password=data.password)
    if user is None:
        raise ServiceError("invalid_credentials", _("Wrong user name or password."), status=401)
    raw = token_create(user=user, by=user, name=data.name or "api")
    return Status(201, {"token": raw, "username": user.username})
