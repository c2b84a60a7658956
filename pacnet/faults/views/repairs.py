"""Repair pages: record a repair, replacement or upgrade (on a fault or an item), list, detail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for, require_model
from pacnet.core.forms import add_service_error
from pacnet.faults import services
from pacnet.faults.forms import RepairFilterForm, RepairForm
from pacnet.faults.models import Fault, Repair
from pacnet.faults.selectors import repairs_for_list
from pacnet.inventory.forms import ComputerProfileForm
from pacnet.inventory.models import ComputerProfile, Equipment

PAGE_SIZE = 100
SOURCE = "web"


@login_required
def repair_list(request):
    require_model(request, Action.VIEW, Repair)
    filters = RepairFilterForm(request.GET, user=request.user)
    repairs = filters.repairs(repairs_for_list(Repair.objects.all()))
    page = Paginator(repairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "faults/repair_list.html",
        {"filters": filters, "page": page, "total": repairs.aggregate(t=Sum("cost"))["t"] or 0},
    )


@login_required
def repair_detail(request, repair_id: int):
    queryset = Repair.objects.select_related("site", "equipment", "fault", "recorded_by")
    repair = object_for(request, Action.VIEW, queryset, pk=repair_id)
    return render(request, "faults/repair_detail.html", {"repair": repair})


@login_required
@require_http_methods(["GET", "POST"])
def repair_create_for_fault(request, fault_id: int):
    # Recording a repair is the technicians' work: the right to change faults.
    fault = object_for(
        request, Action.CHANGE, Fault.objects.select_related("site", "equipment"), pk=fault_id
    )
    return _repair_page(request, fault=fault, item=fault.equipment)


@login_required
@require_http_methods(["GET", "POST"])
def repair_create_for_item(request, equipment_code: str):
    require_model(request, Action.CHANGE, Repair)
    item = object_for(
        request, Action.VIEW, Equipment.objects.select_related("site"), code=equipment_code
    )
    return _repair_page(request, fault=None, item=item)


def _repair_page(request, *, fault: Fault | None, item: Equipment | None):
    data = request.POST if request.method == "POST" else None
    form = RepairForm(data)
    profile_form = None
    if item is not None and item.kind == Equipment.Kind.COMPUTER:
        profile_form = ComputerProfileForm(data, instance=ComputerProfile(equipment=item))
    if data is not None and form.is_valid() and (profile_form is None or profile_form.is_valid()):
        profile = profile_form.cleaned_data if profile_form is not None else {}
        try:
            repair = services.repair_record(
                actor=request.user,
                fault=fault,
                equipment=item,
                profile={k: v for k, v in profile.items() if v not in (None, "")},
                source=SOURCE,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The repair was recorded."))
            if fault is not None:
                return redirect("faults:fault_detail", fault_id=fault.pk)
            return redirect("faults:repair_detail", repair_id=repair.pk)
    return render(
        request,
        "faults/repair_form.html",
        {
            "form": form,
            "profile_form": profile_form,
            "fault": fault,
            "item": item,
            "may_see_item": item is not None and user_may(request.user, Action.VIEW, item),
        },
    )
