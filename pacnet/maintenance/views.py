"""Preventive maintenance pages: the schedule, the plans and their checklists, visits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pacnet.accounts.permissions import Action, visible_site_ids
from pacnet.core.access import object_for, require_model
from pacnet.core.forms import add_service_error
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.maintenance import services
from pacnet.maintenance.forms import MaintenancePlanForm, ScheduleFilterForm, VisitForm
from pacnet.maintenance.models import MaintenancePlan, MaintenanceVisit
from pacnet.maintenance.selectors import (
    items_for_visit,
    maintenance_schedule,
    may_manage_plans,
    may_record_visit,
    plan_checklist,
    plans_with_checklists,
    visit_details,
    visits_of,
)

SOURCE = "web"
RECENT_VISITS = 20


@login_required
def maintenance_schedule_list(request):
    require_model(request, Action.VIEW, MaintenanceVisit)
    filters = ScheduleFilterForm(request.GET, user=request.user)
    rows, site_ids = [], visible_site_ids(request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["site"]:
            site_ids = [data["site"].pk]
        plan_ids = [data["plan"].pk] if data["plan"] else None
        rows = maintenance_schedule(site_ids=site_ids, today=today(), plan_ids=plan_ids)
        if data["overdue"]:
            rows = [r for r in rows if r.overdue]
    return render(
        request,
        "maintenance/schedule.html",
        {
            "filters": filters,
            "rows": rows,
            "overdue_count": sum(r.overdue for r in rows),
            "visits": list(visits_of(site_ids)[:RECENT_VISITS]),
            "may_record": may_record_visit(request.user),
            "may_manage": may_manage_plans(request.user),
        },
    )


@login_required
def maintenance_plan_list(request):
    require_model(request, Action.VIEW, MaintenancePlan)
    return render(
        request,
        "maintenance/plan_list.html",
        {"plans": plans_with_checklists(), "may_manage": may_manage_plans(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def maintenance_plan_create(request):
    if not may_manage_plans(request.user):
        raise PermissionDenied
    form = MaintenancePlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.maintenance_plan_create(
                actor=request.user, source=SOURCE, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The plan “%(name)s” was added.") % {"name": plan.name})
            return redirect("maintenance:plan_list")
    return render(request, "maintenance/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def maintenance_plan_update(request, maintenance_plan_id: int):
    if not may_manage_plans(request.user):
        raise PermissionDenied
    plan = get_object_or_404(MaintenancePlan, pk=maintenance_plan_id)
    data = request.POST if request.method == "POST" else None
    # The form edits a copy: the service must see the plan as it was, to audit the change.
    form = MaintenancePlanForm(data, instance=MaintenancePlan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.maintenance_plan_update(
                actor=request.user, plan=plan, source=SOURCE, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The plan “%(name)s” was saved.") % {"name": plan.name})
            return redirect("maintenance:plan_list")
    return render(request, "maintenance/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def maintenance_visit_create(request, site_code: str, maintenance_plan_id: int):
    site = object_for(request, Action.VIEW, Site, code=site_code)
    if not may_record_visit(request.user, site):
        raise PermissionDenied
    plan = get_object_or_404(MaintenancePlan, pk=maintenance_plan_id, active=True)
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        tasks=plan_checklist(plan),
        items=items_for_visit(site, plan, today()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.maintenance_visit_record(
                actor=request.user,
                site=site,
                plan=plan,
                visited_on=data["visited_on"],
                results=form.results(),
                items=data["items"],
                done_by_name=data["done_by_name"],
                note=data["note"],
                source=SOURCE,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Visit of %(day)s recorded at %(code)s.")
                % {"day": visit.visited_on.strftime("%d/%m/%Y"), "code": site.code},
            )
            return redirect("maintenance:schedule")
    return render(
        request, "maintenance/visit_form.html", {"form": form, "site": site, "plan": plan}
    )


@login_required
def maintenance_visit_detail(request, visit_id: int):
    visit = object_for(
        request,
        Action.VIEW,
        MaintenanceVisit.objects.select_related("site", "plan", "done_by"),
        pk=visit_id,
    )
    return render(
        request, "maintenance/visit_detail.html", {"visit": visit, **visit_details(visit)}
    )
