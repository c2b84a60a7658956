"""Query filters of the geography endpoints."""

import django_filters
from django.forms import ModelChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from pacnet.accounts.permissions import Action, user_may, visible_sites
from pacnet.core.api import as_of_date
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import sites_under_unit


def _sites_in_scope(request):
    return visible_sites(getattr(request, "user", None))


class PointCodeFilter(django_filters.ModelChoiceFilter):
    """`?site=<point code>` among the points the user may see: another point's code is
    refused exactly as one that does not exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Code of an access point.")
        super().__init__(queryset=_sites_in_scope, to_field_name="code", **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class UnitCodeFilter(django_filters.ModelChoiceFilter):
    """A unit given by its code (documented as a string, not as a database id)."""


class UnitFilter(django_filters.FilterSet):
    class Meta:
        model = AdministrativeUnit
        fields = ["level"]


class SiteFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="status_on", choices=Site.Status.choices)
    # Every unit is looked up; scope is checked only for the one asked for (it is costly).
    unit = UnitCodeFilter(
        queryset=AdministrativeUnit.objects.all(),
        to_field_name="code",
        method="filter_unit",
        help_text="Code of a unit: the points under it on the `as_of` day.",
    )

    class Meta:
        model = Site
        fields = ["kind", "origin", "status", "unit"]

    def filter_unit(self, queryset, name, value):
        if not user_may(self.request.user, Action.VIEW, value):
            message = ModelChoiceField.default_error_messages["invalid_choice"]
            raise ValidationError({"unit": [message]})
        day = as_of_date(self.request)
        return queryset.filter(pk__in=sites_under_unit(value, day=day).values("pk"))
