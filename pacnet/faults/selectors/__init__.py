"""Reads of faults and repairs: lists, timelines, and the upkeep indicators."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import Action, user_may
from pacnet.faults.models import OPEN_STATUSES, TRANSITIONS, Fault, FaultStatus, Repair
from pacnet.geography.models import Site
from pacnet.geography.selectors import site_status_expression
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status, status_since_expression
from pacnet.usage.models import Session

# Open faults by age in days: (label, first day, last day or None).
AGE_BUCKETS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("90+", 91, None))


def faults_for_list(queryset: QuerySet[Fault]) -> QuerySet[Fault]:
    """Faults with what a list row shows, in one query."""
    return queryset.select_related("site", "equipment", "assigned_to").order_by(
        "-reported_at", "-pk"
    )


def fault_age_days(fault: Fault, day: dt.date | None = None) -> int:
    """Days since the report: up to the closing for a closed fault, up to the day otherwise."""
    end = timezone.localdate(fault.closed_at) if fault.closed_at else (day or timezone.localdate())
    return (end - timezone.localdate(fault.reported_at)).days


def faults_older_than(queryset: QuerySet[Fault], days: int, day: dt.date) -> QuerySet[Fault]:
    """Faults reported more than `days` days before the day (local days)."""
    return queryset.filter(reported_at__lt=day_start(day - dt.timedelta(days=days)))


def fault_timeline(fault: Fault):
    return fault.events.select_related("actor", "assigned_to").order_by("at", "pk")


def fault_repairs(fault: Fault) -> QuerySet[Repair]:
    return fault.repairs.select_related("equipment", "recorded_by").order_by("done_on", "pk")


def fault_next_statuses(user, fault: Fault) -> list[str]:
    """The statuses this user may move the fault to now (none without the right to change it)."""
    if not user_may(user, Action.CHANGE, fault):
        return []
    return [s for s in FaultStatus.values if s in TRANSITIONS[fault.status]]


def fault_technicians(fault: Fault) -> list[User]:
    """Active users who may repair this fault: library staff and province administrators."""
    candidates = User.objects.filter(
        is_active=True, role__in=[Role.LIBRARY_STAFF, Role.PROVINCE_ADMIN]
    ).order_by("role", "username")
    return [u for u in candidates if user_may(u, Action.CHANGE, fault)]


def repairs_for_list(queryset: QuerySet[Repair]) -> QuerySet[Repair]:
    return queryset.select_related("site", "equipment", "fault").order_by("-done_on", "-pk")


# --- Automatic faults ------------------------------------------------------------------


def silent_computers(
    *, today: dt.date, days: int, kiosk_silent_before: dt.datetime | None = None
) -> QuerySet[Equipment]:
    """Computers working for at least `days` days at an open point, with no session in them;
    and (with `kiosk_silent_before`) working computers whose kiosk was last heard before then.

    Each has `kiosk_last_seen` (None without a kiosk). Those that already have an open
    "computer silent" fault are left out.
    """
    since = today - dt.timedelta(days=days)
    recent = Session.objects.filter(computer=OuterRef("pk"), day__gt=since, day__lte=today)
    open_silent = Fault.objects.filter(
        equipment=OuterRef("pk"), rule=Fault.Rule.SILENT_COMPUTER, status__in=OPEN_STATUSES
    )
    open_sites = Site.objects.annotate(state=site_status_expression(today)).filter(
        state=Site.Status.OPEN
    )
    unused = Q(status_since__lte=since) & ~Exists(recent)
    if kiosk_silent_before is not None:
        unused |= Q(presence__last_seen__lt=kiosk_silent_before)
    return (
        equipment_with_status(Equipment.objects.filter(kind=Equipment.Kind.COMPUTER), today)
        .annotate(
            status_since=status_since_expression(today), kiosk_last_seen=F("presence__last_seen")
        )
        .filter(status_on=EquipmentStatus.WORKING)
        .filter(unused)
        .filter(site__in=open_sites.values("pk"))
        .exclude(Exists(open_silent))
        .select_related("site")
        .order_by("code")
    )


def open_internet_line_fault(site: Site) -> Fault | None:
    return (
        Fault.objects.filter(
            site=site, category=Fault.Category.INTERNET_LINE, status__in=OPEN_STATUSES
        )
        .order_by("reported_at")
        .first()
    )


# --- Indicators -----------------------------------------------------------------------


def open_faults_by_age(site_ids: Iterable[int], day: dt.date) -> dict[int, dict[str, int]]:
    """Per point: faults open at the end of the day, counted by age bucket (days)."""
    site_ids = list(site_ids)
    counts = {s: {label: 0 for label, _a, _b in AGE_BUCKETS} for s in site_ids}
    end = day_start(day + dt.timedelta(days=1))
    rows = (
        Fault.objects.filter(site_id__in=site_ids, reported_at__lt=end)
        .exclude(closed_at__lt=end)
        .values_list("site_id", "reported_at")
    )
    for site_id, reported_at in rows:
        age = (day - timezone.localdate(reported_at)).days
        counts[site_id][_bucket(age)] += 1
    return counts


def _bucket(age: int) -> str:
    for label, first, last in AGE_BUCKETS:
        if age >= first and (last is None or age <= last):
            return label
    return AGE_BUCKETS[0][0]


def mean_time_to_repair(
    site_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[int, float | None]:
    """Per point: mean days from report to fixed/replaced, of faults closed in [start, end]."""
    site_ids = list(site_ids)
    durations: dict[int, list[float]] = defaultdict(list)
    rows = Fault.objects.filter(
        site_id__in=site_ids,
        status__in=[FaultStatus.FIXED, FaultStatus.REPLACED],
        closed_at__gte=day_start(start),
        closed_at__lt=day_start(end + dt.timedelta(days=1)),
    ).values_list("site_id", "reported_at", "closed_at")
    for site_id, reported_at, closed_at in rows:
        durations[site_id].append((closed_at - reported_at).total_seconds() / 86400)
    return {
        s: (round(sum(durations[s]) / len(durations[s]), 1) if durations[s] else None)
        for s in site_ids
    }


def repair_cost_per_item(
    equipment_ids: Iterable[int], start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, int]:
    """Per item: the total cost (VND) of its repairs, replacements and upgrades in the period."""
    equipment_ids = list(equipment_ids)
    repairs = Repair.objects.filter(equipment_id__in=equipment_ids)
    if start:
        repairs = repairs.filter(done_on__gte=start)
    if end:
        repairs = repairs.filter(done_on__lte=end)
    sums = repairs.values("equipment_id").annotate(total=Sum("cost"))
    totals = dict(sums.values_list("equipment_id", "total"))
    return {e: int(totals.get(e) or 0) for e in equipment_ids}


def day_start(day: dt.date) -> dt.datetime:
    """The first instant of a local day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
