"""Reads of equipment and its status at any date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange


def status_on_expression(day: dt.date):
    latest = EquipmentStatusChange.objects.filter(
        equipment=OuterRef("pk"), effective_on__lte=day
    ).order_by("-effective_on")
    return Subquery(latest.values("status")[:1])


def equipment_with_status(queryset: QuerySet[Equipment], day: dt.date | None = None):
    """Annotate `status_on`: the item's status on the day (None before its first record)."""
    return queryset.annotate(status_on=status_on_expression(day or today()))


def equipment_status_on(equipment: Equipment, day: dt.date | None = None) -> str | None:
    change = equipment.status_changes.filter(effective_on__lte=day or today()).first()
    return change.status if change else None


def computer_counts_on(site_ids, day: dt.date) -> dict[int, dict[str, int]]:
    """Per point: computers in service on the day (not retired) and those in working order."""
    rows = (
        equipment_with_status(
            Equipment.objects.filter(site_id__in=site_ids, kind=Equipment.Kind.COMPUTER), day
        )
        .exclude(status_on__isnull=True)
        .exclude(status_on=EquipmentStatus.RETIRED)
        .values("site_id")
        .annotate(
            in_service=Count("pk"),
            working=Count("pk", filter=Q(status_on=EquipmentStatus.WORKING)),
        )
    )
    counts = {site_id: {"in_service": 0, "working": 0} for site_id in site_ids}
    for row in rows:
        counts[row["site_id"]] = {"in_service": row["in_service"], "working": row["working"]}
    return counts
