"""The filters of the alerts list: kind, point (among those the user sees), open or not."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacnet.accounts.permissions import visible_sites
from pacnet.alerts.models import Alert


class AlertFilterForm(forms.Form):
    STATES = [
        ("open", pgettext_lazy("alert", "open")),
        ("resolved", _("resolved")),
        ("all", _("all")),
    ]

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("every kind")), *Alert.Kind.choices], required=False
    )
    site = forms.ModelChoiceField(
        label=_("Access point"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("every point"),
    )
    state = forms.ChoiceField(label=_("Show"), choices=STATES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = visible_sites(user).order_by("code")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def values(self) -> dict:
        """The filters asked; those not valid are ignored (a list is never refused)."""
        if not self.is_valid():
            return {"kind": "", "site": None, "state": "open"}
        data = self.cleaned_data
        return {"kind": data["kind"], "site": data["site"], "state": data["state"] or "open"}
