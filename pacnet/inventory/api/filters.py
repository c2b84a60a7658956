"""Query filters of the equipment endpoints."""

import django_filters

from pacnet.geography.api.filters import PointCodeFilter
from pacnet.inventory.models import Equipment, EquipmentStatus


class EquipmentFilter(django_filters.FilterSet):
    site = PointCodeFilter()
    status = django_filters.ChoiceFilter(
        field_name="status_on", choices=EquipmentStatus.choices, help_text="Status on `as_of`."
    )

    class Meta:
        model = Equipment
        fields = ["site", "kind", "status"]
