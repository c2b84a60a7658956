"""Query filter of the plans endpoint: the plan in force on a day."""

import django_filters

from pacnet.plans.models import Plan


class PlanFilter(django_filters.FilterSet):
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on",
        help_text="A day (YYYY-MM-DD): only the plan whose period contains it.",
    )

    class Meta:
        model = Plan
        fields = ["in_force_on"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)
