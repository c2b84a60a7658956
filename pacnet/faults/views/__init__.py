"""Fault pages: report from a phone, list, detail with its timeline and the technician's steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for, require_model
from pacnet.core.audit import audit_entries_for
from pacnet.core.confirm import confirmation_page, is_confirmed
from pacnet.core.forms import add_service_error
from pacnet.faults import services
from pacnet.faults.forms import (
    AssignForm,
    CloseForm,
    FaultFilterForm,
    FaultReportForm,
    StartRepairForm,
)
from pacnet.faults.models import Fault, FaultStatus
from pacnet.faults.selectors import (
    fault_age_days,
    fault_next_statuses,
    fault_repairs,
    fault_technicians,
    fault_timeline,
)
from pacnet.geography.selectors import today

PAGE_SIZE = 100
AUDIT_SHOWN = 30
SOURCE = "web"
PHOTO_MAX_AGE = 3600  # seconds


def _fault(request, action: Action, fault_id: int) -> Fault:
    queryset = Fault.objects.select_related("site", "equipment", "reported_by", "assigned_to")
    return object_for(request, action, queryset, pk=fault_id)


@login_required
def fault_list(request):
    require_model(request, Action.VIEW, Fault)
    filters = FaultFilterForm(request.GET, user=request.user)
    day = today()
    page = Paginator(filters.faults(day), PAGE_SIZE).get_page(request.GET.get("page"))
    for fault in page:
        fault.age = fault_age_days(fault, day)
    return render(
        request,
        "faults/fault_list.html",
        {"filters": filters, "page": page, "may_report": user_may(request.user, Action.ADD, Fault)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fault_report(request):
    require_model(request, Action.ADD, Fault)
    if request.method == "POST":
        form = FaultReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            site, item = form.cleaned_data["target"]
            try:
                fault = services.fault_report(
                    actor=request.user,
                    site=site,
                    equipment=item,
                    category=form.cleaned_data["category"],
                    description=form.cleaned_data["description"],
                    photo=form.cleaned_data["photo"],
                    source=SOURCE,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Thank you: fault #%(id)s was reported.") % {"id": fault.pk}
                )
                return redirect("faults:fault_detail", fault_id=fault.pk)
    else:
        form = FaultReportForm(initial={"target": request.GET.get("item", "")}, user=request.user)
    return render(request, "faults/fault_report.html", {"form": form})


def _detail_context(request, fault: Fault, **forms) -> dict:
    next_statuses = fault_next_statuses(request.user, fault)
    technicians = fault_technicians(fault) if FaultStatus.ASSIGNED in next_statuses else []
    return {
        "fault": fault,
        "age": fault_age_days(fault),
        "events": fault_timeline(fault),
        "repairs": fault_repairs(fault),
        "next_statuses": next_statuses,
        "may_assign": FaultStatus.ASSIGNED in next_statuses,
        "may_start": FaultStatus.IN_REPAIR in next_statuses,
        "may_close": FaultStatus.FIXED in next_statuses,
        "may_record_repair": user_may(request.user, Action.CHANGE, fault),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            technicians=technicians,
            initial={"technician": fault.assigned_to_id or _self_if(request.user, technicians)},
        ),
        "start_form": forms.get("start_form") or StartRepairForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "audit_entries": audit_entries_for(fault)[:AUDIT_SHOWN],
    }


def _self_if(user, technicians) -> int | None:
    return user.pk if any(t.pk == user.pk for t in technicians) else None


@login_required
def fault_detail(request, fault_id: int):
    fault = _fault(request, Action.VIEW, fault_id)
    return render(request, "faults/fault_detail.html", _detail_context(request, fault))


@login_required
@require_safe
def fault_photo(request, fault_id: int):
    """The photo, only to those who may see the fault (media files are never served openly)."""
    fault = Fault.objects.select_related("site").filter(pk=fault_id).first()
    # Out of scope reads as missing: a photo's number tells nothing about other points.
    if fault is None or not user_may(request.user, Action.VIEW, fault) or not fault.photo:
        raise Http404
    try:
        response = FileResponse(fault.photo.open("rb"))
    except FileNotFoundError as error:
        raise Http404 from error
    # Kept by the phone's browser, never by a shared cache on the way.
    patch_cache_control(response, private=True, max_age=PHOTO_MAX_AGE)
    return response


def _step(request, fault_id: int, form_class, form_key: str, write, form_kwargs):
    """A technician's step: a valid form and an allowed transition, or the page with errors."""
    fault = _fault(request, Action.CHANGE, fault_id)
    form = form_class(request.POST, **form_kwargs(fault))
    if form.is_valid():
        try:
            write(fault, form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            fault.refresh_from_db()
            messages.success(
                request,
                _("Fault #%(id)s is now “%(status)s”.")
                % {"id": fault.pk, "status": fault.get_status_display()},
            )
            return redirect("faults:fault_detail", fault_id=fault.pk)
    context = _detail_context(request, fault, **{form_key: form})
    context["refused_form"] = form  # its refusal is shown above the steps, whichever they are
    return render(request, "faults/fault_detail.html", context, status=400)


@login_required
@require_POST
def fault_assign(request, fault_id: int):
    def write(fault, form):
        services.fault_assign(
            actor=request.user,
            fault=fault,
            technician=form.cleaned_data["technician"],
            note=form.cleaned_data["note"],
            source=SOURCE,
        )

    return _step(
        request,
        fault_id,
        AssignForm,
        "assign_form",
        write,
        form_kwargs=lambda fault: {"technicians": fault_technicians(fault)},
    )


@login_required
@require_POST
def fault_repair_start(request, fault_id: int):
    def write(fault, form):
        services.fault_repair_start(
            actor=request.user, fault=fault, note=form.cleaned_data["note"], source=SOURCE
        )

    return _step(
        request, fault_id, StartRepairForm, "start_form", write, form_kwargs=lambda fault: {}
    )


@login_required
@require_POST
def fault_close(request, fault_id: int):
    if request.POST.get("outcome") == FaultStatus.WRITTEN_OFF and not is_confirmed(request):
        # Writing off retires the item for good: one tap on a phone must not do it.
        fault = _fault(request, Action.CHANGE, fault_id)
        target = fault.equipment.code if fault.equipment_id else fault.site.code
        return confirmation_page(
            request,
            title=_("Write off?"),
            question=_("Close fault #%(id)s as written off?") % {"id": fault.pk},
            consequences=[_("%(code)s is retired from today.") % {"code": target}]
            if fault.equipment_id
            else [],
            confirm_label=_("Yes, write it off"),
            cancel_url=reverse("faults:fault_detail", kwargs={"fault_id": fault.pk}),
        )

    def write(fault, form):
        services.fault_close(
            actor=request.user,
            fault=fault,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            replacement=form.replacement(),
            repair=form.repair(),
            source=SOURCE,
        )

    return _step(request, fault_id, CloseForm, "close_form", write, form_kwargs=lambda fault: {})
