"""Reads of equipment and its status at any date."""

from __future__ import annotations

import datetime as dt
import re

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


# --- Reads for the web pages ----------------------------------------------------------

# Codes are <POINT>-<PREFIX><nn>, as in BRIEF.md: X-DAKLAO-PC01, TV-DAKMIL-PR01.
KIND_PREFIX = {
    Equipment.Kind.COMPUTER: "PC",
    Equipment.Kind.PRINTER: "PR",
    Equipment.Kind.USB_MODEM: "MD",
    Equipment.Kind.ROUTER: "RT",
    Equipment.Kind.UPS: "UP",
    Equipment.Kind.PROJECTOR: "PJ",
    Equipment.Kind.OTHER: "TB",
}


def status_since_expression(day: dt.date):
    latest = EquipmentStatusChange.objects.filter(
        equipment=OuterRef("pk"), effective_on__lte=day
    ).order_by("-effective_on")
    return Subquery(latest.values("effective_on")[:1])


def equipment_for_list(queryset: QuerySet[Equipment], day: dt.date) -> QuerySet[Equipment]:
    """Items with their point, `status_on` the day and `status_since` (when that status began)."""
    return (
        equipment_with_status(queryset, day)
        .annotate(status_since=status_since_expression(day))
        .select_related("site")
        .order_by("code")
    )


def equipment_matching(queryset: QuerySet[Equipment], query: str) -> QuerySet[Equipment]:
    """Items whose code, serial number or model contain every word of the query."""
    for word in query.split():
        queryset = queryset.filter(
            Q(code__icontains=word) | Q(serial__icontains=word) | Q(model__icontains=word)
        )
    return queryset


def equipment_status_history(item: Equipment) -> QuerySet[EquipmentStatusChange]:
    """The item's status changes, newest first."""
    return item.status_changes.select_related("recorded_by").order_by("-effective_on")


def equipment_current_change(
    item: Equipment, day: dt.date | None = None
) -> EquipmentStatusChange | None:
    """The change that gives the item its status on the day (None before its first record)."""
    return (
        item.status_changes.filter(effective_on__lte=day or today())
        .order_by("-effective_on")
        .first()
    )


def equipment_code_suggestion(site, kind: str) -> str:
    """The point's next free code for this kind: one more than the highest number in use."""
    prefix = f"{site.code}-{KIND_PREFIX.get(kind, 'TB')}"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    codes = Equipment.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(m.group(1)) for code in codes if (m := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"
