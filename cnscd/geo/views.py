"""Village creation for officers, and unit search. The unit page itself is `indicators.views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cnscd.errors import ServiceError, add_service_error, require
from cnscd.geo.forms import UnitSearchForm, VillageForm
from cnscd.geo.selectors import unit_get_for, units_search
from cnscd.geo.services import village_create


@login_required
@require_POST
def village_add(request, code: str):
    commune = unit_get_for(request.user, code=code)
    require(request.user.can_manage(commune.path))
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            village = village_create(
                commune=commune,
                name=form.cleaned_data["name"],
                division=form.cleaned_data["kind"],
                by=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(
                request,
                _("Created %(name)s with code %(code)s.")
                % {"name": village.name, "code": village.code},
            )
            return redirect("unit-detail", code=commune.code)
    return render(request, "geo/village_form.html", {"unit": commune, "form": form}, status=400)


@login_required
def unit_search(request):
    form = UnitSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = units_search(request.user, query=query).select_related("parent")[:50]
    return render(
        request, "geo/unit_search.html", {"form": form, "query": query, "results": results}
    )
