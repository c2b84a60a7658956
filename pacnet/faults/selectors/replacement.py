"""The replacement plan: what should be replaced in a year, why, and at what estimated cost.

An item in service is proposed when it is past (or reaches during the year) its expected
end of life; when it is at least 7 years old at the year's end and has no end of life
recorded; when its repairs so far cost more than half its acquisition cost; or when it had
at least 3 faults in the last 12 months. A retired item is proposed while its point has
fewer items of its kind in service than it once had (it was written off and never
replaced). Statuses, repairs and faults are read as of today; the plan is made now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacnet.core.formatting import money
from pacnet.core.tables import decimal_text
from pacnet.faults.models import Fault
from pacnet.faults.selectors import day_start, repair_cost_per_item
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.selectors import equipment_with_status, status_since_expression
from pacnet.maintenance.selectors import add_months

# Current prices (VND) of a replacement, per kind: a plain estimate, no setting (see docs).
PRICES = {
    Equipment.Kind.COMPUTER: 15_000_000,
    Equipment.Kind.PRINTER: 4_000_000,
    Equipment.Kind.USB_MODEM: 600_000,
    Equipment.Kind.ROUTER: 1_500_000,
    Equipment.Kind.UPS: 2_500_000,
    Equipment.Kind.PROJECTOR: 12_000_000,
    Equipment.Kind.OTHER: 2_000_000,
}
AGE_LIMIT_YEARS = 7
FAULTS_LIMIT = 3  # faults in the last 12 months
FAULTS_WINDOW_MONTHS = 12


@dataclass
class ReplacementRow:
    site_id: int
    site_code: str
    site_name: str
    code: str
    kind: str
    model: str
    acquired_on: dt.date | None
    reasons: list[str]
    cost: int

    @property
    def kind_label(self) -> str:
        return Equipment.Kind(self.kind).label


@dataclass
class PointReplacement:
    site_code: str
    site_name: str
    rows: list[ReplacementRow]

    @property
    def cost(self) -> int:
        return sum(r.cost for r in self.rows)


def _date(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _life_reason(item: Equipment, year: int, today: dt.date) -> str | None:
    end = item.end_of_life_on
    if end is not None:
        if end <= today:
            return _("Past its expected end of life (%(date)s).") % {"date": _date(end)}
        if end.year <= year:
            return _("Reaches its expected end of life on %(date)s.") % {"date": _date(end)}
        return None
    if item.acquired_on and year - item.acquired_on.year >= AGE_LIMIT_YEARS:
        return _(
            "%(age)s years old at the end of %(year)s (acquired %(date)s), no end of life recorded."
        ) % {"age": year - item.acquired_on.year, "year": year, "date": _date(item.acquired_on)}
    return None


def _repair_reason(item: Equipment, repairs: int) -> str | None:
    cost = item.acquisition_cost
    if not cost or repairs * 2 <= cost:
        return None
    return _(
        "Repairs so far cost %(repairs)s, %(share)s %% of its acquisition cost (%(cost)s)."
    ) % {
        "repairs": money(repairs),
        "share": decimal_text(Fraction(repairs * 100, cost), places=0),
        "cost": money(cost),
    }


def _faults_reason(count: int) -> str | None:
    if count < FAULTS_LIMIT:
        return None
    return _("%(count)s faults in the last 12 months.") % {"count": count}


def _items(site_ids: Iterable[int] | None, today: dt.date):
    """Items of the points open today, with their status and since when (one query)."""
    items = Equipment.objects.filter(site__opened_on__lte=today).filter(
        Q(site__closed_on__isnull=True) | Q(site__closed_on__gt=today)
    )
    if site_ids is not None:
        items = items.filter(site_id__in=list(site_ids))
    items = equipment_with_status(items, today).annotate(
        status_since=status_since_expression(today)
    )
    return list(items.select_related("site").order_by("site__code", "code"))


def _faults_per_item(ids: list[int], today: dt.date) -> dict[int, int]:
    """Faults reported in the last 12 months: after the same day a year ago, up to today."""
    since = day_start(add_months(today, -FAULTS_WINDOW_MONTHS) + dt.timedelta(days=1))
    rows = (
        Fault.objects.filter(
            equipment_id__in=ids,
            reported_at__gte=since,
            reported_at__lt=day_start(today + dt.timedelta(days=1)),
        )
        .values("equipment_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {r["equipment_id"]: r["count"] for r in rows}


def _shortfalls(site_ids: set[int], today: dt.date) -> dict[tuple[int, str], tuple[int, int]]:
    """Per (point, kind): the most items ever in service there at once, and those today."""
    changes = (
        EquipmentStatusChange.objects.filter(
            equipment__site_id__in=site_ids, effective_on__lte=today
        )
        .order_by("effective_on", "pk")
        .values_list("equipment__site_id", "equipment__kind", "equipment_id", "status")
    )
    status: dict[tuple[int, str], dict[int, str]] = defaultdict(dict)
    peak: dict[tuple[int, str], int] = defaultdict(int)
    for site_id, kind, item_id, state in changes:
        group = status[(site_id, kind)]
        group[item_id] = state
        in_service = sum(s != EquipmentStatus.RETIRED for s in group.values())
        peak[(site_id, kind)] = max(peak[(site_id, kind)], in_service)
    return {
        key: (peak[key], sum(s != EquipmentStatus.RETIRED for s in group.values()))
        for key, group in status.items()
    }


def _not_replaced(items: list[Equipment], today: dt.date) -> dict[int, str]:
    """Retired items whose point is short of items of their kind: the latest retired first."""
    retired = [i for i in items if i.status_on == EquipmentStatus.RETIRED]
    if not retired:
        return {}
    counts = _shortfalls({i.site_id for i in retired}, today)
    by_group: dict[tuple[int, str], list[Equipment]] = defaultdict(list)
    for item in retired:
        by_group[(item.site_id, item.kind)].append(item)
    reasons = {}
    for key, group in by_group.items():
        had, now = counts.get(key, (0, 0))
        group.sort(key=lambda i: (i.status_since, i.pk), reverse=True)
        for item in group[: max(had - now, 0)]:
            reasons[item.pk] = _(
                "Retired on %(date)s and not replaced: %(now)s in service at the point, "
                "against %(had)s before."
            ) % {"date": _date(item.status_since), "now": now, "had": had}
    return reasons


def replacement_plan(
    *, site_ids: Iterable[int] | None, year: int, today: dt.date | None = None
) -> list[ReplacementRow]:
    """The items to replace in `year` with their reasons and price, by point and code.

    A constant number of queries (four or five); `site_ids` None means every point.
    """
    today = today or timezone.localdate()
    items = _items(site_ids, today)
    in_service = [i for i in items if i.status_on not in (None, EquipmentStatus.RETIRED)]
    ids = [i.pk for i in in_service]
    repairs = repair_cost_per_item(ids, end=today)
    faults = _faults_per_item(ids, today)
    retired_reasons = _not_replaced(items, today)
    rows = []
    for item in items:
        if item.pk in retired_reasons:
            reasons = [retired_reasons[item.pk]]
        elif item.status_on in (None, EquipmentStatus.RETIRED):
            continue
        else:
            found = (
                _life_reason(item, year, today),
                _repair_reason(item, repairs.get(item.pk, 0)),
                _faults_reason(faults.get(item.pk, 0)),
            )
            reasons = [r for r in found if r]
        if reasons:
            rows.append(
                ReplacementRow(
                    site_id=item.site_id,
                    site_code=item.site.code,
                    site_name=item.site.name,
                    code=item.code,
                    kind=item.kind,
                    model=item.model,
                    acquired_on=item.acquired_on,
                    reasons=reasons,
                    cost=PRICES.get(item.kind, PRICES[Equipment.Kind.OTHER]),
                )
            )
    return rows


def plan_by_point(rows: list[ReplacementRow]) -> list[PointReplacement]:
    points: dict[str, PointReplacement] = {}
    for row in rows:
        points.setdefault(row.site_code, PointReplacement(row.site_code, row.site_name, []))
        points[row.site_code].rows.append(row)
    return list(points.values())
