"""The filters of the equipment list: point, kind, status on a day, funding, warranty, search."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import restrict_to_scope, visible_sites
from pacnet.core.forms import BootstrapMixin
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.forms import SiteChoiceField
from pacnet.inventory.models import Equipment, EquipmentStatus, FundingSource
from pacnet.inventory.selectors import (
    Warranty,
    equipment_by_warranty,
    equipment_for_list,
    equipment_matching,
)


def _any(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class EquipmentFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    site = SiteChoiceField(
        label=_("Access point"),
        queryset=Site.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(Equipment.Kind.choices), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_any(EquipmentStatus.choices), required=False
    )
    day = forms.DateField(label=_("Status on"), required=False)
    funding_source = forms.ChoiceField(
        label=_("Funding source"), choices=_any(FundingSource.choices), required=False
    )
    warranty = forms.ChoiceField(
        label=_("Warranty"),
        choices=_any(
            [
                (Warranty.ENDING, _("ends within 90 days")),
                (Warranty.ENDED, _("has ended")),
            ]
        ),
        required=False,
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.fields["site"].queryset = visible_sites(user).order_by("code")
        self.fields["q"].widget.attrs["placeholder"] = _("Code, serial number or model")

    @property
    def day_asked(self) -> dt.date:
        """The chosen day; today when none (or a malformed one) was given."""
        return (self.cleaned_data.get("day") if self.is_valid() else None) or today()

    def equipment(self) -> QuerySet[Equipment]:
        """The visible items that pass the filters, with their status on the chosen day."""
        items = equipment_for_list(
            restrict_to_scope(self.user, Equipment.objects.all()), self.day_asked
        )
        if not self.is_valid():
            return items.none()
        data = self.cleaned_data
        if data["site"]:
            items = items.filter(site=data["site"])
        if data["kind"]:
            items = items.filter(kind=data["kind"])
        if data["status"]:
            items = items.filter(status_on=data["status"])
        if data["funding_source"]:
            items = items.filter(funding_source=data["funding_source"])
        if data["warranty"]:
            items = equipment_by_warranty(items, data["warranty"], today())
        if data["q"].strip():
            items = equipment_matching(items, data["q"])
        return items
