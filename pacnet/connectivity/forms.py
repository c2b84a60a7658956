"""Forms of a point's Internet line: the contract, the outage buttons, a past outage from a log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.core.forms import BootstrapMixin

DATETIME_PLACEHOLDER = "dd/mm/yyyy hh:mm"


class InternetLineForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = InternetLine
        fields = [
            "provider",
            "contract_number",
            "bandwidth_mbps",
            "upload_mbps",
            "monthly_fee",
            "discount_percent",
            "active_from",
            "active_to",
        ]
        help_texts = {
            "discount_percent": _("For example 70 for Viettel's 70 percent discount."),
            "active_to": _("Leave empty while the contract runs."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("The contract cannot end before it starts."))
        return cleaned


class InternetLineUpdateForm(InternetLineForm):
    class Meta(InternetLineForm.Meta):
        fields = [*InternetLineForm.Meta.fields, "status"]


class DateTimeInput(forms.DateTimeInput):
    """A plain text box, like the dates: typed as dd/mm/yyyy hh:mm."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": DATETIME_PLACEHOLDER, **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y %H:%M")


class LineDownForm(BootstrapMixin, forms.Form):
    """The "Line is down" button: the cause is optional, the time is now."""

    cause = forms.ChoiceField(
        label=_("Cause, if you know it"),
        choices=LineOutage.Cause.choices,
        initial=LineOutage.Cause.UNKNOWN,
        required=False,
    )


class LineOutageForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LineOutage
        fields = ["start", "end", "cause", "note"]
        widgets = {"start": DateTimeInput(), "end": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The line cannot be back before it went down."))
        return cleaned
