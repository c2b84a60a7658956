"""Pages of access points and administrative units: thin, every write through a service."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from pacnet.accounts.permissions import Action, user_may, visible_sites, visible_unit_ids
from pacnet.core.access import object_for, require_model
from pacnet.core.audit import audit_entries_for
from pacnet.core.confirm import confirmation_page, is_confirmed
from pacnet.core.forms import add_service_error
from pacnet.core.panels import columns_for, panels_rendered
from pacnet.geography import forms as gf
from pacnet.geography import selectors, services
from pacnet.geography.filters import SiteFilterForm
from pacnet.geography.models import AdministrativeUnit, Site

AUDIT_SHOWN = 50


def _day_param(request, name: str = "on") -> tuple[dt.date, str]:
    """The day asked in the query string (today if none), and the text to show in the box."""
    raw = request.GET.get(name, "").strip()
    try:
        day = forms.DateField().clean(raw) if raw else None
    except ValidationError:
        day = None
    day = day or selectors.today()
    return day, day.strftime("%d/%m/%Y")


def _data(request):
    """Bind on POST only, so that an empty POST is an error, not a blank form."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title: str, back_url: str, submit: str, status: int = 200):
    context = {"form": form, "title": title, "back_url": back_url, "submit_label": submit}
    return render(request, "core/form.html", context, status=status)


def _save(form, write) -> bool:
    """Run the service; its refusal becomes a form error and nothing is written."""
    try:
        write()
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def _create_page(request, form, *, create, done: str, detail: tuple[str, str], **page):
    """Create through the service and go to the new object's page, or show the errors."""
    if form.is_valid():
        data = dict(form.cleaned_data)
        if _save(form, lambda: create(actor=request.user, **data)):
            messages.success(request, done % data)
            url_name, kwarg = detail
            return redirect(url_name, **{kwarg: data["code"]})
    return _form_page(request, form, status=400 if form.errors else 200, **page)


# --- Access points --------------------------------------------------------------------


@login_required
def site_list(request):
    require_model(request, Action.VIEW, Site)
    form = SiteFilterForm(request.GET, user=request.user)
    sites = list(form.sites())
    context = {
        "form": form,
        "sites": sites,
        # Columns and notes the apps above add (the computers): one query each for all rows.
        "columns": columns_for(page="site_list", ids=[s.pk for s in sites], day=form.day),
        "panels": panels_rendered(page="site_list", request=request, obj=None),
        "day": form.day,
        "is_today": form.day == selectors.today(),
        "may_add": user_may(request.user, Action.ADD, Site),
        "may_import": user_may(request.user, Action.IMPORT, Site),
    }
    return render(request, "geography/site_list.html", context)


@login_required
def site_detail(request, site_code):
    site = object_for(request, Action.VIEW, Site, code=site_code)
    day = selectors.today()
    unit = selectors.site_unit_on(site, day)
    unit_path = selectors.unit_path(unit, day) if unit else []
    placements = list(selectors.site_placements(site))
    units = [*unit_path, *(p.unit for p in placements)]
    context = {
        "site": site,
        "day": day,
        "status": selectors.site_status_on(site, day),
        "hours": selectors.site_hours_readable(site),
        "unit_path": unit_path,
        "placements": placements,
        # Units shown as links only where the user may open them (else a 403 page).
        "unit_links": {u.pk for u in units if user_may(request.user, Action.VIEW, u)},
        "suspensions": site.suspensions.order_by("-start"),
        "staff": site.staff.select_related("user"),
        # The panels the apps above add: the Internet line, the equipment.
        "panels": panels_rendered(page="site_detail", request=request, obj=site),
        "audit_entries": audit_entries_for(site)[:AUDIT_SHOWN],
        "may_change": user_may(request.user, Action.CHANGE, site),
        # Moving a point changes the units' make-up: the right to change units, not the point.
        "may_move": user_may(request.user, Action.CHANGE, AdministrativeUnit),
    }
    return render(request, "geography/site_detail.html", context)


@login_required
def site_create(request):
    require_model(request, Action.ADD, Site)
    return _create_page(
        request,
        gf.SiteCreateForm(_data(request), user=request.user),
        create=services.site_create,
        done=_("The access point %(code)s was added."),
        detail=("geography:site_detail", "site_code"),
        title=_("New access point"),
        back_url=reverse("geography:site_list"),
        submit=_("Add the access point"),
    )


def _site_for_change(request, site_code) -> Site:
    return object_for(request, Action.CHANGE, Site, code=site_code)


def _detail_url(site: Site) -> str:
    return reverse("geography:site_detail", kwargs={"site_code": site.code})


@login_required
def site_update(request, site_code):
    site = _site_for_change(request, site_code)
    # The form validates a copy: the service must see the point as it was, for the audit.
    form = gf.SiteUpdateForm(_data(request), instance=Site.objects.get(pk=site.pk))
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _save(form, lambda: services.site_update(actor=request.user, site=site, **changes)):
            messages.success(request, _("The changes were saved."))
            return redirect(_detail_url(site))
    return _form_page(
        request,
        form,
        title=_("Edit %(code)s") % {"code": site.code},
        back_url=_detail_url(site),
        submit=_("Save"),
        status=400 if form.errors else 200,
    )


