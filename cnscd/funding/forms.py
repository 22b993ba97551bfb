"""Forms of the funding pages; they only parse input, the services hold the rules."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cnscd.funding.models import Basis, ContributionKind
from cnscd.geo.models import Kind, Unit
from cnscd.teams.forms import DATE_FORMATS, DATE_WIDGET
from cnscd.vntext.money import MoneyError, group_thousands, parse_dong


class MoneyField(forms.CharField):
    """An amount typed the Vietnamese way (`3.000.000`, `3000000`, `3.000.000 đ`) as whole đồng."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_dong(text)
        except MoneyError as e:
            raise forms.ValidationError(gettext(e.message) % e.params, code=e.code) from None

    def prepare_value(self, value):
        return group_thousands(value) if isinstance(value, int) else value


class PolicyForm(forms.Form):
    reference = forms.CharField(label=_("Legal reference"), max_length=200)
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices)
    amount = MoneyField(label=_("Amount (đồng)"))
    cap_per_year = MoneyField(label=_("Cap per team per year (đồng)"), required=False)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    valid_to = forms.DateField(
        label=_("Valid to"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    additive = forms.BooleanField(
        label=_("Adds to other policies (may overlap them)"), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Only these communes (none: the whole unit)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    area_label = forms.CharField(label=_("Area covered, in words"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        if unit.kind == Kind.PROVINCE:
            communes = Unit.objects.current().filter(parent=unit, kind=Kind.COMMUNE)
            self.fields["areas"].queryset = communes.order_by("sort_key", "code")
        else:
            del self.fields["areas"]


class PaymentForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    period = forms.CharField(label=_("Period paid for (2025, 2025-Q3 or 2025-08)"), max_length=7)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    reference = forms.CharField(label=_("Voucher reference"), max_length=100)
    amount = MoneyField(label=_("Amount (đồng)"))
    override = forms.BooleanField(label=_("Pay more than is owed"), required=False)
    override_reason = forms.CharField(
        label=_("Reason for paying more than owed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, teams: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams


class ContributionForm(forms.Form):
    unit = forms.ChoiceField(label=_("For"))
    donor = forms.CharField(label=_("Donor"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices)
    amount = MoneyField(label=_("Amount, or estimated value of the goods (đồng)"), required=False)
    item = forms.CharField(label=_("Goods given"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    received_on = forms.DateField(
        label=_("Received on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
