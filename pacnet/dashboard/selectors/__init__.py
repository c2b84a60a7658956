"""What the dashboard pages show, assembled from the indicator selectors; the views only render.

Every figure is restricted to the points the user may see. A page is tiles against the
targets, two trend charts (this year against the previous one) and tables; the tables are
`pacnet.core.tables.Table`s, also used by the XLSX and CSV exports.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pacnet.accounts.permissions import Action, user_may, visible_site_ids, visible_unit_ids
from pacnet.alerts.models import Alert
from pacnet.alerts.selectors import alerts_for_panel
from pacnet.core.exports import FORMATS
from pacnet.core.tables import (
    KEY,
    NAME,
    Cell,
    Column,
    Table,
    percent_text,
    spark_points,
    until_text,
    yes_no,
)
from pacnet.faults.selectors.equipment import equipment_indicators
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import (
    hierarchy_on,
    site_unit_on,
    unit_path,
    units_valid_on,
    with_predecessors,
)
from pacnet.indicators.effective import PointYear
from pacnet.indicators.models import SiteDay
from pacnet.indicators.selectors import (
    YearIndicators,
    allowed_site_ids,
    monthly_by_point,
    units_year_indicators,
    year_indicators,
)
from pacnet.inventory.models import Equipment
from pacnet.plans.models import Plan
from pacnet.plans.status import AT_RISK, MET, MISSED, status_label
from pacnet.usage.demo import demo_usage_present

FIRST_YEAR = 2000  # a year asked before this (or after next year) falls back to this year


@dataclass
class Tile:
    key: str
    label: str
    value: str
    detail: str = ""
    target: str = ""
    status: str | None = None
    assessed: bool = True  # False: a figure without a target (sessions), no badge
    rule: str = ""
    note: str = ""  # why a value is "—"

    @property
    def status_text(self) -> str:
        return status_label(self.status)


@dataclass
class Crumb:
    label: str
    url: str = ""


@dataclass
class DashboardPage:
    kind: str  # network | unit | point
    title: str
    year: int
    years: list[int]
    tiles: list[Tile]
    charts: dict
    tables: list[Table]
    crumbs: list[Crumb] = field(default_factory=list)
    year_ended: bool = False
    synthetic: bool = False
    plan_note: str = ""  # whose targets the year is judged against, or that none is in force
    judged: bool = True  # False: no plan in force that year, no met / missed
    until: dt.date | None = None  # a running year: its figures are up to this day
    # The network page only: this month's equipment tiles and the open alerts.
    equipment: list[Tile] = field(default_factory=list)
    alerts: list | None = None

    @property
    def period(self) -> str:
        """The year, and up to which day while it runs ("2026, đến ngày 02/12/2026")."""
        return until_text(self.year, self.until)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)


# --- The year asked and the years offered --------------------------------------------


def asked_year(raw: str | None, today: dt.date | None = None) -> int:
    """The year of `?year=`; this year when missing or implausible."""
    today = today or timezone.localdate()
    try:
        year = int(raw or "")
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year + 1 else today.year


def years_offered(site_ids: set[int] | None, year: int, today: dt.date) -> list[int]:
    """Years with usage at the visible points or under a plan, newest first (two queries)."""
    days = SiteDay.objects.all()
    if site_ids is not None:
        days = days.filter(site_id__in=site_ids)
    span = days.aggregate(first=Min("day"), last=Max("day"))
    years = {today.year, year}
    if span["first"]:
        years |= set(range(span["first"].year, span["last"].year + 1))
    for start, end in Plan.objects.values_list("start", "end"):
        years |= set(range(max(start.year, FIRST_YEAR), min(end.year, today.year + 1) + 1))
    return sorted(years, reverse=True)


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day whose units are shown: the year's end, or today in a running year."""
    return min(dt.date(year, 12, 31), today)


# --- Formatting -------------------------------------------------------------------------


def percent(value: Fraction | float | None, *, signed: bool = False) -> str:
    return percent_text(value, signed=signed)


def _target(value) -> str:
    return percent_text(value, places=0)


def plan_note(yi: YearIndicators) -> str:
    """Which plan's targets judge the year, or that no plan is in force (and nothing is judged)."""
    plan = yi.thresholds.plan
    if plan is None:
        return _(
            "No plan is in force in %(year)s: the figures are shown without judgement against "
            "targets (an effective point is still counted by the default rule: %(days)s days "
            "with a visit and %(ratio)s of its computers working)."
        ) % {
            "year": yi.year,
            "days": yi.thresholds.days_with_visit_min,
            "ratio": _target(yi.thresholds.working_ratio_min),
        }
    return _("Judged against the targets of plan %(plan)s (%(start)s–%(end)s).") % {
        "plan": plan.reference or plan.name,
        "start": plan.start.strftime("%d/%m/%Y"),
        "end": plan.end.strftime("%d/%m/%Y"),
    }


