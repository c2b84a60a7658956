"""The plan's indicators for any scope and period, read from the rollups only.

Sessions and visits are sums of SiteDay; users are distinct Visit.person_key plus the
tallied users; effective points come from `pacnet.indicators.effective`. usage.Session is
never scanned here. Definitions: BRIEF.md, "Decisions taken on top of the plan".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import (
    hierarchies_during,
    hierarchies_overlapping,
    predecessors_of,
    site_ids_under_units_by_year,
    units_ever_under,
    with_predecessors,
)
from pacnet.indicators.breakdowns import breakdowns  # noqa: F401  (part of this interface)
from pacnet.indicators.effective import PointYear, days_with_visit_of, ended_months, points_year
from pacnet.indicators.models import SiteDay, SiteMonth, SiteYear, Visit
from pacnet.indicators.site_sets import site_set_months, site_sets_months, usage_sums
from pacnet.indicators.status import INDICATORS, indicator_rules, targets
from pacnet.plans.selectors import Thresholds, thresholds_for_year
from pacnet.plans.status import judge

DECIMALS = 4  # growth and shares in the JSON contract: floats rounded to 4 decimals


@dataclass(frozen=True)
class Figures:
    sessions: int = 0
    visits: int = 0
    users: int = 0


def period_figures(*, site_ids: Iterable[int], start: dt.date, end: dt.date) -> Figures:
    """Sessions, visits and users of the points over [start, end].

    From 1 January to a month's end (a year, or a year to date) it reads the cached figure
    set (three small queries); any other period reads the day rollups (two queries).
    """
    site_ids = list(site_ids)
    if _year_to_month_end(start, end):
        return figures_to_month(site_set_months(site_ids=site_ids, year=start.year), end.month)
    days = SiteDay.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end)
    totals = days.aggregate(
        sessions=Coalesce(Sum("sessions"), 0),
        visits=Coalesce(Sum("visits"), 0),
        tally_visits=Coalesce(Sum("tally_visits"), 0),
        tally_users=Coalesce(Sum("tally_users"), 0),
    )
    persons = Visit.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end).aggregate(
        n=Count("person_key", distinct=True)
    )["n"]
    return Figures(
        sessions=totals["sessions"],
        visits=totals["visits"] + totals["tally_visits"],
        users=persons + totals["tally_users"],
    )


def figures_by_point(
    *, site_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[int, Figures]:
    """Per point over [start, end]; a person at two points is a user of each (two queries)."""
    site_ids = list(site_ids)
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return year_figures_by_point(year_months(site_ids, start.year), start.year)
    sums = SiteDay.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end)
    persons = (
        Visit.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end)
        .values("site_id")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("site_id", "n")
    )
    users = dict(persons)
    return {
        row["site_id"]: Figures(
            sessions=row["sessions"],
            visits=row["visits"] + row["tally_visits"],
            users=users.get(row["site_id"], 0) + row["tally_users"],
        )
        for row in sums.values("site_id").annotate(**usage_sums())
    }


MONTH_ROW = (
    "site_id",
    "month",
    "days_with_visit",
    "sessions",
    "visits",
    "tally_visits",
    "tally_users",
)


def year_months(site_ids: Iterable[int], year: int) -> list[tuple]:
    """The points' SiteMonth rows of the year, as MONTH_ROW tuples (one query): what both the
    effective-point rule and the per-point figures read."""
    rows = SiteMonth.objects.filter(site_id__in=list(site_ids), month__year=year)
    return list(rows.values_list(*MONTH_ROW))


def year_figures_by_point(rows: list[tuple], year: int) -> dict[int, Figures]:
    """Per point, the year's figures from its `year_months` rows and its distinct persons."""
    sums: dict[int, list[int]] = {}
    for site_id, _month, _days, sessions, visits, tally_visits, tally_users in rows:
        total = sums.setdefault(site_id, [0, 0, 0])
        total[0] += sessions
        total[1] += visits + tally_visits
        total[2] += tally_users
    persons = dict(
        SiteYear.objects.filter(site_id__in=list(sums), year=year).values_list("site_id", "persons")
    )
    return {
        site_id: Figures(sessions=s, visits=v, users=persons.get(site_id, 0) + tallied)
        for site_id, (s, v, tallied) in sums.items()
    }


def figures_to_month(months: list[dict[str, int]], month: int) -> Figures:
    """From 1 January to the month's end, out of a figure set's months."""
    upto = months[:month]
    return Figures(
        sessions=sum(m["sessions"] for m in upto),
        visits=sum(m["visits"] for m in upto),
        users=upto[-1]["persons_to_date"] + upto[-1]["tally_users_to_date"],
    )


def monthly_series(*, site_ids: Iterable[int], year: int) -> list[dict[str, int]]:
    """The 12 months of the year: {month, sessions, visits, users} (two or three queries)."""
    return _series(site_set_months(site_ids=site_ids, year=year))


