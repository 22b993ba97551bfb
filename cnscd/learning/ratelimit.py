"""A small per-address rate limit for the public pages, kept in Django's cache.

The public pages need no login, so anyone can script requests at them. A
fixed window per client address is enough: the pages are cached, and the
limit only has to stop scraping and floods. It is generous because a whole
commune may share one carrier NAT address (the reason login throttling in
`settings.py` locks user names, not addresses).

Behind the reverse proxy of docs/deployment.md the client address comes
from the last `X-Forwarded-For` entry, the one the proxy itself added; the
header is trusted only when the direct peer is a loopback or private
address, so a client on the internet cannot pick its own address.
"""

import ipaddress
import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

PUBLIC_LIMIT = 120  # requests per address and window
PUBLIC_WINDOW = 60  # seconds


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_proxy(peer):
        return forwarded.split(",")[-1].strip()
    return peer


def _is_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private


def _over_limit(address: str) -> bool:
    window = int(time.time() // PUBLIC_WINDOW)
    key = f"learning:public-rate:{address}:{window}"
    cache.add(key, 0, timeout=PUBLIC_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=PUBLIC_WINDOW)
        count = 1
    return count > PUBLIC_LIMIT


def rate_limited(view):
    """Answer 429 (with Retry-After) once an address passes the limit; checked before any
    cache, so cached pages count too."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if _over_limit(client_address(request)):
            response = render(
                request,
                "learning/public/too_many.html",
                {
                    "message": _(
                        "Too many requests from your network. Please wait a minute and try again."
                    )
                },
                status=429,
            )
            response["Retry-After"] = str(PUBLIC_WINDOW)
            return response
        return view(request, *args, **kwargs)

    return limited
