"""Equipment indicators and the replacement plan: pages and their files. Thin views."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pacnet.accounts.permissions import Action, visible_site_ids
from pacnet.core.access import require_model
from pacnet.core.exports import FORMATS, export_filename, table_response, user_scope_code
from pacnet.faults.selectors.equipment import equipment_indicators
from pacnet.faults.selectors.replacement import plan_by_point, replacement_plan
from pacnet.faults.tables import indicators_table, replacement_table
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment

FIRST_YEAR = 2012  # the project equipped the points in 2012
PLAN_YEARS_AHEAD = 5


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return default


def asked_month(request, day: dt.date) -> tuple[int, int]:
    """`?year=&month=`; this month when missing, implausible or still to come."""
    year = _int(request.GET.get("year"), day.year)
    month = _int(request.GET.get("month"), day.month)
    if not (FIRST_YEAR <= year <= day.year and 1 <= month <= 12) or (year, month) > (
        day.year,
        day.month,
    ):
        return day.year, day.month
    return year, month


def asked_plan_year(request, day: dt.date) -> int:
    """`?year=`; next year when missing or implausible."""
    year = _int(request.GET.get("year"), day.year + 1)
    return year if day.year - 1 <= year <= day.year + PLAN_YEARS_AHEAD else day.year + 1


def _indicators(request):
    require_model(request, Action.VIEW, Equipment)
    day = today()
    year, month = asked_month(request, day)
    figures = equipment_indicators(
        site_ids=visible_site_ids(request.user), year=year, month=month, today=day
    )
    return figures, indicators_table(figures), day


@login_required
@require_safe
def equipment_indicators_page(request):
    figures, table, day = _indicators(request)
    table.downloads = {
        fmt: reverse("faults:equipment_indicators_export", kwargs={"format": fmt})
        + f"?year={figures.year}&month={figures.month}"
        for fmt in FORMATS
    }
    return render(
        request,
        "faults/equipment_indicators.html",
        {
            "figures": figures,
            "table": table,
            "years": range(day.year, FIRST_YEAR - 1, -1),
            "months": range(1, 13),
        },
    )


@login_required
@require_safe
def equipment_indicators_export(request, format):  # noqa: A002 (route kwarg)
    if format not in FORMATS:
        raise Http404
    figures, table, day = _indicators(request)
    title = f"{table.title} — {figures.month:02d}/{figures.year}"
    if (figures.year, figures.month) == (day.year, day.month):  # a running month: so far
        title += " " + _("(up to %(day)s)") % {"day": day.strftime("%d/%m/%Y")}
    period = f"{figures.year}-{figures.month:02d}"
    filename = export_filename("equipment", user_scope_code(request.user), period)
    return table_response(table, title=title, filename=filename, file_format=format)


def _plan(request):
    require_model(request, Action.VIEW, Equipment)
    day = today()
    year = asked_plan_year(request, day)
    rows = replacement_plan(site_ids=visible_site_ids(request.user), year=year, today=day)
    return year, rows, day


@login_required
@require_safe
def replacement_plan_page(request):
    year, rows, day = _plan(request)
    points = plan_by_point(rows)
    return render(
        request,
        "faults/replacement_plan.html",
        {
            "year": year,
            "years": range(day.year - 1, day.year + PLAN_YEARS_AHEAD + 1),
            "points": points,
            "count": len(rows),
            "total": sum(p.cost for p in points),
            "today": day,
        },
    )


@login_required
@require_safe
def replacement_plan_export(request):
    """The XLSX for the budget estimate: in the site's language (Vietnamese), whoever asks."""
    with translation.override(settings.LANGUAGE_CODE):
        year, rows, day = _plan(request)
        table = replacement_table(rows, year)
        title = _title(year, day)
        filename = export_filename("replacement-plan", user_scope_code(request.user), year)
        return table_response(table, title=title, filename=filename, file_format="xlsx")


def _title(year: int, day: dt.date) -> str:
    return _("Equipment replacement plan %(year)s, estimated at current prices (%(day)s)") % {
        "year": year,
        "day": date_format(day, "SHORT_DATE_FORMAT"),
    }
