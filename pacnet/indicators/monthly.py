"""Keep the month and year rollups (SiteMonth, SiteYear) equal to SiteDay and Visit.

Called by `pacnet.indicators.rollups` after the day rollups of the same (point, day) pairs
are refreshed, in the same transaction. Every refresh bumps the point-year's version, the
fill marker by which `pacnet.indicators.site_sets` knows its cached figures are stale.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from pacnet.indicators.models import SiteDay, SiteMonth, SiteSetYear, SiteYear, Visit

# SiteMonth field → its sum over the month's SiteDay rows (annotated as "sum_<field>").
_DAY_SUMS = {
    "sessions": Sum("sessions"),
    "visits": Sum("visits"),
    "tally_visits": Sum("tally_visits"),
    "tally_users": Sum("tally_users"),
    "pages_printed": Sum("pages_printed"),
    "days_with_visit": Count("pk", filter=Q(visits__gt=0) | Q(tally_visits__gt=0)),
}
_ANNOTATIONS = {f"sum_{name}": aggregate for name, aggregate in _DAY_SUMS.items()}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def site_months_refresh(*, site_id: int, days: Iterable[dt.date]) -> None:
    """Recompute the point's months and years that contain any of the days."""
    months = sorted({month_start(day) for day in days})
    if not months:
        return
    first, last = months[0], _month_end(months[-1])
    in_months = Q(month__in=months)
    SiteMonth.objects.filter(in_months, site_id=site_id).delete()
    _months_from_days(
        SiteDay.objects.filter(site_id=site_id, day__gte=first, day__lte=last),
        Visit.objects.filter(site_id=site_id, day__gte=first, day__lte=last),
        keep=set(months),
    )
    for year in sorted({m.year for m in months}):
        persons = Visit.objects.filter(site_id=site_id, day__year=year).aggregate(
            n=Count("person_key", distinct=True)
        )["n"]
        # Insert-if-missing then bump: safe against a concurrent first write of the same year.
        SiteYear.objects.bulk_create(
            [SiteYear(site_id=site_id, year=year, version=0)], ignore_conflicts=True
        )
        SiteYear.objects.filter(site_id=site_id, year=year).update(
            persons=persons, version=F("version") + 1
        )


def site_months_rebuild(*, start: dt.date, end: dt.date) -> None:
    """Recompute every month and year overlapping [start, end] (after the day rollups)."""
    first, last = month_start(start), _month_end(month_start(end))
    SiteMonth.objects.filter(month__gte=first, month__lte=last).delete()
    _months_from_days(
        SiteDay.objects.filter(day__gte=first, day__lte=last),
        Visit.objects.filter(day__gte=first, day__lte=last),
        keep=None,
    )
    years = (first.year, last.year)
    SiteYear.objects.filter(year__gte=years[0], year__lte=years[1]).delete()
    SiteSetYear.objects.filter(year__gte=years[0], year__lte=years[1]).delete()
    persons = (
        Visit.objects.filter(day__gte=dt.date(years[0], 1, 1), day__lte=dt.date(years[1], 12, 31))
        .annotate(year=ExtractYear("day"))
        .values("site_id", "year")
        .annotate(n=Count("person_key", distinct=True))
    )
    counted = {(row["site_id"], row["year"]): row["n"] for row in persons}
    site_years = SiteMonth.objects.filter(month__year__gte=years[0], month__year__lte=years[1])
    for site_id, month in site_years.values_list("site_id", "month").distinct():
        counted.setdefault((site_id, month.year), 0)  # tallies only: no person, still a year
    SiteYear.objects.bulk_create(
        (SiteYear(site_id=s, year=y, persons=n) for (s, y), n in counted.items()), batch_size=2000
    )


def _months_from_days(site_days, visits, *, keep: set[dt.date] | None) -> None:
    rows: dict[tuple[int, dt.date], SiteMonth] = {}
    for row in (
        site_days.annotate(m=TruncMonth("day")).values("site_id", "m").annotate(**_ANNOTATIONS)
    ):
        if keep is None or row["m"] in keep:
            fields = {name: row[f"sum_{name}"] or 0 for name in _DAY_SUMS}
            rows[(row["site_id"], row["m"])] = SiteMonth(
                site_id=row["site_id"], month=row["m"], **fields
            )
    persons: dict[tuple[int, dt.date], int] = defaultdict(int)
    for row in (
        visits.annotate(m=TruncMonth("day"))
        .values("site_id", "m")
        .annotate(n=Count("person_key", distinct=True))
    ):
        persons[(row["site_id"], row["m"])] = row["n"]
    for key, month in rows.items():
        month.persons = persons[key]
    SiteMonth.objects.bulk_create(rows.values(), batch_size=2000)
