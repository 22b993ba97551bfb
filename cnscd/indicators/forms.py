from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnscd.indicators.models import Indicator


class TargetForm(forms.Form):
    """Parses the target form; `indicators.services.target_set` checks the range."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    rate = forms.DecimalField(label=_("Target rate (%)"), max_digits=6, decimal_places=2)
