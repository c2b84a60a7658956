"""The filters of the access-point list: search, unit as of a day, kind, status, origin."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import visible_sites, visible_units
from pacnet.core.forms import BootstrapMixin
from pacnet.geography.forms import UnitChoiceField
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import hierarchy_on, site_ids_matching, sites_with_state, today


def _any(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class SiteFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    as_of = forms.DateField(label=_("As of"), required=False)
    unit = UnitChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
        error_messages={"invalid_choice": _("Pick a unit that existed on the chosen day.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(Site.Kind.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_any(Site.Status.choices), required=False)
    origin = forms.ChoiceField(label=_("Origin"), choices=_any(Site.Origin.choices), required=False)

    def __init__(self, data, *, user):
        data = data.copy()
        if not data.get("as_of"):
            data["as_of"] = today().strftime("%d/%m/%Y")
        super().__init__(data)
        self.user = user
        self.day = self._day_asked()
        # Only the units of that day: a user looking at 2019 picks among the districts of 2019.
        self.fields["unit"].queryset = (
            visible_units(user).valid_on(self.day).order_by("level", "name")
        )
        self.fields["q"].widget.attrs["placeholder"] = _("Code, name, host or address")

    def _day_asked(self) -> dt.date:
        field = self.fields["as_of"]
        try:
            return field.clean(self.data.get("as_of")) or today()
        except forms.ValidationError:
            return today()

    def sites(self) -> QuerySet[Site]:
        """The visible points that pass the filters, annotated as of the chosen day."""
        sites = sites_with_state(visible_sites(self.user), self.day)
        if not self.is_valid():
            return sites.none()
        data = self.cleaned_data
        if data["unit"]:
            sites = sites.filter(pk__in=hierarchy_on(self.day).site_ids_under([data["unit"].pk]))
        for name in ("kind", "origin"):
            if data[name]:
                sites = sites.filter(**{name: data[name]})
        if data["status"]:
            sites = sites.filter(status_on=data["status"])
        if data["q"].strip():
            sites = sites.filter(pk__in=site_ids_matching(sites, data["q"]))
        return sites.order_by("code")
