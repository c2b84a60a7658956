"""The home page, a point's day, the dashboard pages and their table exports: thin views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pacnet.accounts.permissions import Action
from pacnet.core.access import object_for, require_model
from pacnet.core.exports import FORMATS, export_filename, table_response
from pacnet.core.tables import title_line
from pacnet.dashboard import selectors as dashboard
from pacnet.dashboard.selectors.point_day import home_summary, point_days
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.plans.models import Plan
from pacnet.usage.forms import PatronSearchForm
from pacnet.usage.views import computers_context

# The usage figures and the plan's targets: any role that may view both may see the dashboard.
VIEW_TARGET = Plan


def _page(request, unit_code=None, site_code=None) -> dashboard.DashboardPage:
    require_model(request, Action.VIEW, VIEW_TARGET)
    year = dashboard.asked_year(request.GET.get("year"))
    if site_code is not None:
        site = object_for(request, Action.VIEW, Site, code=site_code)
        return dashboard.point_page(user=request.user, site=site, year=year)
    if unit_code is not None:
        unit = object_for(request, Action.VIEW, AdministrativeUnit, code=unit_code)
        return dashboard.unit_page(user=request.user, unit=unit, year=year)
    return dashboard.network_page(user=request.user, year=year)


def _render(request, page: dashboard.DashboardPage):
    return render(request, "dashboard/dashboard.html", {"page": page})


@login_required
@require_safe
def network(request):
    return _render(request, _page(request))


@login_required
@require_safe
def unit(request, unit_code):
    return _render(request, _page(request, unit_code=unit_code))


@login_required
@require_safe
def point(request, site_code):
    return _render(request, _page(request, site_code=site_code))


@login_required
@require_safe
def export(request, table, format, unit_code=None, site_code=None):  # noqa: A002 (route kwarg)
    if format not in FORMATS:
        raise Http404
    page = _page(request, unit_code=unit_code, site_code=site_code)
    found = page.table(table)
    if found is None:
        raise Http404
    title = title_line(
        scope=f"{found.title} — {page.title}",
        year=page.year,
        synthetic=page.synthetic,
        until=page.until,
    )
    scope = unit_code or site_code or "network"
    filename = export_filename(table, scope, page.year)
    return table_response(found, title=title, filename=filename, file_format=format)


@login_required
def home(request):
    """Point staff land on their point's day; everyone else on the network's figures."""
    days = point_days(request.user)
    if days:
        context = {
            "days": [{"day": d, "tiles": computers_context(request, d.site)} for d in days],
            "search": PatronSearchForm(),
        }
        return render(request, "dashboard/point_day.html", context)
    return render(request, "dashboard/home.html", {"summary": home_summary(request.user)})
