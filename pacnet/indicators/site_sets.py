"""A set of points' monthly figures for a year, with exact distinct users, cached.

Sessions and visits add up across points; distinct users do not (one person may use two
points). So a scope's users are counted once from Visit and kept in SiteSetYear, with the
fill marker of the points' SiteYear versions: any usage write at one of the points bumps a
version, and the next read recounts. Reading any number of current sets costs two queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from pacnet.indicators.models import SiteMonth, SiteSetYear, SiteYear, Visit

MONTH_FIELDS = ("sessions", "visits", "users", "persons_to_date", "tally_users_to_date")


def usage_sums() -> dict:
    """The additive figures of SiteDay and SiteMonth, summed (for `.annotate(**usage_sums())`)."""
    fields = ("sessions", "visits", "tally_visits", "tally_users")
    return {name: Sum(name) for name in fields}


def sites_key(site_ids: Iterable[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(set(site_ids)))).encode()).hexdigest()


def site_set_months(*, site_ids: Iterable[int], year: int) -> list[dict[str, int]]:
    """The 12 months of the year for the points: sessions, visits and users of each month,
    and the distinct persons and tallied users from 1 January to the month's end."""
    return site_sets_months([(site_ids, year)])[0]


def site_sets_months(wanted: list[tuple[Iterable[int], int]]) -> list[list[dict[str, int]]]:
    """`site_set_months` of several (points, year) pairs: two queries when all are current."""
    asked = [(sorted(set(ids)), year) for ids, year in wanted]
    keys = [sites_key(ids) for ids, _year in asked]
    # The markers are read before the figures: a write in between only makes them stale.
    markers = _markers(asked)
    kept = {
        (key, year): (marker, months)
        for key, year, marker, months in SiteSetYear.objects.filter(
            sites_key__in=set(keys), year__in={year for _ids, year in asked}
        ).values_list("sites_key", "year", "marker", "months")
    }
    found, stale = [], {}
    for (ids, year), key, marker in zip(asked, keys, markers, strict=True):
        seen, months = kept.get((key, year), (None, None))
        if seen != marker and (key, year) in stale:  # the same set asked twice: counted once
            months = stale[(key, year)].months
        elif seen != marker:
            months = _count(ids, year)
            stale[(key, year)] = SiteSetYear(sites_key=key, year=year, marker=marker, months=months)
        found.append(months)
    if stale:
        SiteSetYear.objects.bulk_create(
            stale.values(),
            update_conflicts=True,
            unique_fields=["sites_key", "year"],
            update_fields=["marker", "months", "computed_at"],
        )
    return found


def _markers(asked: list[tuple[list[int], int]]) -> list[str]:
    """Each set's fill marker, "<count>:<sum of versions>" of its SiteYear rows (one query)."""
    every = set().union(*(ids for ids, _year in asked))
    version: dict[tuple[int, int], int] = {}
    if every:
        rows = SiteYear.objects.filter(
            site_id__in=every, year__in={year for _ids, year in asked}
        ).values_list("site_id", "year", "version")
        version = {(site, year): v for site, year, v in rows}
    markers = []
    for ids, year in asked:
        seen = [version[(i, year)] for i in ids if (i, year) in version]
        markers.append(f"{len(seen)}:{sum(seen)}")
    return markers


def _count(ids: list[int], year: int) -> list[dict[str, int]]:
    months = [dict.fromkeys(MONTH_FIELDS, 0) for _ in range(12)]
    if not ids:
        return months
    sums = (
        SiteMonth.objects.filter(site_id__in=ids, month__year=year)
        .annotate(m=ExtractMonth("month"))
        .values("m")
        .annotate(**usage_sums())
    )
    persons = dict(
        Visit.objects.filter(site_id__in=ids, day__year=year)
        .annotate(m=ExtractMonth("day"))
        .values("m")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("m", "n")
    )
    tallied = {}
    for row in sums:
        month = months[row["m"] - 1]
        month["sessions"] = row["sessions"]
        month["visits"] = row["visits"] + row["tally_visits"]
        tallied[row["m"]] = row["tally_users"]
    newcomers = _first_months(ids, year)
    persons_to_date = tally_to_date = 0
    for number, month in enumerate(months, start=1):
        persons_to_date += newcomers.get(number, 0)
        tally_to_date += tallied.get(number, 0)
        month["users"] = persons.get(number, 0) + tallied.get(number, 0)
        month["persons_to_date"] = persons_to_date
        month["tally_users_to_date"] = tally_to_date
    return months


def _first_months(ids: list[int], year: int) -> dict[int, int]:
    """Month → persons whose first visit of the year at these points fell in it."""
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "sqlite":
        month = "CAST(strftime('%%m', first_day) AS INTEGER)"
    else:
        month = "CAST(EXTRACT(MONTH FROM first_day) AS INTEGER)"
    sql = (
        f"SELECT {month}, COUNT(*) FROM (SELECT person_key, MIN(day) AS first_day"
        f" FROM {Visit._meta.db_table} WHERE site_id IN ({marks}) AND day >= %s AND day <= %s"
        f" GROUP BY person_key) AS firsts GROUP BY 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, dt.date(year, 1, 1), dt.date(year, 12, 31)])
        return dict(cursor.fetchall())
