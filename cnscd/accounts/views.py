"""Home: send a signed-in user to the top of their subtree."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from cnscd.geo.selectors import units_visible_to


@login_required
def home(request):
    """One subtree → its page; several → a list to choose from; none → an explanation."""
    prefixes = request.user.unit_prefixes()
    roots = list(units_visible_to(request.user).filter(path__in=prefixes))
    if len(roots) == 1:
        return redirect("unit-detail", code=roots[0].code)
    return render(request, "accounts/home.html", {"roots": roots})
