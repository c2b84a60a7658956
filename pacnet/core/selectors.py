"""Reads shared across domains: the figures on the home page."""

from __future__ import annotations

from django.db.models import Count

from pacnet.accounts.permissions import restrict_to_scope, visible_sites
from pacnet.geography.models import Site
from pacnet.geography.selectors import sites_with_state, today
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status


def home_summary(user) -> dict:
    day = today()
    sites = sites_with_state(visible_sites(user), day)
    by_status = dict(sites.values_list("status_on").annotate(n=Count("pk")).order_by())
    computers = equipment_with_status(
        restrict_to_scope(user, Equipment.objects.filter(kind=Equipment.Kind.COMPUTER)), day
    )
    by_equipment_status = dict(
        computers.values_list("status_on").annotate(n=Count("pk")).order_by()
    )
    return {
        "day": day,
        "sites_total": sum(by_status.values()),
        "sites_open": by_status.get(Site.Status.OPEN, 0),
        "sites_suspended": by_status.get(Site.Status.SUSPENDED, 0),
        "computers_working": by_equipment_status.get(EquipmentStatus.WORKING, 0),
        "computers_faulty": by_equipment_status.get(EquipmentStatus.FAULTY, 0)
        + by_equipment_status.get(EquipmentStatus.UNDER_REPAIR, 0),
    }
