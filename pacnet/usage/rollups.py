"""Keep the usage rollups (Visit, SiteDay, ServiceDay, months, years) equal to the raw records.

Every usage write calls `usage_rollup_refresh` with the (point, day) pairs it touched, in
its own transaction: the rollups are recomputed from the raw records for those pairs, by the
same SQL as the full rebuild, so they are exact and a write that is rolled back leaves them
untouched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q

from pacnet.geography.models import Site
from pacnet.indicators.models import ServiceDay, SiteDay, Visit
from pacnet.indicators.monthly import site_months_rebuild, site_months_refresh
from pacnet.usage.models import ManualTally, Session

CHUNK = 400  # points or days per IN list: far below every backend's parameter limit


@transaction.atomic
def usage_rollup_refresh(*, site_days: Iterable[tuple[int, dt.date]]) -> None:
    """Recompute the rollups of the touched (point, day) pairs, set-based.

    Points that touched the same days are refreshed together (an import of one day over the
    whole network is one group), so the cost follows the number of groups, not of points.
    """
    days_of_site: dict[int, set[dt.date]] = defaultdict(set)
    for site_id, day in site_days:
        days_of_site[site_id].add(day)
    # One writer at a time per point: a second waits for the first to commit, then recounts
    # with its sessions (in READ COMMITTED it would not see them, and both would insert).
    list(
        Site.objects.select_for_update()
        .filter(pk__in=sorted(days_of_site))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sites_of_days: dict[frozenset[dt.date], list[int]] = defaultdict(list)
    for site_id, days in days_of_site.items():
        sites_of_days[frozenset(days)].append(site_id)
    for days, site_ids in sites_of_days.items():
        ordered_days = sorted(days)
        for sites in _chunks(sorted(site_ids)):
            for some_days in _chunks(ordered_days):
                _days_rebuild(
                    Q(site_id__in=sites, day__in=some_days),
                    f"site_id IN ({_marks(sites)}) AND day IN ({_marks(some_days)})",
                    [*sites, *some_days],
                )
            site_months_refresh(site_ids=sites, days=ordered_days)


@transaction.atomic
def usage_rollup_rebuild(*, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Recompute every rollup in [start, end] from the raw records; returns (point, day) pairs."""
    first, last = start or dt.date(1900, 1, 1), end or dt.date(9999, 12, 31)
    _days_rebuild(Q(day__gte=first, day__lte=last), "day BETWEEN %s AND %s", [first, last])
    site_months_rebuild(start=first, end=last)
    return SiteDay.objects.filter(day__gte=first, day__lte=last).count()


def _days_rebuild(rows: Q, where: str, params: list) -> None:
    """Delete the day rollups matching `rows` and insert them again from the raw records.

    Set-based SQL (INSERT … SELECT … GROUP BY, portable to SQLite and PostgreSQL); `where`
    is the same selection as `rows`, over columns every source table has (site_id, day).
    """
    for model in (Visit, SiteDay, ServiceDay):
        model.objects.filter(rows).delete()
    tables = {
        "visit": Visit._meta.db_table,
        "siteday": SiteDay._meta.db_table,
        "serviceday": ServiceDay._meta.db_table,
        "session": Session._meta.db_table,
        "tally": ManualTally._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(_REBUILD_VISITS.format(where=where, **tables), params)
        cursor.execute(_REBUILD_SITE_DAYS.format(where=where, **tables), params * 3)
        cursor.execute(_REBUILD_SERVICE_DAYS.format(where=where, **tables), params)


def _chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _marks(items: list) -> str:
    return ", ".join(["%s"] * len(items))


_REBUILD_VISITS = """
INSERT INTO {visit} (site_id, day, person_key, patron_id, sessions)
SELECT site_id, day,
       CASE WHEN patron_id IS NULL THEN 'g' || CAST(guest_pass_id AS TEXT)
            ELSE 'p' || CAST(patron_id AS TEXT) END,
       patron_id, COUNT(*)
FROM {session} WHERE {where}
GROUP BY site_id, day, patron_id, guest_pass_id
"""
_REBUILD_SITE_DAYS = """
INSERT INTO {siteday} (site_id, day, sessions, visits, tally_visits, tally_users, pages_printed)
SELECT site_id, day, SUM(s), SUM(v), SUM(tv), SUM(tu), SUM(p) FROM (
    SELECT site_id, day, SUM(sessions) AS s, COUNT(*) AS v, 0 AS tv, 0 AS tu, 0 AS p
    FROM {visit} WHERE {where} GROUP BY site_id, day
    UNION ALL
    SELECT site_id, day, 0, 0, 0, 0, SUM(pages_printed)
    FROM {session} WHERE {where} GROUP BY site_id, day
    UNION ALL
    SELECT site_id, day, 0, 0, visits, users, 0
    FROM {tally} WHERE {where}
) AS parts
GROUP BY site_id, day
"""
_REBUILD_SERVICE_DAYS = """
INSERT INTO {serviceday} (site_id, day, service, sessions)
SELECT site_id, day, service, COUNT(*)
FROM {session} WHERE {where}
GROUP BY site_id, day, service
"""
