"""A plausible, seeded fault and repair history of the demo equipment, 2013 to today.

Failing hard disks, USB modems dying once out of warranty (June 2015), power surges in the
rainy season (May–October), a few software faults; repaired, replaced or written off by the
provincial library's technicians, all through the services, so that the equipment status
history follows. A computer fault is opened and closed within one month, so that the
month-end working ratios of the synthetic usage demo stay as it designed them; a few faults
of the last weeks are left open.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from pacnet.accounts.models import Role, User
from pacnet.core.models import AuditEntry
from pacnet.faults import services
from pacnet.faults.models import Fault, Repair
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange

SOURCE = "demo"
SEED = 2013
START = dt.date(2013, 1, 1)
WARRANTY_ENDS = dt.date(2015, 6, 1)
RAINY_MONTHS = range(5, 11)
FAULTS_PER_MONTH = 0.7  # across the network: enough to tell a story, quick to load
SHOPS = [
    "Cửa hàng tin học Minh Phát, Gia Nghĩa",
    "Công ty TNHH Tin học Đắk Mil",
    "Viettel Đắk Nông",
]
# (kind of item, category, what happened, parts, cost range in VND, chance of a write-off)
STORIES = [
    ("computer", "hardware", "Máy kêu lạch cạch rồi không khởi động được (ổ cứng hỏng).",
     "Ổ cứng 500 GB", (900_000, 1_400_000), 0.3),
    ("computer", "hardware", "Màn hình tối đen, đèn nguồn vẫn sáng.",
     "Màn hình LCD 19 inch", (1_800_000, 2_400_000), 0.0),
    ("computer", "software", "Máy chạy rất chậm, hiện quảng cáo lạ (nhiễm virus).",
     "", (0, 300_000), 0.0),
    ("computer", "power", "Sau cơn giông, máy không lên nguồn.",
     "Bộ nguồn 450 W", (450_000, 700_000), 0.1),
    ("usb_modem", "internet_line", "USB 3G không nhận sóng, không vào được mạng.",
     "", (0, 0), 0.6),
    ("router", "power", "Bộ phát wifi cháy sau khi mất điện đột ngột.",
     "", (0, 0), 0.5),
]  # fmt: skip
# The first five computers, the USB modem and the router of each point may break.
DEMO_ITEMS = ("-PC01", "-PC02", "-PC03", "-PC04", "-PC05", "-MD01", "-RT01")
POINT_STORIES = [
    ("internet_line", "Mất mạng cả điểm, nhà mạng đang sửa cáp."),
    ("power", "Mất điện kéo dài do giông sét."),
]


def demo_faults_present() -> bool:
    fault_type = ContentType.objects.get_for_model(Fault)
    return AuditEntry.objects.filter(content_type=fault_type, source=SOURCE).exists()


@transaction.atomic
def demo_faults_load(
    *, seed: int = SEED, until: dt.date | None = None, now: dt.datetime | None = None
) -> int:
    """Load the history once (a second call changes nothing); returns the number of faults.

    History ends the day before `now` (default: the moment of loading): a step later today
    would lie in the future.
    """
    if demo_faults_present():
        return 0
    technician = User.objects.filter(role=Role.LIBRARY_STAFF, is_active=True).order_by("pk").first()
    if technician is None:
        return 0
    rng = random.Random(seed)
    yesterday = timezone.localdate(now or timezone.now()) - dt.timedelta(days=1)
    until = min(until or yesterday, yesterday)
    items = [
        item
        for item in Equipment.objects.select_related("site").order_by("code")
        if item.code.endswith(DEMO_ITEMS)
    ]
    busy: dict[int, dt.date] = {}  # site id -> the day its last fault closed
    count = 0
    for month in _months(START, until):
        if rng.random() < FAULTS_PER_MONTH:
            count += _one_fault(rng, month, until, items, busy, technician)
    return count + _open_faults(until, technician)


# Faults still open today: (item, days ago, category, what happened, how far it got).
OPEN_FAULTS = [
    ("X-QUANGTAM-MD01", 2, "internet_line", "USB 3G mất sóng từ hôm qua.", "reported"),
    ("TV-DAKSONG-PC02", 6, "hardware", "Bàn phím liệt nhiều phím.", "assigned"),
    ("TV-TINH-PC05", 9, "hardware", "Máy tự khởi động lại liên tục.", "in_repair"),
]


def _open_faults(until: dt.date, technician) -> int:
    count = 0
    for code, days, category, text, step in OPEN_FAULTS:
        item = Equipment.objects.filter(code=code).select_related("site").first()
        reported = until - dt.timedelta(days=days)
        if item is None or not _free(item, reported, until):
            continue
        at = timezone.make_aware(dt.datetime.combine(reported, dt.time(8, 30)))
        fault = services.fault_report(
            actor=None, site=item.site, equipment=item, category=category, description=text,
            at=at, source=SOURCE,
        )  # fmt: skip
        if step != "reported":
            fault = services.fault_assign(
                actor=technician, fault=fault, technician=technician,
                at=_past(at + dt.timedelta(days=1)), source=SOURCE,
            )  # fmt: skip
        if step == "in_repair":
            services.fault_repair_start(
                actor=technician, fault=fault, at=_past(at + dt.timedelta(days=2)), source=SOURCE
            )
        count += 1
    return count


def _months(start: dt.date, until: dt.date):
    day = start
    while day <= until:
        yield day
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _one_fault(rng, month: dt.date, until: dt.date, items, busy, technician) -> int:
    rainy = month.month in RAINY_MONTHS
    story = rng.choice(STORIES + ([STORIES[3]] * 2 if rainy else []))
    kind, category, text, parts, costs, write_off = story
    if kind == "usb_modem" and month < WARRANTY_ENDS:
        return 0  # the modems held up while under warranty
    candidates = [i for i in items if i.kind == kind]
    item = rng.choice(candidates)
    last_day = _month_end(month) - dt.timedelta(days=1)
    reported = month + dt.timedelta(days=rng.randrange(0, 18))
    if reported > until or busy.get(item.site_id, dt.date.min) >= reported:
        return 0
    if rng.random() < 0.15:
        return _point_fault(rng, item.site, reported, until, busy, technician)
    if not _free(item, reported, last_day):
        return 0
    at = _at(rng, reported)
    fault = services.fault_report(
        actor=None, site=item.site, equipment=item, category=category, description=text,
        at=at, source=SOURCE,
    )  # fmt: skip
    closed = min(reported + dt.timedelta(days=rng.randrange(1, 12)), last_day)
    busy[item.site_id] = closed
    steps = [reported + dt.timedelta(days=1), closed]
    if closed > until:
        if steps[0] <= until:
            services.fault_assign(
                actor=technician, fault=fault, technician=technician, at=_at(rng, steps[0]),
                source=SOURCE,
            )  # fmt: skip
        return 1
    fault = services.fault_assign(
        actor=technician, fault=fault, technician=technician, at=_past(at + dt.timedelta(hours=3)),
        source=SOURCE,
    )  # fmt: skip
    outcome = "fixed"
    if kind != "computer" and rng.random() < write_off:
        outcome = "replaced"
    elif kind == "computer" and month.year >= 2019 and rng.random() < write_off:
        outcome = "written_off"
    if outcome == "fixed" and closed > reported + dt.timedelta(days=1):
        fault = services.fault_repair_start(
            actor=technician, fault=fault, at=_at(rng, steps[0]), source=SOURCE
        )
    end = _at(rng, closed, late=True)
    cost = rng.randrange(costs[0], costs[1] + 1, 50_000) if costs[1] else 0
    if outcome == "replaced":
        cost = 650_000 if kind == "usb_modem" else 450_000
    services.repair_record(
        actor=technician, fault=fault, equipment=item,
        kind=Repair.Kind.REPLACEMENT if outcome == "replaced" else Repair.Kind.REPAIR,
        done_on=closed, done_by=rng.choice(SHOPS), vendor="" if cost == 0 else rng.choice(SHOPS),
        parts=parts, cost=cost or None,
        outcome="Đã thay mới" if outcome == "replaced" else "Hoạt động bình thường",
        source=SOURCE,
    )  # fmt: skip
    replacement = None
    if outcome == "replaced":
        warranty = closed + dt.timedelta(days=365)
        replacement = {"model": item.model, "acquisition_cost": cost, "warranty_ends_on": warranty}
    services.fault_close(
        actor=technician, fault=fault, outcome=outcome, replacement=replacement, at=end,
        source=SOURCE,
    )  # fmt: skip
    if outcome == "replaced":
        _replace_in_list(items, item, fault)
    return 1


def _point_fault(rng, site, reported: dt.date, until: dt.date, busy, technician) -> int:
    category, text = rng.choice(POINT_STORIES)
    at = _at(rng, reported)
    fault = services.fault_report(
        actor=None, site=site, category=category, description=text, at=at, source=SOURCE
    )
    closed = reported + dt.timedelta(days=rng.randrange(0, 4))
    busy[site.pk] = closed
    if closed > until:
        return 1
    fault = services.fault_assign(
        actor=technician, fault=fault, technician=technician, at=_past(at + dt.timedelta(hours=1)),
        source=SOURCE,
    )  # fmt: skip
    services.fault_close(
        actor=technician, fault=fault, outcome="fixed", at=_at(rng, closed, late=True),
        source=SOURCE,
    )  # fmt: skip
    return 1


def _free(item: Equipment, first: dt.date, last: dt.date) -> bool:
    """Working on the first day, and no other status recorded until the last (other demos)."""
    changes = EquipmentStatusChange.objects.filter(equipment=item, effective_on__lte=last)
    latest = changes.order_by("-effective_on").values_list("effective_on", "status").first()
    return latest is not None and latest[0] < first and latest[1] == EquipmentStatus.WORKING


def _replace_in_list(items: list[Equipment], old: Equipment, fault: Fault) -> None:
    items.remove(old)
    fault.refresh_from_db()
    if fault.replacement is not None:
        items.append(fault.replacement)


def _month_end(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(days=1)


def _at(rng, day: dt.date, late: bool = False) -> dt.datetime:
    hour = rng.randrange(14, 17) if late else rng.randrange(7, 12)
    return _past(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(60)))))


def _past(moment: dt.datetime) -> dt.datetime:
    """Today's history ends now: the services refuse a time that has not come."""
    return min(moment, timezone.now())
