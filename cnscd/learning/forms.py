"""Forms of the learning pages; they only parse input, the services hold the rules."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cnscd.learning.models import AnnouncementKind, Audience, TrainingMode
from cnscd.people.skills import Skill
from cnscd.teams.forms import DATE_FORMATS, DATE_WIDGET

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_steps(text: str) -> list[str]:
    """Steps typed in one box, separated by an empty line."""
    return [part.strip() for part in _BLANK_LINES.split(text.replace("\r\n", "\n")) if part.strip()]


def join_steps(steps: list[str]) -> str:
    return "\n\n".join(steps)


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    skill = forms.ChoiceField(label=_("Skill"), choices=[("", "—"), *Skill.choices], required=False)
    audience = forms.ChoiceField(
        label=_("For whom"), choices=Audience.choices, initial=Audience.RESIDENTS
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    steps = forms.CharField(
        label=_("Steps (leave an empty line between two steps)"),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    safety = forms.CharField(
        label=_("Safety warnings (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def clean_steps(self) -> list[str]:
        return split_steps(self.cleaned_data["steps"])


class GuideCreateForm(GuideForm):
    """A new guide also says where it belongs: the nation, or one province."""

    province = forms.ChoiceField(label=_("For"), required=False)

    def __init__(self, *args, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces


class StepImageForm(forms.Form):
    image = forms.ImageField(label=_("Picture"), required=False)
    remove = forms.BooleanField(label=_("Remove the picture"), required=False)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Mode"), choices=TrainingMode.choices)
    skills = forms.MultipleChoiceField(
        label=_("Skills covered"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SessionForm(forms.Form):
    course = forms.TypedChoiceField(label=_("Course"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    place = forms.CharField(label=_("Place"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=120)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, courses: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = courses


class AttendanceForm(forms.Form):
    members = forms.TypedMultipleChoiceField(
        label=_("Members who attended"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    completed = forms.BooleanField(label=_("They completed the course"), required=False)

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = members


class AnnouncementForm(forms.Form):
    unit = forms.ChoiceField(label=_("Send to everyone in"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AnnouncementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
