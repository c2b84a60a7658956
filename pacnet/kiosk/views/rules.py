"""The page of a point's kiosk rules: hours, allowances, closures. Thin: writes by services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for
from pacnet.core.forms import add_service_error
from pacnet.geography.models import Site
from pacnet.geography.selectors import site_hours_readable, site_hours_text
from pacnet.kiosk import selectors, services
from pacnet.kiosk.forms.rules import ClosureForm, RulesForm
from pacnet.kiosk.models import KioskClosure


def _site_rules(request, site_code: str, action: Action):
    """The point, if in scope (404), and its rules, if the role allows `action` on them (403)."""
    site = object_for(request, Action.VIEW, Site, code=site_code)
    rules = selectors.rules_of(site)
    if not user_may(request.user, action, rules):
        raise PermissionDenied
    return site, rules


def _page(request, site, rules, *, form=None, closure_form=None, status=200):
    may_change = user_may(request.user, Action.CHANGE, rules)
    if may_change:
        form = form or RulesForm(instance=rules, hours=site_hours_text(site))
        closure_form = closure_form or ClosureForm()
    context = {
        "site": site,
        "rules": rules,
        "warning_minutes": selectors.warning_minutes(rules),
        "hours": site_hours_readable(site),
        "closures": site.kiosk_closures.order_by("-start"),
        "may_change": may_change,
        "form": form,
        "closure_form": closure_form,
    }
    return render(request, "kiosk/rules.html", context, status=status)


def _rules_url(site: Site) -> str:
    return reverse("kiosk:rules", kwargs={"site_code": site.code})


@login_required
def rules(request, site_code):
    if request.method != "POST":
        site, rules = _site_rules(request, site_code, Action.VIEW)
        return _page(request, site, rules)
    site, rules = _site_rules(request, site_code, Action.CHANGE)
    # The form works on a copy: the service must see the rules as they were, for the audit.
    form = RulesForm(request.POST, instance=selectors.rules_of(site))
    if form.is_valid():
        try:
            services.kiosk_rules_update(actor=request.user, site=site, **form.changes())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The kiosk rules were saved."))
            return redirect(_rules_url(site))
    return _page(request, site, rules, form=form, status=400)


@login_required
@require_POST
def closure_add(request, site_code):
    site, rules = _site_rules(request, site_code, Action.CHANGE)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            services.kiosk_closure_add(actor=request.user, site=site, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The closure was added."))
            return redirect(_rules_url(site))
    return _page(request, site, rules, closure_form=form, status=400)


@login_required
@require_POST
def closure_delete(request, site_code):
    site, _rules = _site_rules(request, site_code, Action.CHANGE)
    closure_id = request.POST.get("closure", "")
    closure = get_object_or_404(
        KioskClosure, site=site, pk=int(closure_id) if closure_id.isdigit() else 0
    )
    services.kiosk_closure_delete(actor=request.user, closure=closure)
    messages.success(request, _("The closure was removed."))
    return redirect(_rules_url(site))
