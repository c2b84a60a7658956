"""Forms of the access-point and unit pages: they check input, the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import visible_units
from pacnet.core.errors import DomainError
from pacnet.core.forms import BootstrapMixin
from pacnet.geography.hours import hours_parse, hours_text
from pacnet.geography.models import (
    AdministrativeUnit,
    Site,
    SiteStaff,
    SiteSuspension,
)
from pacnet.geography.selectors import site_hours_text, today
from pacnet.geography.services import SITE_FIELDS


def _unit_choices(user, day: dt.date):
    return visible_units(user).valid_on(day).order_by("level", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return f"{obj.name} ({obj.code})"


HOURS_HELP = _(
    "Days and times, e.g. “mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed”. "
    "Days not named are closed; empty: hours not set."
)


class HoursField(forms.CharField):
    """The weekly opening hours as text (pacnet.geography.hours), cleaned to the canonical text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Opening hours"))
        kwargs.setdefault("help_text", HOURS_HELP)
        super().__init__(required=False, max_length=300, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return hours_text(hours_parse(text))
        except DomainError as error:
            raise forms.ValidationError(error.message_dict["hours"]) from error


class SiteForm(BootstrapMixin, forms.ModelForm):
    opening_hours = HoursField()

    class Meta:
        model = Site
        fields = ["code", *SITE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "opening_hours" not in self.initial:
            self.initial["opening_hours"] = site_hours_text(self.instance)

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        cleaned = super().clean()
        opened, closed = cleaned.get("opened_on"), cleaned.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("A point cannot close before the day it opened."))
        return cleaned


class SiteCreateForm(SiteForm):
    unit = UnitChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.none(),
        help_text=_("The commune or district where the point is, as of today."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices(user, today())
        self.order_fields(["code", "name", "kind", "unit"])


class SiteUpdateForm(SiteForm):
    """The code is the point's identity in reports and imports: it is not edited."""

    class Meta(SiteForm.Meta):
        fields = [f for f in SiteForm.Meta.fields if f != "code"]


class SiteMoveForm(BootstrapMixin, forms.Form):
    unit = UnitChoiceField(label=_("New administrative unit"), queryset=AdministrativeUnit.objects)
    day = forms.DateField(
        label=_("From"), help_text=_("The first day the point belongs to the new unit.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).order_by("level", "name")
        self.fields["day"].initial = today()

    def clean(self):
        cleaned = super().clean()
        unit, day = cleaned.get("unit"), cleaned.get("day")
        if unit and day and not unit.valid_on(day):
            self.add_error("unit", _("This unit did not exist on that day."))
        return cleaned


class SiteStaffForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SiteStaff
        fields = ["full_name", "position", "phone", "part_time"]


class SiteSuspensionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SiteSuspension
        fields = ["start", "end", "reason"]
        help_texts = {"end": _("Leave empty while the point is still closed.")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The closure cannot end before it starts."))
        return cleaned


class UnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "valid_from", "valid_to"]

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("A unit cannot end before it starts."))
        return cleaned


class UnitCreateForm(UnitForm):
    parent = UnitChoiceField(
        label=_("Belongs to"), queryset=AdministrativeUnit.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _unit_choices(user, today())
        # A unit outside every unit in scope would be invisible to its own creator.
        self.fields["parent"].required = not user.is_superuser
        self.order_fields(["code", "name", "level", "parent"])


class UnitUpdateForm(UnitForm):
    class Meta(UnitForm.Meta):
        fields = [f for f in UnitForm.Meta.fields if f != "code"]
