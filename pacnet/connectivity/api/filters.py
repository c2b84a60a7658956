"""Query filters of the Internet line endpoints."""

import django_filters

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.geography.api.filters import PointCodeFilter


class InternetLineFilter(django_filters.FilterSet):
    site = PointCodeFilter()
    down = django_filters.BooleanFilter(
        method="filter_down",
        help_text="true: the lines down now (an outage with no end); false: the others.",
    )

    class Meta:
        model = InternetLine
        fields = ["site", "provider", "status", "down"]

    def filter_down(self, queryset, name, value):
        down = LineOutage.objects.filter(end__isnull=True).values("line_id")
        return queryset.filter(pk__in=down) if value else queryset.exclude(pk__in=down)