def _site_action(request, site_code, form_class, *, write, title, submit, done, **form_kwargs):
    """The small forms of a point's page: staff, lines, closures, moves."""
    site = _site_for_change(request, site_code)
    form = form_class(_data(request), **form_kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if _save(form, lambda: write(actor=request.user, site=site, **data)):
            messages.success(request, done)
            return redirect(_detail_url(site))
    return _form_page(
        request,
        form,
        title=f"{title} · {site.code}",
        back_url=_detail_url(site),
        submit=submit,
        status=400 if form.errors else 200,
    )


@login_required
def site_move(request, site_code):
    require_model(request, Action.CHANGE, AdministrativeUnit)
    return _site_action(
        request,
        site_code,
        gf.SiteMoveForm,
        user=request.user,
        write=services.site_move,
        title=_("Move to another unit"),
        submit=_("Move"),
        done=_("The access point was moved."),
    )


@login_required
def site_staff_add(request, site_code):
    return _site_action(
        request,
        site_code,
        gf.SiteStaffForm,
        write=services.site_staff_add,
        title=_("Add a staff member"),
        submit=pgettext("add a row to a list", "Add"),
        done=_("The staff member was added."),
    )


@login_required
@require_POST
def site_staff_remove(request, site_code, staff_id):
    site = _site_for_change(request, site_code)
    member = get_object_or_404(site.staff, pk=staff_id)
    if not is_confirmed(request):
        # Asked on the server: the phone's tap works the same with or without JavaScript.
        return confirmation_page(
            request,
            title=_("Remove a staff member?"),
            question=_("Remove %(name)s from the staff of %(point)s?")
            % {"name": member, "point": site.name},
            confirm_label=_("Yes, remove"),
            cancel_url=_detail_url(site),
        )
    services.site_staff_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s was removed from the staff.") % {"name": member})
    return redirect(_detail_url(site))


@login_required
def site_suspend(request, site_code):
    return _site_action(
        request,
        site_code,
        gf.SiteSuspensionForm,
        write=services.site_suspend,
        title=_("Record a temporary closure"),
        submit=_("Record"),
        done=_("The temporary closure was recorded."),
    )


# --- Administrative units ---------------------------------------------------------------


@login_required
def unit_tree(request):
    require_model(request, Action.VIEW, AdministrativeUnit)
    day, day_text = _day_param(request)
    context = {
        "tree": selectors.tree_sorted(
            selectors.unit_tree(day, visible_unit_ids=visible_unit_ids(request.user))
        ),
        "day": day,
        "day_text": day_text,
        "may_add": user_may(request.user, Action.ADD, AdministrativeUnit),
    }
    return render(request, "geography/unit_tree.html", context)


@login_required
def unit_detail(request, unit_code):
    unit = object_for(request, Action.VIEW, AdministrativeUnit, code=unit_code)
    day, day_text = _day_param(request)
    site_ids = selectors.hierarchy_on(day).site_ids_under([unit.pk])
    visible = visible_unit_ids(request.user)
    children = [
        c for c in selectors.unit_children_on(unit, day) if visible is None or c.pk in visible
    ]
    context = {
        "unit": unit,
        "day": day,
        "day_text": day_text,
        "valid_then": unit.valid_on(day),
        "path": selectors.unit_path(unit, day),
        "parentages": selectors.unit_parentages(unit),
        "successors": unit.successors.all(),
        "predecessors": unit.predecessors.all(),
        "sites": selectors.sites_with_state(
            visible_sites(request.user).filter(pk__in=site_ids), day
        ).order_by("code"),
        "children": children,
        "audit_entries": audit_entries_for(unit)[:AUDIT_SHOWN],
        "may_change": user_may(request.user, Action.CHANGE, unit),
    }
    return render(request, "geography/unit_detail.html", context)


@login_required
def unit_create(request):
    require_model(request, Action.ADD, AdministrativeUnit)
    return _create_page(
        request,
        gf.UnitCreateForm(_data(request), user=request.user),
        create=services.unit_create,
        done=_("The unit %(code)s was added."),
        detail=("geography:unit_detail", "unit_code"),
        title=_("New administrative unit"),
        back_url=reverse("geography:unit_tree"),
        submit=_("Add the unit"),
    )


@login_required
def unit_update(request, unit_code):
    unit = object_for(request, Action.CHANGE, AdministrativeUnit, code=unit_code)
    back = reverse("geography:unit_detail", kwargs={"unit_code": unit.code})
    form = gf.UnitUpdateForm(_data(request), instance=AdministrativeUnit.objects.get(pk=unit.pk))
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _save(form, lambda: services.unit_update(actor=request.user, unit=unit, **changes)):
            messages.success(request, _("The changes were saved."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Edit %(code)s") % {"code": unit.code},
        back_url=back,
        submit=_("Save"),
        status=400 if form.errors else 200,
    )
