"""Reads of preventive maintenance: the schedule per point, overdue visits and items."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from pacnet.accounts.permissions import Action, user_may
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status
from pacnet.maintenance.models import (
    MaintenancePlan,
    MaintenanceTask,
    MaintenanceTaskResult,
    MaintenanceVisit,
)

IN_SERVICE = [EquipmentStatus.WORKING, EquipmentStatus.FAULTY, EquipmentStatus.UNDER_REPAIR]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31/01 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ScheduleRow:
    """One point and one plan: when it was last visited and when the next visit is due."""

    site_id: int
    site_code: str
    site_name: str
    plan: MaintenancePlan
    items: int  # items of the plan's kind in service at the point
    last_visit: dt.date | None
    due_on: dt.date
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_overdue(self) -> int:
        return max((self.today - self.due_on).days, 0)


def due_on(*, last_visit: dt.date | None, opened_on: dt.date, plan: MaintenancePlan) -> dt.date:
    """Last visit + interval; never visited: the later of opening and plan creation + interval."""
    start = last_visit or max(opened_on, plan.created_on)
    return add_months(start, plan.interval_months)


def in_service_counts(
    site_ids: Iterable[int] | None, kinds: Iterable[str], day: dt.date
) -> list[dict]:
    """Per point and kind, the items in service on the day (not retired), with the point."""
    items = equipment_with_status(Equipment.objects.filter(kind__in=list(kinds)), day)
    if site_ids is not None:
        items = items.filter(site_id__in=list(site_ids))
    open_on_day = Q(site__opened_on__lte=day) & (
        Q(site__closed_on__isnull=True) | Q(site__closed_on__gte=day)
    )
    return list(
        items.filter(open_on_day, status_on__in=IN_SERVICE)
        .values("site_id", "site__code", "site__name", "site__opened_on", "kind")
        .annotate(items=Count("pk"))
        .order_by()
    )


def maintenance_schedule(
    *,
    site_ids: Iterable[int] | None,
    today: dt.date,
    plan_ids: Iterable[int] | None = None,
) -> list[ScheduleRow]:
    """Every active plan at every open point with items of its kind in service: 3 queries.

    `site_ids` None means every point. Rows come soonest due first.
    """
    plans = MaintenancePlan.objects.filter(active=True)
    if plan_ids is not None:
        plans = plans.filter(pk__in=list(plan_ids))
    plans_by_kind: dict[str, list[MaintenancePlan]] = {}
    for plan in plans:
        plans_by_kind.setdefault(plan.kind, []).append(plan)
    if not plans_by_kind:
        return []
    counts = in_service_counts(site_ids, plans_by_kind, today)
    visits = MaintenanceVisit.objects.filter(
        plan__in=[p for ps in plans_by_kind.values() for p in ps], visited_on__lte=today
    )
    if site_ids is not None:
        visits = visits.filter(site_id__in=list(site_ids))
    last = {
        (v["site_id"], v["plan_id"]): v["last"]
        for v in visits.values("site_id", "plan_id").annotate(last=Max("visited_on")).order_by()
    }
    rows = []
    for count in counts:
        for plan in plans_by_kind[count["kind"]]:
            last_visit = last.get((count["site_id"], plan.pk))
            rows.append(
                ScheduleRow(
                    site_id=count["site_id"],
                    site_code=count["site__code"],
                    site_name=count["site__name"],
                    plan=plan,
                    items=count["items"],
                    last_visit=last_visit,
                    due_on=due_on(
                        last_visit=last_visit, opened_on=count["site__opened_on"], plan=plan
                    ),
                    today=today,
                )
            )
    return sorted(rows, key=lambda r: (r.due_on, r.site_code, r.plan.name))


def overdue_items_count(*, site_ids: Iterable[int] | None, today: dt.date) -> int:
    """Items whose point's visit for their plan is overdue (an item under two plans counts once
    per overdue plan)."""
    return sum(r.items for r in maintenance_schedule(site_ids=site_ids, today=today) if r.overdue)


DUE_WITHIN_DAYS = 30
MAX_DUE_WITHIN_DAYS = 3660  # ten years ahead: past that a date is not a plan


@dataclass(frozen=True)
class PointDue:
    """One open point: its visits falling due soon, those overdue, and its last visit."""

    code: str
    due: int
    overdue: int
    last_visit: dt.date | None

    def as_dict(self) -> dict:
        last = self.last_visit.isoformat() if self.last_visit else None
        return {"point": self.code, "due": self.due, "overdue": self.overdue, "last_visit": last}


def maintenance_due_by_point(
    *, site_ids: Iterable[int] | None, today: dt.date, within_days: int = DUE_WITHIN_DAYS
) -> list[PointDue]:
    """Every point open today in scope, by code, read off `maintenance_schedule`: 4 queries.

    A visit is due when the schedule has it from today to `within_days` later, overdue when
    it was due before today; the last visit is the latest under a plan in use.
    """
    rows = maintenance_schedule(site_ids=site_ids, today=today)
    sites = Site.objects.filter(opened_on__lte=today).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=today)
    )
    if site_ids is not None:
        sites = sites.filter(pk__in=list(site_ids))
    horizon = today + dt.timedelta(days=within_days)
    by_site = defaultdict(list)
    for row in rows:
        by_site[row.site_id].append(row)
    points = []
    for site_id, code in sites.order_by("code").values_list("pk", "code"):
        own = by_site[site_id]
        visits = [r.last_visit for r in own if r.last_visit]
        points.append(
            PointDue(
                code=code,
                due=sum(today <= r.due_on <= horizon for r in own),
                overdue=sum(r.overdue for r in own),
                last_visit=max(visits, default=None),
            )
        )
    return points


# --- Pages -------------------------------------------------------------------------------


def plans_with_checklists() -> QuerySet[MaintenancePlan]:
    """Every plan, active first, each with its checklist in order (2 queries)."""
    return MaintenancePlan.objects.order_by("-active", "name").prefetch_related(
        Prefetch("tasks", queryset=MaintenanceTask.objects.filter(active=True), to_attr="checklist")
    )


def plan_checklist(plan: MaintenancePlan) -> list[MaintenanceTask]:
    return list(plan.tasks.filter(active=True))


def items_for_visit(site, plan: MaintenancePlan, day: dt.date) -> QuerySet[Equipment]:
    """The point's items of the plan's kind in service on the day: those a visit covers."""
    items = Equipment.objects.filter(site=site, kind=plan.kind)
    return equipment_with_status(items, day).filter(status_on__in=IN_SERVICE).order_by("code")


def visits_of(site_ids: Iterable[int] | None) -> QuerySet[MaintenanceVisit]:
    visits = MaintenanceVisit.objects.select_related("site", "plan", "done_by")
    if site_ids is not None:
        visits = visits.filter(site_id__in=list(site_ids))
    return visits


def visits_with_results(visits: QuerySet[MaintenanceVisit]) -> QuerySet[MaintenanceVisit]:
    """Visits with their point, plan, items and ticked checklist: 3 queries for any page."""
    return visits.select_related("site", "plan").prefetch_related(
        Prefetch("items", queryset=Equipment.objects.order_by("code").only("pk", "code")),
        Prefetch("results", queryset=MaintenanceTaskResult.objects.select_related("task")),
    )


def visit_details(visit: MaintenanceVisit) -> dict:
    """The visit's checklist as ticked and the items it covered (2 queries)."""
    return {
        "results": list(visit.results.select_related("task")),
        "items": list(visit.items.order_by("code")),
    }


# --- Who may do what (the permission service decides; these name the actions) -----------


def may_manage_plans(user) -> bool:
    """A plan applies to every point: only those who may create plans may change them."""
    return user_may(user, Action.ADD, MaintenancePlan)


def may_record_visit(user, site=None) -> bool:
    """Recording a visit changes the point's equipment records: CHANGE, at the point if given."""
    target = MaintenanceVisit if site is None else MaintenanceVisit(site=site)
    return user_may(user, Action.CHANGE, target)
