"""Query filters of the equipment endpoints."""

import django_filters

from pacnet.accounts.permissions import visible_sites
from pacnet.inventory.models import Equipment, EquipmentStatus


def _sites_in_scope(request):
    return visible_sites(getattr(request, "user", None))


class EquipmentFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=_sites_in_scope, to_field_name="code", help_text="Code of an access point."
    )
    status = django_filters.ChoiceFilter(
        field_name="status_on", choices=EquipmentStatus.choices, help_text="Status on `as_of`."
    )

    class Meta:
        model = Equipment
        fields = ["site", "kind", "status"]
