"""The benchmark's baseline: the same figures by GROUP BY over raw usage.Session, no rollups.

Visits are distinct (point, day, person), users distinct persons, days with a visit distinct
days per point and month — exactly the definitions of BRIEF.md, computed the slow way.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

TABLE = "usage_session"


def _where(site_ids, start: dt.date, end: dt.date) -> tuple[str, list]:
    marks = ", ".join(["%s"] * len(site_ids))
    return f"site_id IN ({marks}) AND day >= %s AND day <= %s", [*site_ids, start, end]


def _month() -> str:
    if connection.vendor == "sqlite":
        return "CAST(strftime('%%m', day) AS INTEGER)"
    return "CAST(EXTRACT(MONTH FROM day) AS INTEGER)"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def period_figures(*, site_ids, start: dt.date, end: dt.date) -> tuple[int, int, int]:
    where, params = _where(list(site_ids), start, end)
    sessions = _rows(f"SELECT COUNT(*) FROM {TABLE} WHERE {where}", params)[0][0]
    visits = _rows(
        f"SELECT COUNT(*) FROM (SELECT DISTINCT site_id, day, patron_id, guest_pass_id"
        f" FROM {TABLE} WHERE {where}) v",
        params,
    )[0][0]
    users = _rows(
        f"SELECT COUNT(*) FROM (SELECT DISTINCT patron_id, guest_pass_id"
        f" FROM {TABLE} WHERE {where}) u",
        params,
    )[0][0]
    return sessions, visits, users


def by_point(*, site_ids, start: dt.date, end: dt.date) -> dict[int, tuple[int, int, int]]:
    where, params = _where(list(site_ids), start, end)
    sessions = dict(
        _rows(f"SELECT site_id, COUNT(*) FROM {TABLE} WHERE {where} GROUP BY site_id", params)
    )
    visits = dict(
        _rows(
            f"SELECT site_id, COUNT(*) FROM (SELECT DISTINCT site_id, day, patron_id, guest_pass_id"
            f" FROM {TABLE} WHERE {where}) v GROUP BY site_id",
            params,
        )
    )
    users = dict(
        _rows(
            f"SELECT site_id, COUNT(*) FROM (SELECT DISTINCT site_id, patron_id, guest_pass_id"
            f" FROM {TABLE} WHERE {where}) u GROUP BY site_id",
            params,
        )
    )
    return {s: (n, visits.get(s, 0), users.get(s, 0)) for s, n in sessions.items()}


def effective_months(*, site_ids, year: int, days_min: int = 15) -> dict[str, int]:
    """Per point code, months with at least `days_min` days with a visit (every computer
    works in the bench, so the working-computer rule holds every month)."""
    site_ids = list(site_ids)
    where, params = _where(site_ids, dt.date(year, 1, 1), dt.date(year, 12, 31))
    rows = _rows(
        f"SELECT site_id, m, COUNT(*) FROM (SELECT DISTINCT site_id, day, {_month()} AS m"
        f" FROM {TABLE} WHERE {where}) d GROUP BY site_id, m",
        params,
    )
    marks = ", ".join(["%s"] * len(site_ids))
    code = dict(_rows(f"SELECT id, code FROM geography_site WHERE id IN ({marks})", site_ids))
    out: dict[str, int] = {}
    for site_id, _m, days in rows:
        out[code[site_id]] = out.get(code[site_id], 0) + (days >= days_min)
    return out


def monthly_series(*, site_ids, year: int) -> list[dict[str, int]]:
    where, params = _where(list(site_ids), dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = _month()
    sessions = dict(
        _rows(f"SELECT {month} AS m, COUNT(*) FROM {TABLE} WHERE {where} GROUP BY m", params)
    )
    visits = dict(
        _rows(
            f"SELECT m, COUNT(*) FROM (SELECT DISTINCT {month} AS m, site_id, day, patron_id,"
            f" guest_pass_id FROM {TABLE} WHERE {where}) v GROUP BY m",
            params,
        )
    )
    users = dict(
        _rows(
            f"SELECT m, COUNT(*) FROM (SELECT DISTINCT {month} AS m, patron_id, guest_pass_id"
            f" FROM {TABLE} WHERE {where}) u GROUP BY m",
            params,
        )
    )
    return [
        {
            "month": m,
            "sessions": sessions.get(m, 0),
            "visits": visits.get(m, 0),
            "users": users.get(m, 0),
        }
        for m in range(1, 13)
    ]


def year_figures(*, site_ids, year: int) -> dict:
    site_ids = list(site_ids)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    sessions, visits, users = period_figures(site_ids=site_ids, start=start, end=end)
    before = period_figures(
        site_ids=site_ids, start=dt.date(year - 1, 1, 1), end=dt.date(year - 1, 12, 31)
    )
    return {
        "sessions": sessions,
        "visits": visits,
        "users": users,
        "previous": before,
        "points": by_point(site_ids=site_ids, start=start, end=end),
        "effective_months": effective_months(site_ids=site_ids, year=year),
    }


def dashboard(*, site_ids, year: int):
    return (
        year_figures(site_ids=site_ids, year=year),
        monthly_series(site_ids=site_ids, year=year),
        monthly_series(site_ids=site_ids, year=year - 1),
    )


def check_same(label: str, fast, slow) -> None:
    """Fail loudly if the rollups and the raw sessions disagree: a fast wrong answer is no win."""
    if isinstance(slow, tuple) and len(slow) == 3 and isinstance(slow[0], int):
        got = (fast.sessions, fast.visits, fast.users)
        assert got == slow, f"{label}: rollups {got} != naive {slow}"
        return
    if isinstance(slow, tuple):
        (year_fast, *series_fast), (year_slow, *series_slow) = fast, slow
        assert series_fast == series_slow, f"{label}: monthly series differ"
        fast, slow = year_fast, year_slow
    got = (fast["sessions"], fast["visits"], fast["users"])
    want = (slow["sessions"], slow["visits"], slow["users"])
    assert got == want, f"{label}: rollups {got} != naive {want}"
    effective = {p["point"]: p["effective_months"] for p in fast["points"] if p["effective_months"]}
    wanted = {code: n for code, n in slow["effective_months"].items() if n}
    assert effective == wanted, f"{label}: effective months differ"
