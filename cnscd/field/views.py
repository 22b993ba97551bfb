"""The field app's shell: one page, its service worker and its web manifest.

None of them holds personal data, so none needs a login: the service worker
caches them on the first visit and the app opens with no network at all.
The village itself comes from the API (`cnscd.field.api`) into IndexedDB.
"""

import hashlib

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# the files the service worker keeps for offline use, besides the page and the manifest
ASSETS = (
    "field/app.css",
    "field/app.js",
    "field/dexie.min.js",
    "field/icon-192.png",
    "field/icon-512.png",
)


def _context() -> dict:
    assets = [static(path) for path in ASSETS]
    return {
        "assets": assets,
        # a new deployment with new asset names gets a new cache; the old one is dropped
        "version": hashlib.sha1(" ".join(assets).encode()).hexdigest()[:12],
        "login_url": f"{reverse('login')}?next={reverse('field-app')}",
    }


@require_GET
def app(request):
    return render(request, "field/app.html", _context())


@require_GET
@never_cache  # browsers look for a new worker on every visit; it must never be stale
def service_worker(request):
    response = render(
        request, "field/sw.js", _context(), content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = reverse("field-app")
    return response


@require_GET
def manifest(request):
    return render(
        request, "field/manifest.webmanifest", _context(), content_type="application/manifest+json"
    )
