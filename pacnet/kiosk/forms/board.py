"""Forms of the kiosk pages: they check input, the services check again and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacnet.core.forms import BootstrapMixin
from pacnet.kiosk.models import Instruction, Reservation

EXTENSIONS = (15, 30)


class SessionForm(forms.Form):
    """The session the staffer saw on the board: an action applies to that one only."""

    session = forms.IntegerField(min_value=1)


class ExtendForm(SessionForm):
    minutes = forms.TypedChoiceField(choices=[(m, m) for m in EXTENSIONS], coerce=int)


class InstructionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=Instruction.Kind.choices)
    text = forms.CharField(label=_("Message"), max_length=500, required=False)


class ReservationAddForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Name or number"), max_length=80)
    person_code = forms.CharField(label=_("Card or guest pass"), max_length=40, required=False)
    computer = forms.ModelChoiceField(
        label=_("Computer"), queryset=None, required=False, empty_label=_("Any computer")
    )
    at = forms.TimeField(
        label=_("From (today)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, computers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computer"].queryset = computers

    def clean(self):
        data = super().clean()
        if data.get("computer") and not data.get("at"):
            self.add_error("at", _("Give the time from which the computer is booked."))
        if data.get("at") and not data.get("computer"):
            self.add_error("computer", _("Choose the computer to book."))
        return data

    def starts_at(self) -> dt.datetime | None:
        at = self.cleaned_data.get("at")
        if at is None:
            return None
        return timezone.make_aware(dt.datetime.combine(timezone.localdate(), at))


class ReservationForm(forms.Form):
    reservation = forms.ModelChoiceField(queryset=Reservation.objects.none())

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservation"].queryset = Reservation.objects.filter(site=site)


class PrintJobForm(forms.Form):
    job = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs


class NodeForm(forms.Form):
    node = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class NodeLinkForm(NodeForm):
    computer = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, computers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computer"].queryset = computers
