from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cnscd.geo.models import Unit
from cnscd.imports.models import Kind


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the list holds"), choices=Kind.choices)
    file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=_("xlsx, xls or csv; title rows above the header are fine."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    village = forms.ModelChoiceField(
        label=_("Village of the list"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— given in the Mã thôn column —"),
        help_text=_("For a list of one village without a Mã thôn column."),
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                code="file_too_large",
                params={
                    "size": f"{upload.size / 1e6:.1f}",
                    "limit": f"{settings.IMPORT_MAX_BYTES / 1e6:.0f}",
                },
            )
        return upload
