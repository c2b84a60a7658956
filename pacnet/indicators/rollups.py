"""Keep the usage rollups (Visit, SiteDay, ServiceDay, months, years) equal to the raw records.

Every usage write calls `usage_rollup_refresh` with the (point, day) pairs it touched, in
its own transaction: the rollups are recomputed for exactly those pairs, so they are exact
and a write that is rolled back leaves them untouched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Sum

from pacnet.indicators.models import ServiceDay, SiteDay, Visit
from pacnet.indicators.monthly import site_months_rebuild, site_months_refresh
from pacnet.usage.models import ManualTally, Session

DAYS_PER_QUERY = 400


def person_key(*, patron_id: int | None, guest_pass_id: int | None) -> str:
    return f"p{patron_id}" if patron_id is not None else f"g{guest_pass_id}"


@transaction.atomic
def usage_rollup_refresh(*, site_days: Iterable[tuple[int, dt.date]]) -> None:
    days_of_site: dict[int, set[dt.date]] = defaultdict(set)
    for site_id, day in site_days:
        days_of_site[site_id].add(day)
    for site_id, days in days_of_site.items():
        ordered = sorted(days)
        for i in range(0, len(ordered), DAYS_PER_QUERY):
            _refresh(site_id, ordered[i : i + DAYS_PER_QUERY])
        site_months_refresh(site_id=site_id, days=days)


@transaction.atomic
def usage_rollup_rebuild(*, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Recompute every rollup in [start, end] from the raw records; returns (point, day) pairs.

    Set-based SQL (INSERT … SELECT … GROUP BY, portable to SQLite and PostgreSQL): a full
    rebuild of millions of sessions takes minutes, not hours.
    """
    first, last = start or dt.date(1900, 1, 1), end or dt.date(9999, 12, 31)
    for model in (Visit, SiteDay, ServiceDay):
        model.objects.filter(day__gte=first, day__lte=last).delete()
    tables = {
        "visit": Visit._meta.db_table,
        "siteday": SiteDay._meta.db_table,
        "serviceday": ServiceDay._meta.db_table,
        "session": Session._meta.db_table,
        "tally": ManualTally._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(_REBUILD_VISITS.format(**tables), [first, last])
        cursor.execute(_REBUILD_SITE_DAYS.format(**tables), [first, last] * 3)
        cursor.execute(_REBUILD_SERVICE_DAYS.format(**tables), [first, last])
    site_months_rebuild(start=first, end=last)
    return SiteDay.objects.filter(day__gte=first, day__lte=last).count()


_REBUILD_VISITS = """
INSERT INTO {visit} (site_id, day, person_key, patron_id, sessions)
SELECT site_id, day,
       CASE WHEN patron_id IS NULL THEN 'g' || CAST(guest_pass_id AS TEXT)
            ELSE 'p' || CAST(patron_id AS TEXT) END,
       patron_id, COUNT(*)
FROM {session} WHERE day BETWEEN %s AND %s
GROUP BY site_id, day, patron_id, guest_pass_id
"""
_REBUILD_SITE_DAYS = """
INSERT INTO {siteday} (site_id, day, sessions, visits, tally_visits, tally_users, pages_printed)
SELECT site_id, day, SUM(s), SUM(v), SUM(tv), SUM(tu), SUM(p) FROM (
    SELECT site_id, day, SUM(sessions) AS s, COUNT(*) AS v, 0 AS tv, 0 AS tu, 0 AS p
    FROM {visit} WHERE day BETWEEN %s AND %s GROUP BY site_id, day
    UNION ALL
    SELECT site_id, day, 0, 0, 0, 0, SUM(pages_printed)
    FROM {session} WHERE day BETWEEN %s AND %s GROUP BY site_id, day
    UNION ALL
    SELECT site_id, day, 0, 0, visits, users, 0
    FROM {tally} WHERE day BETWEEN %s AND %s
) AS parts
GROUP BY site_id, day
"""
_REBUILD_SERVICE_DAYS = """
INSERT INTO {serviceday} (site_id, day, service, sessions)
SELECT site_id, day, service, COUNT(*)
FROM {session} WHERE day BETWEEN %s AND %s
GROUP BY site_id, day, service
"""


def _refresh(site_id: int, days: list[dt.date]) -> None:
    for model in (Visit, SiteDay, ServiceDay):
        model.objects.filter(site_id=site_id, day__in=days).delete()
    sessions = Session.objects.filter(site_id=site_id, day__in=days)
    per_person = sessions.values("day", "patron_id", "guest_pass_id").annotate(n=Count("pk"))
    visits = [
        Visit(
            site_id=site_id,
            day=row["day"],
            person_key=person_key(patron_id=row["patron_id"], guest_pass_id=row["guest_pass_id"]),
            patron_id=row["patron_id"],
            sessions=row["n"],
        )
        for row in per_person
    ]
    Visit.objects.bulk_create(visits, batch_size=2000)

    totals: dict[dt.date, SiteDay] = {}

    def total(day: dt.date) -> SiteDay:
        return totals.setdefault(day, SiteDay(site_id=site_id, day=day))

    for visit in visits:
        row = total(visit.day)
        row.sessions += visit.sessions
        row.visits += 1
    for row in sessions.values("day").annotate(pages=Sum("pages_printed")):
        total(row["day"]).pages_printed = row["pages"] or 0
    for tally in ManualTally.objects.filter(site_id=site_id, day__in=days):
        row = total(tally.day)
        row.tally_visits, row.tally_users = tally.visits, tally.users
    SiteDay.objects.bulk_create(totals.values(), batch_size=2000)
    ServiceDay.objects.bulk_create(
        (
            ServiceDay(site_id=site_id, day=row["day"], service=row["service"], sessions=row["n"])
            for row in sessions.values("day", "service").annotate(n=Count("pk"))
        ),
        batch_size=2000,
    )