def _series(months: list[dict[str, int]]) -> list[dict[str, int]]:
    return [
        {"month": n, "sessions": m["sessions"], "visits": m["visits"], "users": m["users"]}
        for n, m in enumerate(months, start=1)
    ]


def monthly_by_point(*, site_ids: Iterable[int], year: int) -> dict[int, list[Figures]]:
    """Per point, its 12 months of the year (for spark-lines); points without usage omitted."""
    result: dict[int, list[Figures]] = {}
    for row in SiteMonth.objects.filter(site_id__in=list(site_ids), month__year=year):
        months = result.setdefault(row.site_id, [Figures()] * 12)
        months[row.month.month - 1] = Figures(
            sessions=row.sessions,
            visits=row.visits + row.tally_visits,
            users=row.persons + row.tally_users,
        )
    return result


def _year_to_month_end(start: dt.date, end: dt.date) -> bool:
    """True for 1 January to the end of a month of the same year."""
    return (
        start == dt.date(start.year, 1, 1)
        and end.year == start.year
        and (end + dt.timedelta(days=1)).day == 1
    )


# --- Scope ---------------------------------------------------------------------------


def scope_site_ids_by_year(
    scope: Site | AdministrativeUnit | None, *, years: Iterable[int]
) -> dict[int, set[int]]:
    """The points of the scope in each year: a unit's are those under it (or under a unit it
    succeeded) at some time during that year; None is every point. The unit's history is
    read once for all the years."""
    years = list(years)
    if scope is None:
        every = set(Site.objects.values_list("pk", flat=True))
        return {year: every for year in years}
    if isinstance(scope, Site):
        return {year: {scope.pk} for year in years}
    return site_ids_under_units_by_year(with_predecessors([scope.pk]), years)


# --- The year's indicators -------------------------------------------------------------


def growth(value: int, previous: int) -> Fraction | None:
    """value / previous − 1, exact; None when the previous value is zero."""
    return None if previous == 0 else Fraction(value, previous) - 1


def rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


@dataclass
class PointIndicators:
    point: str
    sessions: int
    visits: int
    users: int
    effective_months: int
    counted_months: int
    effective: bool


@dataclass
class ScopeFigures:
    """The indicators of one scope over one period, as the JSON contract names them."""

    scope: str | None
    sessions: int
    visits: int
    users: int
    users_growth: Fraction | None
    visits_growth: Fraction | None
    counted_points: int
    effective_points: int
    effective_share: Fraction | None
    points: list[PointIndicators]


@dataclass
class YearIndicators(ScopeFigures):
    year: int
    thresholds: Thresholds
    year_ended: bool
    status: dict[str, str | None] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)
    details: list[PointYear] = field(default_factory=list)
    # The trend: {month, sessions, visits, users} × 12 of the year and of the previous year.
    series: list[dict[str, int]] = field(default_factory=list)
    previous_series: list[dict[str, int]] = field(default_factory=list)
    # What the status judges: growth over the months ended so far (all 12 once the year ended)
    # against the same months of the previous year.
    months_ended: int = 0
    growth_so_far: dict[str, Fraction | None] = field(default_factory=dict)
    site_ids: set[int] = field(default_factory=set)  # the scope's points that year, as seen

    @property
    def judged(self) -> bool:
        """Judged against targets only under a plan covering the year (plan_for_year)."""
        return self.thresholds.plan is not None

    def as_dict(self) -> dict:
        """Exactly the JSON contract of `pacnet indicators`."""
        return {"scope": self.scope, "year": self.year, **figures_dict(self)}


def figures_dict(result: ScopeFigures) -> dict:
    """The figures of a year's or a period's indicators, as the JSON contract writes them."""
    return {
        "sessions": result.sessions,
        "visits": result.visits,
        "users": result.users,
        "users_growth": rounded(result.users_growth),
        "visits_growth": rounded(result.visits_growth),
        "counted_points": result.counted_points,
        "effective_points": result.effective_points,
        "effective_share": rounded(result.effective_share),
        "points": [vars(p).copy() for p in result.points],
    }


