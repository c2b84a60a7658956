"""Demo preventive maintenance: four plans and a seeded visit history from 2013 to today.

The history is written in bulk (thousands of visits would take the services a minute); it
obeys the services' rules by construction: visits on past days while the point is open, one
per point, plan and day, covering the items in service, every task answered.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from pacnet.geography.models import Site
from pacnet.geography.selectors import today as local_today
from pacnet.inventory.models import Equipment
from pacnet.inventory.selectors import equipment_with_status
from pacnet.maintenance.models import (
    MaintenancePlan,
    MaintenanceTask,
    MaintenanceTaskResult,
    MaintenanceVisit,
    TaskOutcome,
)
from pacnet.maintenance.selectors import IN_SERVICE, add_months
from pacnet.maintenance.services import maintenance_plan_create

SOURCE = "demo"
CREATED = dt.date(2013, 1, 1)
TECHNICIAN = "Kỹ thuật viên Thư viện tỉnh"
POINT_STAFF = "Cán bộ phụ trách điểm"
# (name, kind, months, checklist)
PLANS = [
    (
        "Bảo trì máy tính hằng quý",
        Equipment.Kind.COMPUTER,
        3,
        [
            "Vệ sinh bụi quạt, bàn phím và chuột",
            "Cài đặt bản cập nhật Windows",
            "Cập nhật phần mềm diệt virus",
            "Kiểm tra tình trạng ổ cứng",
            "Kiểm tra tài khoản khách và phần mềm quản lý phòng máy",
        ],
    ),
    (
        "Bảo trì máy in 6 tháng",
        Equipment.Kind.PRINTER,
        6,
        ["Vệ sinh đầu in và khay giấy", "Kiểm tra hộp mực", "In trang thử"],
    ),
    (
        "Kiểm tra bộ định tuyến 6 tháng",
        Equipment.Kind.ROUTER,
        6,
        [
            "Khởi động lại và kiểm tra đèn tín hiệu",
            "Cập nhật firmware",
            "Đổi mật khẩu Wi-Fi quản trị",
            "Kiểm tra dây cáp và nguồn điện",
        ],
    ),
    (
        "Kiểm tra bộ lưu điện (UPS) 6 tháng",
        Equipment.Kind.UPS,
        6,
        ["Kiểm tra pin bộ lưu điện", "Thử mất điện 5 phút", "Vệ sinh khe tản nhiệt"],
    ),
]
# Points whose visits stopped for a while: overdue today. (point code, plan kind, months idle)
LAGGING = {
    ("X-DAKLAO", Equipment.Kind.COMPUTER): 7,
    ("X-QUANGTAM", Equipment.Kind.COMPUTER): 11,
    ("TV-TUYDUC", Equipment.Kind.COMPUTER): 5,
    ("X-DAKPLAO", Equipment.Kind.PRINTER): 14,
    ("X-NAMDONG", Equipment.Kind.ROUTER): 9,
}


def demo_upkeep_present() -> bool:
    return MaintenancePlan.objects.exists()


@transaction.atomic
def demo_upkeep_load(*, seed: int = 2013, until: dt.date | None = None) -> dict[str, int]:
    """The plans (through the service) and their visit history (in bulk); once only."""
    if demo_upkeep_present():
        return {"plans": 0, "visits": 0}
    until = until or local_today()
    rng = random.Random(seed)
    plans = [
        maintenance_plan_create(
            actor=None,
            name=name,
            kind=kind,
            interval_months=months,
            tasks=tasks,
            created_on=CREATED,
            source=SOURCE,
        )
        for name, kind, months, tasks in PLANS
    ]
    items = _items_by_point_and_kind(until)
    sites = Site.objects.order_by("code")
    visits, covered = [], []
    for plan in plans:
        for site in sites:
            codes = items.get((site.pk, plan.kind))
            if not codes:
                continue
            stop = add_months(until, -LAGGING.get((site.code, plan.kind), 0))
            for day in _visit_days(site, plan, stop, rng):
                visits.append(MaintenanceVisit(site=site, plan=plan, visited_on=day))
                covered.append(codes)
    for visit in visits:
        visit.done_by_name = TECHNICIAN if rng.random() < 0.4 else POINT_STAFF
    MaintenanceVisit.objects.bulk_create(visits, batch_size=1000)
    _results_create(visits, plans, rng)
    _items_link(visits, covered)
    return {"plans": len(plans), "visits": len(visits)}


def _items_by_point_and_kind(day: dt.date) -> dict[tuple[int, str], list[int]]:
    """The demo items are all in service from 2012 on: those in service today are covered."""
    found: dict[tuple[int, str], list[int]] = {}
    in_service = equipment_with_status(Equipment.objects.all(), day).filter(
        status_on__in=IN_SERVICE
    )
    for pk, site_id, kind in in_service.values_list("pk", "site_id", "kind"):
        found.setdefault((site_id, kind), []).append(pk)
    return found


def _visit_days(site: Site, plan: MaintenancePlan, stop: dt.date, rng: random.Random):
    """Each visit a little before it falls due (so a point that keeps up is never overdue)."""
    day = max(site.opened_on, plan.created_on)
    while True:
        day = add_months(day, plan.interval_months) - dt.timedelta(days=rng.randint(0, 20))
        if day > stop:
            return
        yield day


def _results_create(visits, plans, rng: random.Random) -> None:
    tasks = {
        plan.pk: list(MaintenanceTask.objects.filter(plan=plan).order_by("position"))
        for plan in plans
    }
    results = []
    for visit in visits:
        for task in tasks[visit.plan_id]:
            draw = rng.random()
            outcome = (
                TaskOutcome.DONE
                if draw < 0.9
                else TaskOutcome.NOT_DONE
                if draw < 0.96
                else TaskOutcome.NOT_APPLICABLE
            )
            results.append(MaintenanceTaskResult(visit=visit, task=task, outcome=outcome))
    MaintenanceTaskResult.objects.bulk_create(results, batch_size=2000)


def _items_link(visits, covered) -> None:
    through = MaintenanceVisit.items.through
    links = [
        through(maintenancevisit_id=visit.pk, equipment_id=item_id)
        for visit, item_ids in zip(visits, covered, strict=True)
        for item_id in item_ids
    ]
    through.objects.bulk_create(links, batch_size=2000)
