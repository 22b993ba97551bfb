from django import forms
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import VILLAGE_DIVISIONS, Division


class VillageForm(forms.Form):
    """Name and kind of a new village; the service checks the rest."""

    name = forms.CharField(label=_("Village name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(d.value, d.label) for d in VILLAGE_DIVISIONS],
        initial=Division.THON,
    )


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), max_length=120, required=False)
