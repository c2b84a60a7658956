"""What is alarming today (the rules behind each kind of alert), and the alerts a user sees.

Each rule is a constant number of queries over the whole network; `alerts_refresh` compares
their result with the open alerts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from pacnet.accounts.permissions import restrict_to_scope
from pacnet.alerts import messages as m
from pacnet.alerts.models import Alert
from pacnet.connectivity.models import InternetLine
from pacnet.connectivity.selectors import line_availability
from pacnet.faults.models import OPEN_STATUSES, Fault
from pacnet.faults.selectors import day_start, faults_older_than
from pacnet.geography.models import Site
from pacnet.geography.selectors import site_status_expression
from pacnet.inventory.models import Equipment
from pacnet.inventory.selectors import (
    computer_counts_on,
    equipment_with_status,
    warranty_ending_q,
)
from pacnet.maintenance.selectors import IN_SERVICE, maintenance_schedule
from pacnet.plans.selectors import Thresholds, plan_in_force

FAULT_OPEN_DAYS = 30  # a fault open longer than this raises an alert
LINE_AVAILABILITY_MIN = 0.95  # last month's availability below this raises an alert
PANEL_SIZE = 10


@dataclass(frozen=True)
class Condition:
    """One alarming fact today: what `alerts_refresh` keeps as an open alert."""

    kind: str
    site_id: int
    subject_key: str
    message: str
    params: dict = field(default_factory=dict, hash=False)


def open_site_ids(today: dt.date) -> list[int]:
    """Points open today (not planned, suspended or closed): the only ones alerts are about."""
    sites = Site.objects.annotate(state=site_status_expression(today))
    return list(sites.filter(state=Site.Status.OPEN).values_list("pk", flat=True))


def _items_in_service(site_ids: list[int], today: dt.date) -> QuerySet[Equipment]:
    items = Equipment.objects.filter(site_id__in=site_ids)
    return equipment_with_status(items, today).filter(status_on__in=IN_SERVICE)


def warranty_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """Items in service whose warranty ends within 90 days (today included)."""
    items = _items_in_service(site_ids, today).filter(warranty_ending_q(today))
    return [
        Condition(
            Alert.Kind.WARRANTY_ENDING,
            site_id,
            f"warranty:{pk}:{ends_on.isoformat()}",
            m.WARRANTY_ENDING,
            {"item": code, "ends_on": ends_on.isoformat()},
        )
        for pk, site_id, code, ends_on in items.values_list(
            "pk", "site_id", "code", "warranty_ends_on"
        ).order_by("code")
    ]


def end_of_life_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """Computers in service whose expected end of life is before today."""
    items = _items_in_service(site_ids, today).filter(
        kind=Equipment.Kind.COMPUTER, end_of_life_on__lt=today
    )
    return [
        Condition(
            Alert.Kind.END_OF_LIFE,
            site_id,
            f"end_of_life:{pk}:{end.isoformat()}",
            m.END_OF_LIFE,
            {"item": code, "end_of_life_on": end.isoformat()},
        )
        for pk, site_id, code, end in items.values_list(
            "pk", "site_id", "code", "end_of_life_on"
        ).order_by("code")
    ]


def fault_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """Faults still open that were reported more than 30 days before today."""
    faults = faults_older_than(
        Fault.objects.filter(site_id__in=site_ids, status__in=OPEN_STATUSES),
        FAULT_OPEN_DAYS,
        today,
    )
    rows = faults.values_list("pk", "site_id", "site__code", "equipment__code", "reported_at")
    return [
        Condition(
            Alert.Kind.FAULT_OPEN,
            site_id,
            f"fault:{pk}",
            m.FAULT_OPEN,
            {
                "fault": pk,
                "target": item_code or site_code,
                "reported_on": timezone.localdate(reported_at).isoformat(),
            },
        )
        for pk, site_id, site_code, item_code, reported_at in rows.order_by("reported_at", "pk")
    ]


def maintenance_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """A plan's visit overdue at a point (the due date is part of the subject: a visit ends it)."""
    rows = [r for r in maintenance_schedule(site_ids=site_ids, today=today) if r.overdue]
    return [
        Condition(
            Alert.Kind.MAINTENANCE_OVERDUE,
            r.site_id,
            f"maintenance:{r.site_id}:{r.plan.pk}:{r.due_on.isoformat()}",
            m.MAINTENANCE_OVERDUE,
            {"plan": r.plan.name, "due_on": r.due_on.isoformat(), "items": r.items},
        )
        for r in rows
    ]


