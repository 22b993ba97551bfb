"""Forms of the people pages; they only parse input, the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cnscd.people.models import Gender, Outcome, Purpose, Relation, SkillEvent
from cnscd.people.services import OutcomeIn
from cnscd.people.skills import CORE_SKILLS, SKILL_MIN_AGE, Skill
from cnscd.teams.forms import DATE_FORMATS, DATE_WIDGET

GENDER_CHOICES = [("", "—"), *Gender.choices]
# Short labels, so that the five buttons of a skill fit two rows of a 360 px screen.
OUTCOME_CHOICES = [
    ("", _("skip")),
    (Outcome.ACHIEVED, _("done")),
    (Outcome.GUIDED, _("guided")),
    (Outcome.REFUSED, Outcome.REFUSED.label),
    (Outcome.ABSENT, _("not home")),
]


class HouseholdForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    address_code = forms.CharField(
        label=_("Digital address code (if the house has one)"), max_length=40, required=False
    )


class ResidentForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    birth = forms.CharField(
        label=_("Birth date or birth year"),
        max_length=20,
        help_text=_("For example 05/03/1985, or only 1985"),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES, required=False)
    relation = forms.ChoiceField(
        label=_("Relation to the head"), choices=Relation.choices, initial=Relation.OTHER
    )
    id_number = forms.CharField(
        label=_("Personal ID number (CCCD, 12 digits)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class ResidentEditForm(ResidentForm):
    """The resident form for a correction: an empty ID number or phone keeps the stored one.

    The stored values are never put back into the form, since showing them
    is a reveal, which is audited.
    """

    moved_out_on = forms.DateField(
        label=_("Moved out on"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    deceased_on = forms.DateField(
        label=_("Deceased on"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )

    clear_phone = forms.BooleanField(label=_("Erase the stored phone number"), required=False)

    def __init__(self, *args, masked: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("id_number", "phone"):
            if masked[field]:
                self.fields[field].widget.attrs["placeholder"] = masked[field]
                self.fields[field].help_text = _("Leave empty to keep the current number.")
        if not masked["phone"]:
            del self.fields["clear_phone"]

    def clean(self):
        data = super().clean()
        if data.get("clear_phone") and data.get("phone"):
            self.add_error("clear_phone", _("Type a new number or erase the stored one, not both."))
        return data


class VisitForm(forms.Form):
    """A visit: one choice per present resident and core skill not yet achieved.

    `visit_id` is drawn when the form is shown, so a second submit of the same
    page is the same visit and the service stores it once.
    """

    visit_id = forms.UUIDField(widget=forms.HiddenInput)
    visited_on = forms.DateField(
        label=_("Visit date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Team members who came"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, residents, members, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.grid = []  # (resident, [(skill, field name, or None when already achieved)])
        for resident in residents:
            cells = []
            for skill in CORE_SKILLS:
                if year - resident.birth_year < SKILL_MIN_AGE.get(skill, 0):
                    continue  # too young for this service
                name = None
                if resident.skill_on(skill) is None:
                    name = f"outcome_{resident.pk}_{skill}"
                    self.fields[name] = forms.ChoiceField(
                        label=Skill(skill).label,
                        choices=OUTCOME_CHOICES,
                        required=False,
                        widget=forms.RadioSelect,
                    )
                cells.append((skill, name))
            self.grid.append((resident, cells))

    def grid_rows(self):
        """For the template: each resident with (skill label, achieved on, bound field or None)."""
        return [
            (
                resident,
                [
                    (Skill(skill).label, resident.skill_on(skill), name and self[name])
                    for skill, name in cells
                ],
            )
            for resident, cells in self.grid
        ]

    def outcomes(self) -> list[OutcomeIn]:
        """The outcomes chosen in a valid form; "skip" records nothing."""
        return [
            OutcomeIn(resident_id=resident.pk, skill=skill, outcome=self.cleaned_data[name])
            for resident, cells in self.grid
            for skill, name in cells
            if name and self.cleaned_data[name]
        ]


class SkillForm(forms.Form):
    skill = forms.ChoiceField(label=_("Skill"), choices=Skill.choices)
    action = forms.ChoiceField(label=_("Change"), choices=SkillEvent.Action.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class ConsentForm(forms.Form):
    GIVE, WITHDRAW = "give", "withdraw"

    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    action = forms.ChoiceField(
        label=_("Change"), choices=[(GIVE, _("gives consent")), (WITHDRAW, _("withdraws"))]
    )
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)


class WorklistForm(forms.Form):
    skill = forms.ChoiceField(
        label=_("Skill to check"), choices=Skill.choices, initial=Skill.VNEID_L2
    )


class MergeForm(forms.Form):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
