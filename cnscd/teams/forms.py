"""Forms of the team pages; they only parse input, the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cnscd.teams.models import (
    ActivityKind,
    Background,
    DigitalModel,
    Gender,
    MemberRole,
    TeamStatus,
    TelecomOperator,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    decision_body = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    publish_contact = forms.BooleanField(
        label=_("Publish the leader's name and phone on the village's public page"), required=False
    )


class TeamStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TeamStatus.choices)
    on = forms.DateField(label=_("From"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(
        label=_("Role in the team"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    background = forms.ChoiceField(
        label=_("Background"), choices=Background.choices, initial=Background.OTHER
    )
    telecom_operator = forms.ChoiceField(
        label=_("Telecom operator"), choices=[("", "—"), *TelecomOperator.choices], required=False
    )
    joined_on = forms.DateField(
        label=_("Joined on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class InviteForm(forms.Form):
    username = forms.CharField(label=_("User name for the new account"), max_length=40)


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AdoptionForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Digital model"), queryset=DigitalModel.objects.filter(is_active=True)
    )
    since = forms.DateField(label=_("Since"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
