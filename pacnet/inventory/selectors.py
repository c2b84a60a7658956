"""Reads of equipment and its status at any date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import (
    ComputerProfile,
    Equipment,
    EquipmentStatus,
    EquipmentStatusChange,
)


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
    return computer_counts_on_days(site_ids, [day])[day]


def computer_counts_on_days(site_ids, days) -> dict[dt.date, dict[int, dict[str, int]]]:
    """`computer_counts_on` for several days in one query: the one rule for working computers.

    A computer counts from its first status record; retired ones are not in service.
    """
    site_ids, days = list(site_ids), sorted(set(days))
    if not days:
        return {}
    computers = Equipment.objects.filter(site_id__in=site_ids, kind=Equipment.Kind.COMPUTER)
    changes = (
        EquipmentStatusChange.objects.filter(
            equipment_id__in=computers.values("pk"), effective_on__lte=days[-1]
        )
        .order_by("equipment_id", "effective_on", "pk")  # two changes on one day: the later
        .values_list("equipment_id", "equipment__site_id", "effective_on", "status")
    )
    history: dict[int, tuple[int, list[tuple[dt.date, str]]]] = {}
    for equipment_id, site_id, effective_on, status in changes:
        history.setdefault(equipment_id, (site_id, []))[1].append((effective_on, status))
    # Per point, one count per day, in lists: a province asks 12 days of 500 computers.
    in_service = {s: [0] * len(days) for s in site_ids}
    working = {s: [0] * len(days) for s in site_ids}
    retired, works = str(EquipmentStatus.RETIRED), str(EquipmentStatus.WORKING)
    for site_id, steps in history.values():
        # Days and steps are both in date order: one walk through each.
        step, status, served, worked = 0, None, in_service[site_id], working[site_id]
        for i, day in enumerate(days):
            while step < len(steps) and steps[step][0] <= day:
                status = steps[step][1]
                step += 1
            if status is not None and status != retired:
                served[i] += 1
                worked[i] += status == works
    return {
        day: {s: {"in_service": in_service[s][i], "working": working[s][i]} for s in site_ids}
        for i, day in enumerate(days)
    }


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


# A status tapped by mistake may be undone this long after, by whoever tapped it.
STATUS_UNDO_MINUTES = 15


def equipment_status_undoable(change: EquipmentStatusChange | None, user, now=None) -> bool:
    """May `user` still take back this change (theirs, the item's latest, minutes ago)?"""
    if change is None or not getattr(user, "pk", None) or change.recorded_by_id != user.pk:
        return False
    if (now or timezone.now()) - change.recorded_at > dt.timedelta(minutes=STATUS_UNDO_MINUTES):
        return False
    latest = change.equipment.status_changes.order_by("-effective_on").first()
    return latest is not None and latest.pk == change.pk


def equipment_code_suggestion(site, kind: str) -> str:
    """The point's next free code for this kind: one more than the highest number in use."""
    prefix = f"{site.code}-{KIND_PREFIX.get(kind, 'TB')}"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    codes = Equipment.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(m.group(1)) for code in codes if (m := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


# --- Warranty -------------------------------------------------------------------------

WARRANTY_WARNING_DAYS = 90


class Warranty:
    ENDED = "ended"
    ENDING = "ending"  # within WARRANTY_WARNING_DAYS


def warranty_ending_q(day: dt.date) -> Q:
    """Items whose warranty ends within WARRANTY_WARNING_DAYS of the day (the day included)."""
    horizon = day + dt.timedelta(days=WARRANTY_WARNING_DAYS)
    return Q(warranty_ends_on__gte=day, warranty_ends_on__lte=horizon)


def warranty_state(item: Equipment, day: dt.date | None = None) -> str | None:
    """ "ended", "ending" (within 90 days), or None (no date, or far enough away)."""
    day = day or today()
    if item.warranty_ends_on is None:
        return None
    if item.warranty_ends_on < day:
        return Warranty.ENDED
    if item.warranty_ends_on <= day + dt.timedelta(days=WARRANTY_WARNING_DAYS):
        return Warranty.ENDING
    return None


def equipment_by_warranty(
    queryset: QuerySet[Equipment], state: str, day: dt.date
) -> QuerySet[Equipment]:
    """Items whose warranty has ended by the day, or ends within 90 days of it."""
    if state == Warranty.ENDED:
        return queryset.filter(warranty_ends_on__lt=day)
    if state == Warranty.ENDING:
        return queryset.filter(warranty_ending_q(day))
    return queryset


def computer_profile_of(item: Equipment):
    """The computer's profile, or None (not a computer, or nothing known yet)."""
    if item.kind != Equipment.Kind.COMPUTER:
        return None
    return ComputerProfile.objects.filter(equipment=item).first()


@dataclass
class EquipmentGroup:
    """One kind of equipment on a point's page, with how many items work."""

    kind: str
    label: str
    items: list
    working: int = 0
    in_service: int = 0


def site_equipment_on(site: Site, day: dt.date) -> list[EquipmentGroup]:
    """The point's equipment by kind, each item with its status label on the day."""
    labels = dict(EquipmentStatus.choices)
    groups: dict[str, EquipmentGroup] = {}
    items = equipment_with_status(site.equipment.all(), day).order_by("kind", "code")
    for item in items:
        group = groups.setdefault(item.kind, EquipmentGroup(item.kind, item.get_kind_display(), []))
        item.status_label = labels.get(item.status_on, "")
        group.items.append(item)
        if item.status_on not in (None, EquipmentStatus.RETIRED):
            group.in_service += 1
        group.working += item.status_on == EquipmentStatus.WORKING
    order = [kind for kind, _label in Equipment.Kind.choices]
    return sorted(groups.values(), key=lambda g: order.index(g.kind))
