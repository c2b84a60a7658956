"""Plan pages: the plans in force over the years, entered as data; writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for, require_model
from pacnet.core.audit import audit_entries_for
from pacnet.core.forms import add_service_error
from pacnet.geography.selectors import today
from pacnet.plans import services
from pacnet.plans.forms import PlanForm
from pacnet.plans.models import Plan
from pacnet.plans.selectors import plan_in_force, plans_latest_first, years_governed

AUDIT_SHOWN = 50


def _data(request):
    """Bind on POST only, so that an empty POST is an error, not a blank form."""
    return request.POST if request.method == "POST" else None


def _detail_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", kwargs={"plan_id": plan.pk})


def _form_page(request, form, *, title: str, back_url: str, submit: str):
    context = {"form": form, "title": title, "back_url": back_url, "submit_label": submit}
    return render(request, "plans/plan_form.html", context, status=400 if form.errors else 200)


def _save(form: PlanForm, write) -> Plan | None:
    """The service's result, or None with its refusal shown next to the fields."""
    try:
        return write(**form.settings())
    except ValidationError as error:
        add_service_error(form, error)
        return None


@login_required
def plan_list(request):
    require_model(request, Action.VIEW, Plan)
    in_force = plan_in_force(today())
    context = {
        "plans": list(plans_latest_first()),
        "in_force_id": in_force.pk if in_force else None,
        "may_add": user_may(request.user, Action.ADD, Plan),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request, plan_id):
    plan = object_for(request, Action.VIEW, Plan, pk=plan_id)
    in_force = plan_in_force(today())
    context = {
        "plan": plan,
        "years": years_governed(plan),
        "in_force": in_force is not None and in_force.pk == plan.pk,
        "audit_entries": audit_entries_for(plan)[:AUDIT_SHOWN],
        "may_change": user_may(request.user, Action.CHANGE, plan),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_create(request):
    require_model(request, Action.ADD, Plan)
    form = PlanForm(_data(request))
    if form.is_valid():
        plan = _save(form, lambda **data: services.plan_create(actor=request.user, **data))
        if plan is not None:
            messages.success(request, _("The plan “%(name)s” was added.") % {"name": plan.name})
            return redirect(_detail_url(plan))
    return _form_page(
        request,
        form,
        title=_("New plan"),
        back_url=reverse("plans:plan_list"),
        submit=_("Add the plan"),
    )


@login_required
def plan_update(request, plan_id):
    plan = object_for(request, Action.CHANGE, Plan, pk=plan_id)
    # The form validates a copy: the service must see the plan as it was, for the audit.
    form = PlanForm(_data(request), instance=Plan.objects.get(pk=plan.pk))
    if form.is_valid():
        saved = _save(
            form, lambda **data: services.plan_update(actor=request.user, plan=plan, **data)
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(_detail_url(plan))
    return _form_page(
        request,
        form,
        title=_("Edit the plan"),
        back_url=_detail_url(plan),
        submit=_("Save"),
    )
