"""Forms of the equipment pages: they check input, the services do the writing."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import visible_sites
from pacnet.core.forms import BootstrapMixin
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.imports.reading import whole_number
from pacnet.inventory.models import ComputerProfile, Equipment, EquipmentStatus
from pacnet.inventory.services import PROFILE_FIELDS

MAX_VND = 10**13  # far above any item's price; keeps the number within the column


class MarkInvalidMixin:
    """Fields with an error get Bootstrap's red border, whoever added the error."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class VndField(forms.Field):
    """A sum in đồng, typed as 12500000 or 12.500.000; shown back with the separators."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        number = whole_number(text)
        if number is None or number > MAX_VND:
            raise forms.ValidationError(_("Write a whole number of đồng, e.g. 12.500.000."))
        return number


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Site) -> str:
        return f"{obj.code} – {obj.name}"


class EquipmentForm(MarkInvalidMixin, BootstrapMixin, forms.ModelForm):
    site = SiteChoiceField(
        label=_("Access point"), queryset=Site.objects.none(), to_field_name="code"
    )

    acquisition_cost = VndField(label=_("Acquisition cost (VND)"))

    class Meta:
        model = Equipment
        fields = [
            "site",
            "kind",
            "code",
            "model",
            "serial",
            "acquired_on",
            "funding_source",
            "acquisition_cost",
            "warranty_ends_on",
            "end_of_life_on",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = visible_sites(user).order_by("code")


class EquipmentCreateForm(EquipmentForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=EquipmentStatus.choices, initial=EquipmentStatus.WORKING
    )
    status_on = forms.DateField(
        label=_("Status since"), help_text=_("Usually the day the item was put in service.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_on"].initial = today()
        self.fields["code"].help_text = _("Point code, kind and number, e.g. X-DAKLAO-PC06.")
        # Choosing the point or the kind asks the page again for the next free code.
        suggest = {
            "hx-get": reverse("inventory:equipment_create"),
            "hx-trigger": "change",
            "hx-include": "#id_site, #id_kind",
            "hx-target": "#code-field",
            "hx-select": "#code-field",
            "hx-swap": "outerHTML",
        }
        for name in ("site", "kind"):
            self.fields[name].widget.attrs.update(suggest)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class EquipmentUpdateForm(EquipmentForm):
    """The code is the item's identity in pages and reports: it is not edited."""

    class Meta(EquipmentForm.Meta):
        fields = [f for f in EquipmentForm.Meta.fields if f != "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The point is chosen by its code, so the initial value must be the code too.
        self.initial["site"] = self.instance.site.code


class ComputerProfileForm(MarkInvalidMixin, BootstrapMixin, forms.ModelForm):
    """The hardware and software of a computer, as seen by the person at the point."""

    class Meta:
        model = ComputerProfile
        fields = list(PROFILE_FIELDS)
        help_texts = {
            "accessibility_tools": _("e.g. NVDA screen reader, magnifier"),
            "os_version": _("e.g. 10 22H2"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="profile", **kwargs)


class StatusChangeForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    """Each status is a button of its own: one tap says "this PC is broken"."""

    status = forms.ChoiceField(label=_("New status"), choices=EquipmentStatus.choices)
    effective_on = forms.DateField(label=_("Since"))
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. does not start, screen broken")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = today()