def _fraction(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _year_url(name: str, year: int, **kwargs) -> str:
    return f"{reverse(name, kwargs=kwargs)}?year={year}"


# --- Tiles ------------------------------------------------------------------------------


def _growth_note(value: Fraction | None, year: int, what: str) -> str:
    if value is not None:
        return ""
    return _("No %(what)s in %(year)s to compare with.") % {"what": what, "year": year - 1}


def _growth_detail(yi: YearIndicators, key: str) -> str:
    """Growth on the previous year; while the year runs, over the months ended so far only
    (a part of this year against a whole year would read as a fall)."""
    value = percent(yi.growth_so_far.get(key), signed=True)
    if yi.year_ended:
        return _("%(growth)s on the previous year") % {"growth": value}
    if not yi.months_ended:
        return _("no month of the year has ended yet")
    return _("%(growth)s in months 1–%(month)s on the same months of %(year)s") % {
        "growth": value,
        "month": yi.months_ended,
        "year": yi.year - 1,
    }


def scope_tiles(yi: YearIndicators) -> list[Tile]:
    tiles = _scope_tiles(yi)
    if not yi.judged:  # no plan in force: the figures, without targets or badges
        for tile in tiles:
            tile.target, tile.status, tile.assessed, tile.rule = "", None, False, ""
    return tiles


def _scope_tiles(yi: YearIndicators) -> list[Tile]:
    t = yi.thresholds
    return [
        Tile(
            "visits_growth",
            _("Visits"),
            number_format(yi.visits, force_grouping=True),
            detail=_growth_detail(yi, "visits_growth"),
            target=_("target: growth %(min)s–%(max)s")
            % {"min": _target(t.visits_growth_min), "max": _target(t.visits_growth_max)},
            status=yi.status.get("visits_growth"),
            rule=yi.rules["visits_growth"],
            note=_growth_note(yi.growth_so_far.get("visits_growth"), yi.year, _("visits")),
        ),
        Tile(
            "users_growth",
            _("Users"),
            number_format(yi.users, force_grouping=True),
            detail=_growth_detail(yi, "users_growth"),
            target=_("target: growth at least %(min)s") % {"min": _target(t.users_growth_min)},
            status=yi.status.get("users_growth"),
            rule=yi.rules["users_growth"],
            note=_growth_note(yi.growth_so_far.get("users_growth"), yi.year, _("users")),
        ),
        Tile(
            "effective_share",
            _("Effective points"),
            f"{yi.effective_points} / {yi.counted_points}",
            detail=_("share %(share)s") % {"share": percent(yi.effective_share)},
            target=_("target: %(min)s–%(max)s of the points")
            % {"min": _target(t.effective_share_min), "max": _target(t.effective_share_max)},
            status=yi.status.get("effective_share"),
            rule=yi.rules["effective_share"],
            note=""
            if yi.counted_points
            else _("No point was open during a whole month of the year that has ended."),
        ),
        Tile(
            "sessions",
            _("Sessions"),
            number_format(yi.sessions, force_grouping=True),
            detail=_("uses of a computer"),
            assessed=False,
        ),
    ]


def point_status(point: PointYear, year_ended: bool, judged: bool = True) -> str | None:
    """Effective: met; not (yet) effective: missed, or at risk while the year runs; no plan
    in force: no colour."""
    if not point.counted or not judged:
        return None
    if point.effective:
        return MET
    return MISSED if year_ended else AT_RISK


def point_status_text(point: PointYear) -> str:
    if not point.counted:
        return _("not counted")
    return _("effective") if point.effective else _("not effective")


def point_rule(yi: YearIndicators, point: PointYear) -> str:
    t = yi.thresholds
    return _(
        "Effective when at least %(required)s of its %(counted)s counted months had at least "
        "%(days)s days with a visit and at least %(ratio)s of its computers working on the "
        "month's last day. A counted month is an ended month during all of which the point "
        "was open."
    ) % {
        "required": point.required_months,
        "counted": len(point.counted_months),
        "days": t.days_with_visit_min,
        "ratio": _target(t.working_ratio_min),
    }


def point_tiles(yi: YearIndicators, point: PointYear) -> list[Tile]:
    visits, users = scope_tiles(yi)[:2]
    for tile in (visits, users):
        tile.target, tile.status, tile.assessed, tile.rule = "", None, False, ""
    effective = Tile(
        "effective_months",
        _("Effective months"),
        f"{len(point.effective_months)} / {len(point.counted_months)}",
        detail=_("needs %(required)s") % {"required": point.required_months}
        if point.counted
        else "",
        target=point_status_text(point),
        status=point_status(point, yi.year_ended, yi.judged),
        rule=point_rule(yi, point),
        note="" if point.counted else _("No month of the year has ended while the point was open."),
    )
    sessions = scope_tiles(yi)[3]
    return [sessions, visits, users, effective]


# --- Charts -----------------------------------------------------------------------------


def month_labels() -> list[str]:
    return [pgettext("month, short", "M%(month)s") % {"month": m} for m in range(1, 13)]


def trend_charts(year: int, now: list[dict], before: list[dict], months_ended: int = 12) -> dict:
    """Visits and users per month, the year against the previous one (for Chart.js); a
    running year is drawn up to its last ended month (a month under way would read as a fall)."""
    charts = {}
    for key, title in (("visits", _("Visits per month")), ("users", _("Users per month"))):
        charts[key] = {
            "title": title,
            "labels": month_labels(),
            "series": [
                {
                    "label": str(year),
                    "data": [m[key] if m["month"] <= months_ended else None for m in now],
                },
                {"label": str(year - 1), "data": [m[key] for m in before]},
            ],
        }
    return charts


# --- Tables -----------------------------------------------------------------------------


def _status_cell(status: str | None, note: str = "") -> Cell:
    return Cell(status_label(status), status=status or "none", note=note)


def units_table(
    rows: list[tuple[AdministrativeUnit, YearIndicators]],
    year: int,
    *,
    scope: YearIndicators | None = None,
    direct: tuple[str, YearIndicators] | None = None,
) -> Table:
    """A row per child unit, one for the points directly under the scope (`direct`: its
    label and figures), and the scope's total: sessions, visits and points add up; users
    are distinct persons (one at two units counts once), so the total is the scope's own."""
    table = Table(
        "units",
        _("Units"),
        [
            Column(_("Code")),
            Column(_("Unit"), priority=NAME),
            Column(_("Points counted"), "int"),
            Column(_("Sessions"), "int", priority=KEY),
            Column(_("Visits"), "int", priority=KEY),
            Column(_("Visits growth"), "percent"),
            Column(_("Visits status"), "status"),
            Column(_("Users"), "int", priority=KEY),
            Column(_("Users growth"), "percent"),
            Column(_("Users status"), "status"),
            Column(_("Effective points"), "int", priority=KEY),
            Column(_("Effective share"), "percent"),
            Column(_("Effective status"), "status"),
        ],
        empty=_("No unit below this one has an access point you may see."),
    )
    for unit, yi in rows:
        url = _year_url("dashboard:unit", year, unit_code=unit.code)
        table.rows.append(_unit_row(Cell(unit.code, url=url), Cell(unit.name, url=url), yi))
    if direct is not None:
        label, yi = direct
        table.rows.append(_unit_row(Cell(None), Cell(label), yi))
    if scope is not None and table.rows:
        total = _unit_row(Cell(None), Cell(_("Total")), scope)
        total[7].note = _("Distinct persons: someone who used two units' points counts once.")
        table.totals.append(total)
    return table


def _unit_row(code: Cell, name: Cell, yi: YearIndicators) -> list[Cell]:
    return [
        code,
        name,
        Cell(yi.counted_points),
        Cell(yi.sessions),
        Cell(yi.visits),
        Cell(_fraction(yi.growth_so_far.get("visits_growth"))),
        _status_cell(yi.status.get("visits_growth")),
        Cell(yi.users),
        Cell(_fraction(yi.growth_so_far.get("users_growth"))),
        _status_cell(yi.status.get("users_growth")),
        Cell(yi.effective_points),
        Cell(_fraction(yi.effective_share)),
        _status_cell(yi.status.get("effective_share")),
    ]


def points_table(yi: YearIndicators, months: dict, names: dict[int, str]) -> Table:
    """Every point of the scope; a point without a counted month shows its usage, no users."""
    table = Table(
        "points",
        _("Access points"),
        [
            Column(_("Code")),
            Column(_("Access point"), priority=NAME),
            Column(_("Sessions"), "int", priority=KEY),
            Column(_("Visits"), "int", priority=KEY),
            Column(_("Users"), "int", priority=KEY),
            Column(_("Effective months"), "int"),
            Column(_("Counted months"), "int"),
            Column(pgettext("judgement", "Status"), "status", priority=KEY),
            Column(_("Visits per month"), "spark", exported=False),
        ],
        empty=_("No access point you may see is in this scope."),
    )
    figures = {p.point: p for p in yi.points}
    for point in yi.details:
        url = _year_url("dashboard:point", yi.year, site_code=point.code)
        by_month = months.get(point.site_id, [])
        visits = [m.visits for m in by_month] or [0] * 12
        row = figures.get(point.code)
        if row is not None:
            sessions, total, users = row.sessions, row.visits, row.users
        else:  # not counted: its usage still shows; users of a point-year are not monthly sums
            sessions, total, users = sum(m.sessions for m in by_month), sum(visits), None
        table.rows.append(
            [
                Cell(point.code, url=url),
                Cell(names.get(point.site_id, ""), url=url),
                Cell(sessions),
                Cell(total),
                Cell(users, note="" if users is not None else _("Not counted this year.")),
                Cell(len(point.effective_months)),
                Cell(len(point.counted_months)),
                Cell(
                    point_status_text(point),
                    status=point_status(point, yi.year_ended, yi.judged) or "none",
                    note=point_rule(yi, point) if point.counted else "",
                ),
                Cell(
                    None,
                    spark=spark_points(visits[: yi.months_ended], slots=12),
                    note=", ".join(number_format(v, force_grouping=True) for v in visits),
                ),
            ]
        )
    if table.rows:
        table.totals.append(
            [
                Cell(None),
                Cell(_("Total")),
                Cell(sum(row[2].value or 0 for row in table.rows)),
                Cell(sum(row[3].value or 0 for row in table.rows)),
                Cell(
                    yi.users, note=_("Distinct persons: someone who used two points counts once.")
                ),
                Cell(None),
                Cell(None),
                Cell(
                    _("%(effective)s of %(counted)s effective")
                    % {"effective": yi.effective_points, "counted": yi.counted_points}
                ),
                Cell(None),
            ]
        )
    return table


def trend_table(year: int, now: list[dict], before: list[dict], months_ended: int = 12) -> Table:
    table = Table(
        "months",
        _("Month by month"),
        [
            Column(_("Month"), priority=NAME),
            Column(_("Visits %(year)s") % {"year": year}, "int"),
            Column(_("Visits %(year)s") % {"year": year - 1}, "int"),
            Column(_("Users %(year)s") % {"year": year}, "int"),
            Column(_("Users %(year)s") % {"year": year - 1}, "int"),
        ],
    )
    for m, b in zip(now, before, strict=True):
        ended = m["month"] <= months_ended  # a month under way or to come is not a figure yet
        table.rows.append(
            [
                Cell(f"{m['month']:02d}/{year}"),
                Cell(m["visits"] if ended else None),
                Cell(b["visits"]),
                Cell(m["users"] if ended else None),
                Cell(b["users"]),
            ]
        )
    return table


def month_why(yi: YearIndicators, point: PointYear, month: int, today: dt.date) -> str:
    """Why a month is not effective, or not counted, in plain words."""
    t = yi.thresholds
    if dt.date(yi.year, month, calendar.monthrange(yi.year, month)[1]) >= today:
        return _("The month has not ended.")
    if month not in point.counted_months:
        return _("The point was not open for the whole month.")
    if month in point.effective_months:
        return ""
    reasons = []
    days = point.days_with_visit.get(month, 0)
    working, in_service = point.computers.get(month, (0, 0))
    if days < t.days_with_visit_min:
        reasons.append(
            _("%(days)s days with a visit, fewer than %(min)s.")
            % {"days": days, "min": t.days_with_visit_min}
        )
    if in_service == 0:
        reasons.append(_("No computer in service."))
    elif working < t.working_ratio_min * in_service:
        reasons.append(
            _("%(working)s of %(total)s computers working, fewer than %(ratio)s.")
            % {"working": working, "total": in_service, "ratio": _target(t.working_ratio_min)}
        )
    return " ".join(reasons)


def point_months_table(
    yi: YearIndicators, point: PointYear, now: list[dict], before: list[dict], today: dt.date
) -> Table:
    table = Table(
        "months",
        _("Month by month"),
        [
            Column(_("Month"), priority=NAME),
            Column(_("Sessions"), "int", priority=KEY),
            Column(_("Visits"), "int", priority=KEY),
            Column(_("Users"), "int", priority=KEY),
            Column(_("Visits %(year)s") % {"year": yi.year - 1}, "int"),
            Column(_("Users %(year)s") % {"year": yi.year - 1}, "int"),
            Column(_("Days with a visit"), "int"),
            Column(_("Computers working"), "int"),
            Column(_("Computers in service"), "int"),
            Column(_("Effective"), "status", priority=KEY),
            Column(_("Why")),
        ],
    )
    for m, b in zip(now, before, strict=True):
        month = m["month"]
        counted = month in point.counted_months
        effective = month in point.effective_months if counted else None
        working, in_service = point.computers.get(month, (None, None))
        table.rows.append(
            [
                Cell(f"{month:02d}/{yi.year}"),
                Cell(m["sessions"]),
                Cell(m["visits"]),
                Cell(m["users"]),
                Cell(b["visits"]),
                Cell(b["users"]),
                Cell(point.days_with_visit.get(month) if counted else None),
                Cell(working),
                Cell(in_service),
                Cell(yes_no(effective), status={True: MET, False: MISSED}.get(effective, "none")),
                Cell(month_why(yi, point, month, today)),
            ]
        )
    return table


# --- Pages ------------------------------------------------------------------------------


def _scope_parts(yi: YearIndicators, year: int) -> dict:
    """Charts and the points and months tables of a network or unit scope."""
    ids = yi.site_ids
    now, before = yi.series, yi.previous_series
    names = dict(Site.objects.filter(pk__in=ids).values_list("pk", "name"))
    months = monthly_by_point(site_ids=ids, year=year)
    return {
        "charts": trend_charts(year, now, before, yi.months_ended),
        "tables": [
            points_table(yi, months, names),
            trend_table(year, now, before, yi.months_ended),
        ],
    }


def _units_table(yi: YearIndicators, units: list, year, visible, today, label: str) -> Table:
    """The child units' rows, then one for the scope's points under none of them (`label`)."""
    rows = units_year_indicators(units=units, year=year, site_ids=visible, today=today)
    under_children = set().union(*(child.site_ids for _unit, child in rows))
    direct = None
    if rest := yi.site_ids - under_children:
        direct = (label, year_indicators(year=year, site_ids=rest, today=today))
    return units_table(rows, year, scope=yi, direct=direct)


def _units_with_points(unit_ids, day: dt.date, visible: set[int] | None, hierarchy) -> list:
    """Those of the units valid on the day with a visible point under them then, by name."""
    keep = [u for u in unit_ids if allowed_site_ids(hierarchy.site_ids_under([u]), visible)]
    return list(units_valid_on(day).filter(pk__in=keep).order_by("name"))


def _page(kind, title, user, year, today, yi, crumbs, code=None, **parts) -> DashboardPage:
    prefix, kwargs = {"network": ("", {}), "unit": ("unit_", {"unit_code": code})}.get(
        kind, ("point_", {"site_code": code})
    )
    for table in parts["tables"]:
        table.downloads = {
            fmt: _year_url(f"dashboard:{prefix}{table.name}_export", year, format=fmt, **kwargs)
            for fmt in FORMATS
        }
    return DashboardPage(
        kind=kind,
        title=title,
        year=year,
        years=years_offered(visible_site_ids(user), year, today),
        tiles=parts.pop("tiles", None) or scope_tiles(yi),
        crumbs=crumbs,
        year_ended=yi.year_ended,
        synthetic=demo_usage_present(),
        plan_note=plan_note(yi),
        judged=yi.judged,
        until=today if year == today.year else None,
        **parts,
    )


def _root_crumb(year: int) -> Crumb:
    return Crumb(_("Dashboard"), _year_url("dashboard:dashboard", year))


def network_page(*, user, year: int, today: dt.date | None = None) -> DashboardPage:
    """The top of the user's scope: every visible point, and the topmost visible units."""
    today = today or timezone.localdate()
    visible, units_seen = visible_site_ids(user), visible_unit_ids(user)
    yi = year_indicators(year=year, site_ids=visible, today=today)
    day = reference_day(year, today)
    hierarchy = hierarchy_on(day)
    valid = set(units_valid_on(day).values_list("pk", flat=True))
    seen = valid if units_seen is None else valid & units_seen
    tops = [u for u in seen if hierarchy.parent_of.get(u) not in seen]
    units = _units_with_points(tops, day, visible, hierarchy)
    parts = _scope_parts(yi, year)
    other = _("Points under none of these units")
    parts["tables"].insert(0, _units_table(yi, units, year, visible, today, other))
    page = _page("network", _("Dashboard"), user, year, today, yi, [], **parts)
    page.equipment, page.alerts = equipment_panel(user, today)
    return page


def equipment_panel(user, today: dt.date) -> tuple[list[Tile], list | None]:
    """This month's equipment tiles and the user's open alerts, for those who may see them."""
    tiles = equipment_tiles(user, today) if user_may(user, Action.VIEW, Equipment) else []
    alerts = alerts_for_panel(user) if user_may(user, Action.VIEW, Alert) else None
    return tiles, alerts


def equipment_tiles(user, today: dt.date) -> list[Tile]:
    """Working ratio, open faults, overdue maintenance and warranties ending, this month."""
    figures = equipment_indicators(
        site_ids=visible_site_ids(user), year=today.year, month=today.month, today=today
    )
    total = figures.total
    old_faults = total.open_by_age["31-90"] + total.open_by_age["90+"]
    return [
        Tile(
            "working_ratio",
            _("Computers working"),
            percent(total.working_ratio),
            detail=_("%(working)s of %(total)s in service")
            % {"working": total.working, "total": total.in_service},
            status=MISSED if figures.below_minimum(total) else None,
            assessed=False,
        ),
        Tile(
            "open_faults",
            _("Open faults"),
            number_format(total.open_faults, force_grouping=True),
            detail=_("%(count)s open more than 30 days") % {"count": old_faults},
            assessed=False,
        ),
        Tile(
            "overdue_maintenance",
            _("Maintenance overdue"),
            number_format(total.overdue_maintenance, force_grouping=True),
            detail=_("items"),
            assessed=False,
        ),
        Tile(
            "warranties_ending",
            _("Warranties ending"),
            number_format(total.warranties_ending, force_grouping=True),
            detail=_("within 90 days"),
            assessed=False,
        ),
    ]


def unit_page(*, user, unit: AdministrativeUnit, year: int, today=None) -> DashboardPage:
    """A unit: its points during the year; its child units (and those of the units it
    succeeded) as of the year's end, today, or its own last day, whichever is earliest."""
    today = today or timezone.localdate()
    visible, units_seen = visible_site_ids(user), visible_unit_ids(user)
    yi = year_indicators(year=year, scope=unit, site_ids=visible, today=today)
    day = reference_day(year, today)
    if unit.valid_to and unit.valid_to < day:
        day = unit.valid_to
    hierarchy = hierarchy_on(day)
    children = {c for u in with_predecessors([unit.pk]) for c in hierarchy.children_of.get(u, ())}
    if units_seen is not None:
        children &= units_seen
    units = _units_with_points(children, day, visible, hierarchy)
    parts = _scope_parts(yi, year)
    direct = _("Points directly under %(unit)s") % {"unit": unit.name}
    parts["tables"].insert(0, _units_table(yi, units, year, visible, today, direct))
    crumbs = [_root_crumb(year), *_unit_crumbs(unit_path(unit, day), units_seen, year)]
    crumbs[-1].url = ""
    return _page("unit", unit.name, user, year, today, yi, crumbs, unit.code, **parts)


def _unit_crumbs(path: list[AdministrativeUnit], units_seen, year: int) -> list[Crumb]:
    return [
        Crumb(u.name, _year_url("dashboard:unit", year, unit_code=u.code))
        for u in path
        if units_seen is None or u.pk in units_seen
    ]


def point_page(*, user, site: Site, year: int, today=None) -> DashboardPage:
    """One point: its year, month by month, and why each month was (not) effective."""
    today = today or timezone.localdate()
    units_seen = visible_unit_ids(user)
    yi = year_indicators(year=year, scope=site, site_ids=[site.pk], today=today)
    point = yi.details[0] if yi.details else PointYear(site.pk, site.code)
    now, before = yi.series, yi.previous_series
    day = reference_day(year, today)
    unit = site_unit_on(site, day)
    path = unit_path(unit, day) if unit else []
    crumbs = [_root_crumb(year), *_unit_crumbs(path, units_seen, year), Crumb(site.name)]
    return _page(
        "point",
        site.name,
        user,
        year,
        today,
        yi,
        crumbs,
        site.code,
        tiles=point_tiles(yi, point),
        charts=trend_charts(year, now, before, yi.months_ended),
        tables=[point_months_table(yi, point, now, before, today)],
    )