def year_indicators(
    *,
    year: int,
    scope: Site | AdministrativeUnit | None = None,
    site_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> YearIndicators:
    """The year's figures, growth, effective points and status for the scope.

    `site_ids` restricts the scope (e.g. to the points a user may see); `today` decides
    which months have ended (injectable for tests).
    """
    today = today or timezone.localdate()
    both = scope_site_ids_by_year(scope, years=[year - 1, year])
    ids = allowed_site_ids(both[year], site_ids)
    previous_ids = allowed_site_ids(both[year - 1], site_ids)
    thresholds = thresholds_for_year(year)
    rows = year_months(ids, year)  # read once for the effective months and the point rows
    details = points_year(
        site_ids=ids,
        year=year,
        today=today,
        thresholds=thresholds,
        days_with_visit=days_with_visit_of(rows),
    )
    per_point = year_figures_by_point(rows, year)
    months = site_sets_months([(ids, year), (previous_ids, year - 1)])
    code = getattr(scope, "code", None)
    result = _year_result(code, year, ids, months, details, today, thresholds)
    result.points = [
        _point_row(p, per_point.get(p.site_id, Figures())) for p in details if p.counted
    ]
    return result


def units_year_indicators(
    *,
    units: Iterable[AdministrativeUnit],
    year: int,
    site_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> list[tuple[AdministrativeUnit, YearIndicators]]:
    """`year_indicators` of several units at once (their rows in a table), without the list
    of points: the hierarchy and the effective months are read once for all of them."""
    today = today or timezone.localdate()
    units = list(units)
    forerunners = predecessors_of([u.pk for u in units])
    subtree = units_ever_under(set().union(*forerunners.values()))
    both = hierarchies_during(dt.date(year - 1, 1, 1), dt.date(year, 12, 31), within=subtree)
    during = {
        y: hierarchies_overlapping(both, dt.date(y, 1, 1), dt.date(y, 12, 31))
        for y in (year, year - 1)
    }

    def points_of(unit: AdministrativeUnit, y: int) -> set[int]:
        found: set[int] = set()
        for hierarchy in during[y]:
            found |= hierarchy.site_ids_under(forerunners[unit.pk])
        return allowed_site_ids(found, site_ids)

    scopes = {u.pk: (points_of(u, year), points_of(u, year - 1)) for u in units}
    everyone = set().union(*(ids for ids, _ in scopes.values()))
    thresholds = thresholds_for_year(year)
    details = points_year(site_ids=everyone, year=year, today=today, thresholds=thresholds)
    wanted = [
        (ids, y) for now, before in scopes.values() for ids, y in ((now, year), (before, year - 1))
    ]
    months = site_sets_months(wanted)
    rows = []
    for n, unit in enumerate(units):
        ids = scopes[unit.pk][0]
        mine = [p for p in details if p.site_id in ids]
        both = months[2 * n : 2 * n + 2]
        rows.append((unit, _year_result(unit.code, year, ids, both, mine, today, thresholds)))
    return rows


def allowed_site_ids(ids: set[int], site_ids: Iterable[int] | None) -> set[int]:
    """The points of `ids` among `site_ids` (those a user may see); None restricts nothing."""
    return ids if site_ids is None else ids & set(site_ids)


def _year_result(
    code, year: int, ids, both_months, details, today: dt.date, thresholds: Thresholds
) -> YearIndicators:
    """`both_months`: the figure sets of the scope's points this year and the year before."""
    months, previous_months = both_months
    now, before = figures_to_month(months, 12), figures_to_month(previous_months, 12)
    counted = [p for p in details if p.counted]
    effective = sum(p.effective for p in counted)
    result = YearIndicators(
        scope=code,
        year=year,
        sessions=now.sessions,
        visits=now.visits,
        users=now.users,
        users_growth=growth(now.users, before.users),
        visits_growth=growth(now.visits, before.visits),
        counted_points=len(counted),
        effective_points=effective,
        effective_share=Fraction(effective, len(counted)) if counted else None,
        points=[],
        thresholds=thresholds,
        year_ended=dt.date(year, 12, 31) < today,
        details=details,
        series=_series(months),
        previous_series=_series(previous_months),
        site_ids=set(ids),
    )
    result.status = _statuses(result, months, previous_months, today)
    result.rules = indicator_rules(thresholds)
    return result


def _point_row(point: PointYear, figures: Figures) -> PointIndicators:
    return PointIndicators(
        point=point.code,
        sessions=figures.sessions,
        visits=figures.visits,
        users=figures.users,
        effective_months=len(point.effective_months),
        counted_months=len(point.counted_months),
        effective=point.effective,
    )


def _statuses(result: YearIndicators, months, previous_months, today: dt.date) -> dict:
    goals = targets(result.thresholds)
    ended = ended_months(result.year, today)
    result.months_ended = len(ended)
    if not ended:  # no month of the year has ended: nothing to judge yet
        result.growth_so_far = dict.fromkeys(("users_growth", "visits_growth"))
        return dict.fromkeys(INDICATORS)
    # The trend: the months ended so far against the same months of the previous year.
    now = figures_to_month(months, ended[-1])
    before = figures_to_month(previous_months, ended[-1])
    result.growth_so_far = {
        "users_growth": growth(now.users, before.users),
        "visits_growth": growth(now.visits, before.visits),
    }
    if not result.judged:  # no plan in force that year: figures without met / missed
        return dict.fromkeys(INDICATORS)
    values = {**result.growth_so_far, "effective_share": result.effective_share}
    ended_year = result.year_ended
    return {k: judge(values[k], goals[k], year_ended=ended_year) for k in INDICATORS}
