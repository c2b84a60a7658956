"""Query filters of the Internet line endpoints."""

import django_filters

from pacnet.accounts.permissions import visible_sites
from pacnet.connectivity.models import InternetLine, LineOutage


def _sites_in_scope(request):
    return visible_sites(getattr(request, "user", None))


class InternetLineFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=_sites_in_scope, to_field_name="code", help_text="Code of an access point."
    )
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
