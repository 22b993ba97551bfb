"""The public pages under `/p/`: no login, rate-limited per address, cached for a few minutes.

`/p/` is the national page and `/p/<code>` the page of any unit; a village's
page is what the QR code on its poster (`/p/<code>/poster.pdf`) opens. The
published guides are public too (`/p/guides/…`). These views never touch
`request.user` or the session: the response must be the same for everyone,
so that the cache can serve it (and so no cookie varies it). Only answers
200 are cached, so an unknown code always gets a fresh "not found".
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page

from cnscd.geo.models import COUNTRY_CODE, Kind, Unit
from cnscd.learning.printouts import guide_sheet_pdf, pdf_response, poster_pdf
from cnscd.learning.public import closed_unit, public_unit, public_village, unit_trail
from cnscd.learning.ratelimit import rate_limited
from cnscd.learning.selectors import guide_get_public, guides_published, guides_search

PUBLIC_TTL = 300  # seconds: figures a few minutes old are fine for the public
GUIDES_PER_PAGE = 50


def public_page(view):
    """Rate limit first (cached answers count too), then the page cache."""
    return rate_limited(cache_page(PUBLIC_TTL)(view))


def _missing(request, code: str) -> HttpResponse:
    """A QR code or link to a code that is not a current unit: say what happened, clearly."""
    closed = closed_unit(code)
    if closed is not None:
        return render(request, "learning/public/closed.html", {"closed": closed}, status=410)
    return render(request, "learning/public/unknown.html", {"code": code}, status=404)


@public_page
def national(request):
    country = Unit.objects.current().get(code=COUNTRY_CODE)
    context = {"page": public_unit(country, today=timezone.localdate())}
    return render(request, "learning/public/unit.html", context)


@public_page
def unit_page(request, code: str):
    unit = Unit.objects.current().filter(code=code).first()
    if unit is None:
        return _missing(request, code)
    if unit.kind == Kind.VILLAGE:
        return render(request, "learning/public/village.html", {"page": public_village(unit)})
    context = {"page": public_unit(unit, today=timezone.localdate())}
    return render(request, "learning/public/unit.html", context)


@public_page
def poster(request, code: str):
    """A4 poster with the QR code of the unit's public page (its absolute address)."""
    unit = Unit.objects.current().filter(code=code).first()
    if unit is None:
        return _missing(request, code)
    url = request.build_absolute_uri(reverse("public-unit", args=[unit.code]))
    trail = [u["name"] for u in unit_trail(unit) if u["code"] != COUNTRY_CODE]
    return pdf_response(poster_pdf(name=unit.name, trail=trail, url=url), f"ma-qr-{unit.code}.pdf")


@public_page
def guide_list(request):
    query = request.GET.get("q", "").strip()[:100]
    found = guides_search(guides_published(), query)
    page = Paginator(found, GUIDES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "guides": page.object_list, "q": query, "query": request.GET}
    return render(request, "learning/public/guides.html", context)


@public_page
def guide_detail(request, slug: str):
    guide = guide_get_public(slug=slug)
    return render(request, "learning/public/guide.html", {"guide": guide})


@public_page
def guide_sheet(request, slug: str):
    """The guide on one printable A4 page."""
    guide = guide_get_public(slug=slug)
    url = request.build_absolute_uri(reverse("public-guide", args=[guide.slug]))
    return pdf_response(guide_sheet_pdf(guide, url=url), f"{guide.slug}.pdf")
