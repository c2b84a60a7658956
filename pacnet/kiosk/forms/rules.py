"""Forms of the kiosk pages: they check input, the services check again and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.core.forms import BootstrapMixin
from pacnet.geography.forms import HoursField
from pacnet.kiosk.models import DAY_MINUTES, KioskClosure, KioskRules

MINUTE_FIELDS = ("session_minutes", "daily_minutes", "guest_session_minutes", "guest_daily_minutes")


class RulesForm(BootstrapMixin, forms.ModelForm):
    """The point's kiosk rules and its opening hours, on one page."""

    hours = HoursField()

    class Meta:
        model = KioskRules
        fields = [
            "session_minutes",
            "daily_minutes",
            "guest_session_minutes",
            "guest_daily_minutes",
            "pin_required",
            "guest_self_registration",
            "warning_minutes",
            "client_header",
            "hours",
        ]
        help_texts = {
            "warning_minutes": _("Minutes before the end, separated by commas, e.g. 5,1."),
            "client_header": _(
                "Only for Libki clients, e.g. “X-Libki-Point: daklao”; may be empty."
            ),
        }

    def __init__(self, *args, hours: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("hours", hours)
        for name in MINUTE_FIELDS:
            # A number pad on phones; the range the service enforces.
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "min": 1, "max": DAY_MINUTES}
            )
        self.fields["hours"].widget = forms.Textarea(
            attrs={**self.fields["hours"].widget.attrs, "rows": 2}
        )

    def _post_clean(self):
        pass  # the service validates the rules as a whole, and reports on the fields

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ClosureForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = KioskClosure
        fields = ["start", "end", "reason"]
        labels = {"start": _("First day"), "end": _("Last day")}

    def _post_clean(self):
        pass  # the service checks the dates and writes
