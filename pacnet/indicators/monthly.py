"""Keep the month and year rollups (SiteMonth, SiteYear) equal to SiteDay and Visit.

Called by `pacnet.usage.rollups` after the day rollups of the same (point, day) pairs
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


def site_months_refresh(*, site_ids: list[int], days: Iterable[dt.date]) -> None:
    """Recompute the points' months and years that contain any of the days."""
    months = sorted({month_start(day) for day in days})
    if not months:
        return
    SiteMonth.objects.filter(site_id__in=site_ids, month__in=months).delete()
    in_months = _days_within([(m, _month_end(m)) for m in months])
    _months_from_days(
        SiteDay.objects.filter(in_months, site_id__in=site_ids),
        Visit.objects.filter(in_months, site_id__in=site_ids),
        keep=set(months),
    )
    years = sorted({m.year for m in months})
    in_years = _days_within([(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years])
    persons = _persons_per_site_year(Visit.objects.filter(in_years, site_id__in=site_ids))
    site_years = [SiteYear(site_id=s, year=y, version=0) for s in site_ids for y in years]
    # Insert-if-missing then bump: safe against a concurrent first write of the same year.
    SiteYear.objects.bulk_create(site_years, ignore_conflicts=True)
    touched = SiteYear.objects.filter(site_id__in=site_ids, year__in=years)
    touched.update(version=F("version") + 1)
    rows = list(touched.only("pk", "site_id", "year", "persons"))
    for row in rows:
        row.persons = persons.get((row.site_id, row.year), 0)
    SiteYear.objects.bulk_update(rows, ["persons"], batch_size=500)


def _days_within(periods: list[tuple[dt.date, dt.date]]) -> Q:
    """Days inside the sorted periods, adjoining ones merged: only the touched periods are read."""
    spans: list[list[dt.date]] = []
    for first, last in periods:
        if spans and spans[-1][1] + dt.timedelta(days=1) >= first:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    within = Q()
    for first, last in spans:
        within |= Q(day__gte=first, day__lte=last)
    return within


def _persons_per_site_year(visits) -> dict[tuple[int, int], int]:
    """Distinct persons of each (point, year) among the visits."""
    rows = (
        visits.annotate(year=ExtractYear("day"))
        .values("site_id", "year")
        .annotate(n=Count("person_key", distinct=True))
    )
    return {(row["site_id"], row["year"]): row["n"] for row in rows}


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
    counted = _persons_per_site_year(
        Visit.objects.filter(day__gte=dt.date(years[0], 1, 1), day__lte=dt.date(years[1], 12, 31))
    )
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
