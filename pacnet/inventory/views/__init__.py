"""Equipment pages: list, detail with its status history, add, edit, and report a status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for, require_model
from pacnet.core.audit import audit_entries_for
from pacnet.core.confirm import confirmation_page, is_confirmed
from pacnet.core.forms import add_service_error
from pacnet.core.panels import panels_rendered
from pacnet.geography.selectors import today
from pacnet.inventory import services
from pacnet.inventory.filters import EquipmentFilterForm
from pacnet.inventory.forms import (
    ComputerProfileForm,
    EquipmentCreateForm,
    EquipmentUpdateForm,
    StatusChangeForm,
)
from pacnet.inventory.models import ComputerProfile, Equipment, EquipmentStatus
from pacnet.inventory.selectors import (
    computer_profile_of,
    equipment_code_suggestion,
    equipment_current_change,
    equipment_status_history,
    equipment_status_undoable,
)

PAGE_SIZE = 200
AUDIT_SHOWN = 50
SOURCE = "web"


def _item(request, action: Action, equipment_code: str) -> Equipment:
    return object_for(
        request, action, Equipment.objects.select_related("site"), code=equipment_code
    )


@login_required
def equipment_list(request):
    require_model(request, Action.VIEW, Equipment)
    filters = EquipmentFilterForm(request.GET, user=request.user)
    page = Paginator(filters.equipment(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/equipment_list.html",
        {
            "filters": filters,
            "page": page,
            "day": filters.day_asked,
            "is_today": filters.day_asked == today(),
            "may_add": user_may(request.user, Action.ADD, Equipment),
            "may_import": user_may(request.user, Action.IMPORT, Equipment),
            # The apps above add theirs (maintenance: the visits due), see core.panels.
            "panels": panels_rendered(page="inventory:equipment_list", request=request, obj=None),
        },
    )


def _status_context(request, item: Equipment, form: StatusChangeForm | None = None) -> dict:
    may_change = user_may(request.user, Action.CHANGE, item)
    current = equipment_current_change(item)
    return {
        "item": item,
        "current": current,
        "may_undo": may_change and equipment_status_undoable(current, request.user),
        "history": equipment_status_history(item),
        "may_change": may_change,
        "form": form or (StatusChangeForm() if may_change else None),
        "statuses": EquipmentStatus.choices,
    }


@login_required
def equipment_detail(request, equipment_code: str):
    item = _item(request, Action.VIEW, equipment_code)
    context = _status_context(request, item)
    context["audit_entries"] = audit_entries_for(item)[:AUDIT_SHOWN]
    context["profile"] = computer_profile_of(item)
    context["is_computer"] = item.kind == Equipment.Kind.COMPUTER
    # The apps above add theirs (faults: report a fault, record a repair), see core.panels.
    context["panels"] = panels_rendered(
        page="inventory:equipment_detail", request=request, obj=item
    )
    return render(request, "inventory/equipment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def equipment_status_change(request, equipment_code: str):
    item = _item(request, Action.CHANGE, equipment_code)
    form = StatusChangeForm(request.POST if request.method == "POST" else None)
    saved = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["status"] == EquipmentStatus.RETIRED and not is_confirmed(request):
            # Writing an item off is one tap among four on a phone: ask before doing it.
            return confirmation_page(
                request,
                title=_("Write off %(code)s?") % {"code": item.code},
                question=_("Record %(code)s as retired (written off) from %(day)s?")
                % {
                    "code": item.code,
                    "day": form.cleaned_data["effective_on"].strftime("%d/%m/%Y"),
                },
                consequences=[_("It no longer counts among the point's equipment in service.")],
                confirm_label=_("Yes, write it off"),
                cancel_url=reverse(
                    "inventory:equipment_detail", kwargs={"equipment_code": item.code}
                ),
                partial_id="status-panel" if request.htmx else None,
            )
        try:
            saved = services.equipment_status_change(
                actor=request.user, item=item, source=SOURCE, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
    if saved and not request.htmx:
        messages.success(request, _status_message(saved))
        return redirect("inventory:equipment_detail", equipment_code=item.code)
    context = _status_context(request, item, None if saved else form)
    if request.htmx:
        context["saved_message"] = _status_message(saved) if saved else ""
        context["audit_entries"] = audit_entries_for(item)[:AUDIT_SHOWN]
        return render(request, "inventory/_status_response.html", context)
    return render(request, "inventory/equipment_status_form.html", context)


@login_required
@require_POST
def equipment_status_undo(request, equipment_code: str):
    item = _item(request, Action.CHANGE, equipment_code)
    change = equipment_current_change(item)
    if change is None:
        raise Http404
    try:
        services.equipment_status_undo(actor=request.user, change=change, source=SOURCE)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Undone: %(code)s has its previous status again.") % {"code": item.code}
        )
    return redirect("inventory:equipment_detail", equipment_code=item.code)


def _status_message(change) -> str:
    return _("%(code)s: %(status)s since %(day)s.") % {
        "code": change.equipment.code,
        "status": change.get_status_display(),
        "day": change.effective_on.strftime("%d/%m/%Y"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def equipment_create(request):
    require_model(request, Action.ADD, Equipment)
    if request.method == "POST":
        form = EquipmentCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                item = services.equipment_create(
                    actor=request.user, source=SOURCE, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("%(code)s was added.") % {"code": item.code})
                return redirect("inventory:equipment_detail", equipment_code=item.code)
    else:
        form = EquipmentCreateForm(initial=_create_initial(request), user=request.user)
    return render(request, "inventory/equipment_form.html", {"form": form, "creating": True})


def _create_initial(request) -> dict:
    """Point and kind from the query string (the form asks again when they change)."""
    user = request.user
    kind = request.GET.get("kind") or Equipment.Kind.COMPUTER
    if kind not in Equipment.Kind.values:
        kind = Equipment.Kind.COMPUTER
    initial = {"kind": kind}
    sites = EquipmentCreateForm(user=user).fields["site"].queryset
    site = sites.filter(code=request.GET.get("site", "")).first()
    if site is None and len(only := sites[:2]) == 1:
        site = only[0]
    if site is not None:
        initial["site"] = site
        initial["code"] = equipment_code_suggestion(site, kind)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def equipment_update(request, equipment_code: str):
    item = _item(request, Action.CHANGE, equipment_code)
    data = request.POST if request.method == "POST" else None
    # The forms edit copies: the services must see the item as it was, to audit the change.
    form = EquipmentUpdateForm(data, instance=Equipment.objects.get(pk=item.pk), user=request.user)
    profile_form = None
    if item.kind == Equipment.Kind.COMPUTER:
        profile = computer_profile_of(item) or ComputerProfile(equipment=item)
        profile_form = ComputerProfileForm(data, instance=profile)
    if request.method == "POST" and form.is_valid() and _valid(profile_form):
        try:
            _save(request, item, form, profile_form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(code)s was saved.") % {"code": item.code})
            return redirect("inventory:equipment_detail", equipment_code=item.code)
    return render(
        request,
        "inventory/equipment_form.html",
        {"form": form, "profile_form": profile_form, "item": item, "creating": False},
    )


def _valid(profile_form) -> bool:
    return profile_form is None or profile_form.is_valid()


@transaction.atomic
def _save(request, item: Equipment, form, profile_form) -> None:
    """Details and profile together: a refusal of either writes neither."""
    changes = {name: form.cleaned_data[name] for name in form.changed_data}
    services.equipment_update(actor=request.user, item=item, source=SOURCE, **changes)
    if profile_form is not None and profile_form.changed_data:
        fields = {name: profile_form.cleaned_data[name] for name in profile_form.changed_data}
        services.computer_profile_update(
            actor=request.user,
            item=item,
            profile_source=ComputerProfile.Source.MANUAL,
            source=SOURCE,
            **fields,
        )
