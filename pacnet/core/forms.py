"""Shared form parts: the Bootstrap look every form has, service errors on fields, uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pacnet.core.tabular import MAX_BYTES
from pacnet.core.validators import no_control_characters

DATE_PLACEHOLDER = "dd/mm/yyyy"


class DateInput(forms.DateInput):
    """A plain text box: old phones' date pickers are worse than typing dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class BootstrapMixin:
    """Bootstrap classes on every widget, dates typed as dd/mm/yyyy, no control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):  # typed text, refused alike by the imports
                field.validators = [*field.validators, no_control_characters]
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 3
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                field.empty_label = _("Choose…")
            elif isinstance(field, forms.TypedChoiceField) and field.choices[:1] == [
                ("", "---------")
            ]:
                field.choices = [("", _("Choose…")), *field.choices[1:]]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"
                widget.attrs["aria-invalid"] = "true"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal next to the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
