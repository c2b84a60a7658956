"""The upload form of the import pages: a file, and whether to check only or to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.core.tabular import MAX_BYTES

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    CHECK, IMPORT = "check", "import"

    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
    )
    # Set by the button pressed; a missing value only checks, so nothing is written by accident.
    mode = forms.ChoiceField(
        choices=[(CHECK, _("Check only")), (IMPORT, _("Import"))], required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files."),
                params={"size": MAX_BYTES // (1024 * 1024)},
            )
        return upload

    @property
    def check_only(self) -> bool:
        return self.cleaned_data.get("mode") != self.IMPORT
