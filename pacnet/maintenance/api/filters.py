"""Query filters of the maintenance endpoints."""

import django_filters

from pacnet.geography.api.filters import PointCodeFilter
from pacnet.inventory.models import Equipment
from pacnet.maintenance.models import MaintenancePlan, MaintenanceVisit


class MaintenancePlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Equipment.Kind.choices)

    class Meta:
        model = MaintenancePlan
        fields = ["kind", "active"]


class MaintenanceVisitFilter(django_filters.FilterSet):
    site = PointCodeFilter()
    plan = django_filters.ModelChoiceFilter(
        queryset=MaintenancePlan.objects.all(), help_text="Id of a maintenance plan."
    )
    visited_from = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", help_text="Visits on or after this day."
    )
    visited_until = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="lte", help_text="Visits on or before this day."
    )

    class Meta:
        model = MaintenanceVisit
        fields = ["site", "plan", "visited_from", "visited_until"]