def working_ratio_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """Points with fewer computers working today than the plan in force asks (60 % by default).

    The same rule and counts as the effective-point rule (`computer_counts_on`).
    """
    minimum = Thresholds.of(plan_in_force(today)).working_ratio_min
    conditions = []
    for site_id, count in sorted(computer_counts_on(site_ids, today).items()):
        working, in_service = count["working"], count["in_service"]
        if in_service and working >= minimum * in_service:
            continue
        params = {
            "working": working,
            "in_service": in_service,
            "ratio": round(working / in_service, 4) if in_service else None,
            "minimum": float(minimum),
        }
        message = m.LOW_WORKING_RATIO if in_service else m.NO_COMPUTER
        key = f"working:{site_id}"
        conditions.append(Condition(Alert.Kind.LOW_WORKING_RATIO, site_id, key, message, params))
    return conditions


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def line_conditions(site_ids: list[int], today: dt.date) -> list[Condition]:
    """Points whose Internet line was up less than 95 % of last month (only if lines exist)."""
    with_lines = sorted(
        set(InternetLine.objects.filter(site_id__in=site_ids).values_list("site_id", flat=True))
    )
    if not with_lines:
        return []
    year, month = previous_month(today)
    availability = line_availability(site_ids=with_lines, year=year, now=day_start(today))
    conditions = []
    for site_id in with_lines:
        value = availability[site_id][month - 1]
        if value is None or value >= LINE_AVAILABILITY_MIN:
            continue
        conditions.append(
            Condition(
                Alert.Kind.LINE_AVAILABILITY,
                site_id,
                f"line:{site_id}:{year}-{month:02d}",
                m.LINE_AVAILABILITY,
                {
                    "availability": round(value, 4),
                    "month": f"{year}-{month:02d}",
                    "minimum": LINE_AVAILABILITY_MIN,
                },
            )
        )
    return conditions


# Raised in this order: within a day, the later ones (about a whole point) come first in lists.
RULES = (
    end_of_life_conditions,
    warranty_conditions,
    maintenance_conditions,
    fault_conditions,
    line_conditions,
    working_ratio_conditions,
)


def alert_conditions(today: dt.date) -> list[Condition]:
    """Every alarming fact of the network today, at the points open today."""
    site_ids = open_site_ids(today)
    return [c for rule in RULES for c in rule(site_ids, today)]


# --- What users see ------------------------------------------------------------------------


def alerts_visible(user) -> QuerySet[Alert]:
    return restrict_to_scope(user, Alert.objects.select_related("site"))


def alerts_for_panel(user, limit: int = PANEL_SIZE) -> list[Alert]:
    """The user's open alerts, newest first (one query)."""
    return list(
        alerts_visible(user).filter(resolved_on__isnull=True).order_by("-raised_on", "-pk")[:limit]
    )


def alerts_filtered(
    queryset: QuerySet[Alert], *, kind: str = "", site: Site | None = None, state: str = "open"
) -> QuerySet[Alert]:
    if kind:
        queryset = queryset.filter(kind=kind)
    if site is not None:
        queryset = queryset.filter(site=site)
    if state == "open":
        queryset = queryset.filter(resolved_on__isnull=True)
    elif state == "resolved":
        queryset = queryset.filter(resolved_on__isnull=False)
    return queryset.order_by("-raised_on", "-pk")


@dataclass
class AlertGroup:
    """The alerts of one kind at one point: one row of the list, however many computers."""

    site: Site
    kind: str
    count: int
    open_count: int
    latest: dt.date
    alerts: list[Alert]

    @property
    def kind_label(self) -> str:
        return Alert.Kind(self.kind).label


def alert_group_rows(queryset: QuerySet[Alert]) -> QuerySet:
    """One row per (point, kind) with its count, newest group first: what the list pages."""
    return (
        queryset.order_by()
        .values("site_id", "kind")
        .annotate(
            count=Count("pk"),
            open_count=Count("pk", filter=Q(resolved_on__isnull=True)),
            latest=Max("raised_on"),
            newest=Max("pk"),
        )
        .order_by("-latest", "-newest")
    )


def alert_groups(queryset: QuerySet[Alert], rows) -> list[AlertGroup]:
    """The groups of a page of `alert_group_rows`, with their alerts (one query)."""
    rows = list(rows)
    if not rows:
        return []
    wanted = Q()
    for row in rows:
        wanted |= Q(site_id=row["site_id"], kind=row["kind"])
    members: dict[tuple[int, str], list[Alert]] = defaultdict(list)
    for alert in queryset.filter(wanted).select_related("site").order_by("-raised_on", "-pk"):
        members[(alert.site_id, alert.kind)].append(alert)
    groups = []
    for row in rows:
        alerts = members[(row["site_id"], row["kind"])]
        groups.append(
            AlertGroup(
                site=alerts[0].site,
                kind=row["kind"],
                count=row["count"],
                open_count=row["open_count"],
                latest=row["latest"],
                alerts=alerts,
            )
        )
    return groups


def open_alert_count(user) -> int:
    return alerts_visible(user).filter(resolved_on__isnull=True).count()
