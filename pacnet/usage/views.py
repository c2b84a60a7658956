"""Usage pages for part-time staff: patrons and cards, guest passes, computers now, tallies."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from pacnet.accounts.permissions import Action, restrict_to_scope, user_may, visible_sites
from pacnet.core.access import object_for, require_model
from pacnet.core.forms import add_service_error
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.usage import selectors, services
from pacnet.usage.constants import PATRON_GROUPS, Service
from pacnet.usage.forms import (
    CONSENT_TEXT,
    GuestPassIssueForm,
    PatronFieldsForm,
    PatronPinForm,
    PatronRegisterForm,
    PatronSearchForm,
    SessionEndForm,
    SessionStartForm,
    TallyMonthForm,
)
from pacnet.usage.models import GuestPassBatch, ManualTally, Patron, Session

SERVICE_LABELS = dict(Service.choices)


def _site(request, action: Action, site_code: str, model=Session) -> Site:
    """The point, if it exists (404) and the user may take `action` on its usage (403)."""
    site = object_for(request, Action.VIEW, Site, code=site_code)
    if not user_may(request.user, action, model(site=site)):
        raise PermissionDenied
    return site


def _patron(request, action: Action, card_number: str) -> Patron:
    return object_for(
        request, action, Patron.objects.select_related("registered_at"), card_number=card_number
    )


@login_required
def home(request):
    require_model(request, Action.VIEW, Session)
    sites = list(visible_sites(request.user).order_by("code"))
    return render(
        request,
        "usage/home.html",
        {
            "sites": sites,
            "may_add": user_may(request.user, Action.ADD, Session),
            "search": PatronSearchForm(),
        },
    )


# --- Patrons ----------------------------------------------------------------------------


@login_required
def patron_search(request):
    require_model(request, Action.VIEW, Patron)
    form = PatronSearchForm(request.GET)
    query = form.data.get("q", "").strip()
    scoped = restrict_to_scope(request.user, Patron.objects.all(), "registered_at")
    if query:
        patrons = selectors.patrons_matching(scoped, query)
    else:
        patrons = selectors.patrons_latest(scoped)
    if len(patrons) == 1 and query.upper() == patrons[0].card_number:
        return redirect("usage:patron_detail", card_number=patrons[0].card_number)
    return render(
        request,
        "usage/patron_search.html",
        {
            "form": form,
            "query": query,
            "patrons": patrons,
            "limit": selectors.SEARCH_LIMIT,
            "may_add": user_may(request.user, Action.ADD, Patron),
        },
    )


@sensitive_post_parameters("pin")
@login_required
@require_http_methods(["GET", "POST"])
def patron_register(request):
    require_model(request, Action.ADD, Patron)
    sites = visible_sites(request.user).order_by("code")
    if request.method == "POST":
        form = PatronRegisterForm(request.POST, sites=sites)
        if form.is_valid():
            data = form.cleaned_data
            try:
                patron = services.patron_register(
                    actor=request.user,
                    site=data["site"],
                    consent=data["consent"],
                    display_name=data["display_name"],
                    birth_year=data["birth_year"],
                    gender=data["gender"],
                    groups=frozenset(data["groups"]),
                    pin=data["pin"] or None,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Card %(card)s is ready to print.") % {"card": patron.card_number}
                )
                return redirect("usage:patron_card", card_number=patron.card_number)
    else:
        initial = {}
        chosen = sites.filter(code=request.GET.get("site", "")).first()
        if chosen is None and len(only := list(sites[:2])) == 1:
            chosen = only[0]
        if chosen is not None:
            initial["site"] = chosen
        form = PatronRegisterForm(initial=initial, sites=sites)
    return render(
        request,
        "usage/patron_register.html",
        {"form": form, "consent_text": CONSENT_TEXT, "one_site": sites.count() == 1},
    )


@login_required
def patron_detail(request, card_number: str):
    patron = _patron(request, Action.VIEW, card_number)
    return render(
        request,
        "usage/patron_detail.html",
        {
            "patron": patron,
            "may_change": user_may(request.user, Action.CHANGE, patron),
            "groups": [
                Patron._meta.get_field(name).verbose_name
                for name in PATRON_GROUPS
                if getattr(patron, name)
            ],
            "sessions": patron.sessions.select_related("site", "computer")[:20],
        },
    )


@sensitive_post_parameters("pin")
@login_required
@require_http_methods(["GET", "POST"])
def patron_pin(request, card_number: str):
    patron = _patron(request, Action.CHANGE, card_number)
    if patron.anonymised_on:
        raise Http404  # no card left to sign in with
    form = PatronPinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pin = form.new_pin()
        try:
            services.patron_pin_set(actor=request.user, patron=patron, pin=pin)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = _("The kiosk PIN was set.") if pin else _("The kiosk PIN was removed.")
            messages.success(request, done)
            return redirect("usage:patron_detail", card_number=card_number)
    return render(request, "usage/patron_pin.html", {"patron": patron, "form": form})


@login_required
def patron_card(request, card_number: str):
    patron = _patron(request, Action.VIEW, card_number)
    site = patron.registered_at
    free = []
    if site is not None and user_may(request.user, Action.ADD, Session(site=site)):
        free = selectors.free_computers(site)
    return render(request, "usage/patron_card.html", {"patron": patron, "free_computers": free})


@login_required
@require_http_methods(["GET", "POST"])
def patron_update(request, card_number: str):
    patron = _patron(request, Action.CHANGE, card_number)
    if patron.anonymised_on:
        raise Http404  # nothing personal left to edit
    if request.method == "POST":
        form = PatronFieldsForm(request.POST)
        if form.is_valid():
            try:
                services.patron_update(actor=request.user, patron=patron, **form.patron_fields())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The card %(card)s was saved.") % {"card": card_number})
                return redirect("usage:patron_detail", card_number=card_number)
    else:
        form = PatronFieldsForm(initial=PatronFieldsForm.initial_of(patron))
    return render(request, "usage/patron_update.html", {"patron": patron, "form": form})


# --- Guest passes -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def guest_passes(request, site_code: str):
    site = _site(request, Action.VIEW, site_code, GuestPassBatch)
    may_add = user_may(request.user, Action.ADD, GuestPassBatch(site=site))
    form = GuestPassIssueForm(request.POST or None)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                issued = services.guest_passes_issue(
                    actor=request.user, site=site, count=form.cleaned_data["count"]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                _pins_keep(request, issued)
                return redirect("usage:guest_pass_sheet", batch_id=issued.batch.pk)
    return render(
        request,
        "usage/guest_passes.html",
        {
            "site": site,
            "form": form,
            "may_add": may_add,
            "batches": selectors.batches_of(site),
        },
    )


# The plain PINs of the batches a user has just issued, by batch id, in their server-side
# session until they say the sheet is printed: the database holds only the hashes.
PINS_KEY = "usage:guest-pass-pins"


def _pins_keep(request, issued: services.IssuedBatch) -> None:
    held = request.session.get(PINS_KEY, {})
    held[str(issued.batch.pk)] = issued.pins
    request.session[PINS_KEY] = held


def _pins_held(request, batch: GuestPassBatch) -> dict[str, str]:
    return request.session.get(PINS_KEY, {}).get(str(batch.pk), {})


def _batch(request, action: Action, batch_id: int) -> GuestPassBatch:
    return object_for(request, action, GuestPassBatch.objects.select_related("site"), pk=batch_id)


@never_cache  # the sheet may show PINs: not kept by the browser or a proxy
@login_required
def guest_pass_sheet(request, batch_id: int):
    batch = _batch(request, Action.VIEW, batch_id)
    pins = _pins_held(request, batch)
    passes = [(p, pins.get(p.code, "")) for p in batch.passes.all()]
    return render(
        request,
        "usage/guest_pass_sheet.html",
        {
            "batch": batch,
            "passes": passes,
            "pins_held": bool(pins),
            "pins_printed": not pins and any(p.pin_hash for p, _pin in passes),
            "may_renew": user_may(request.user, Action.CHANGE, batch),
        },
    )


@login_required
@require_POST
def guest_pass_pins_forget(request, batch_id: int):
    batch = _batch(request, Action.VIEW, batch_id)
    held = request.session.get(PINS_KEY, {})
    if held.pop(str(batch.pk), None) is not None:
        request.session[PINS_KEY] = held
        messages.success(request, _("The PINs were removed from this computer."))
    return redirect("usage:guest_pass_sheet", batch_id=batch.pk)


@login_required
@require_POST
def guest_pass_pins_renew(request, batch_id: int):
    batch = _batch(request, Action.CHANGE, batch_id)
    _pins_keep(request, services.guest_pass_pins_renew(actor=request.user, batch=batch))
    messages.success(
        request,
        _("Every pass of this batch has a new PIN: the PINs printed before no longer work."),
    )
    return redirect("usage:guest_pass_sheet", batch_id=batch.pk)


# --- Computers now ------------------------------------------------------------------------


def computers_context(
    request, site: Site, errors: dict | None = None, forms=None, confirm: str = ""
) -> dict:
    """Tiles with the errors and typed values of the one tile whose form was refused.

    `confirm` is the tile that asks the holder's birth year for a card not of this point.
    """
    errors, forms = errors or {}, forms or {}
    rows = []
    for tile in selectors.computers_now(site, viewer=request.user):
        key = str(tile.computer.pk)
        service = tile.session.service if tile.session else ""
        rows.append(
            {
                "tile": tile,
                "errors": errors.get(key, []),
                "data": forms.get(key, {}),
                "confirm": key == confirm,
                "service_label": SERVICE_LABELS.get(service, service),
            }
        )
    return {
        "site": site,
        "rows": rows,
        "may_change": user_may(request.user, Action.ADD, Session(site=site)),
        "services": Service.choices,
        "today": today(),
    }


def _computers_response(request, site: Site, *, errors=None, forms=None, confirm="", status=200):
    context = computers_context(request, site, errors, forms, confirm)
    template = "usage/_tiles.html" if request.htmx else "usage/computers.html"
    return render(request, template, context, status=status)


@login_required
def computers(request, site_code: str):
    site = _site(request, Action.VIEW, site_code)
    return _computers_response(request, site)


@login_required
@require_POST
def session_start(request, site_code: str):
    site = _site(request, Action.ADD, site_code)
    form = SessionStartForm(request.POST)
    computer_id = form.data.get("computer")
    confirm = False
    if form.is_valid():
        computer = site.equipment.filter(pk=form.cleaned_data["computer"]).first()
        if computer is None:
            raise Http404
        try:
            session = services.session_start(
                actor=request.user,
                site=site,
                computer=computer,
                person_code=form.cleaned_data["person_code"],
                service=form.cleaned_data["service"],
                holder_birth_year=form.cleaned_data["holder_birth_year"],
            )
        except ValidationError as error:
            errors = [str(m) for m in error.messages]
            confirm = isinstance(error, services.PersonNotHere)
        else:
            if not request.htmx:
                messages.success(request, _started_message(session))
                return redirect("usage:computers", site_code=site.code)
            return _computers_response(request, site)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        confirm = "holder_birth_year" in form.errors
    key = str(computer_id)
    return _computers_response(
        request,
        site,
        errors={key: errors},
        forms={key: form.data},
        confirm=key if confirm else "",
    )


def _started_message(session: Session) -> str:
    return _("%(computer)s: session started for %(person)s.") % {
        "computer": session.computer.code,
        "person": session.patron or session.guest_pass,
    }


@login_required
@require_POST
def session_end(request, session_id: int):
    session = object_for(
        request, Action.CHANGE, Session.objects.select_related("site", "computer"), pk=session_id
    )
    form = SessionEndForm(request.POST)
    errors = {}
    if form.is_valid():
        try:
            services.session_end(
                actor=request.user,
                session=session,
                pages_printed=form.cleaned_data["pages_printed"],
            )
        except ValidationError as error:
            errors = {str(session.computer_id): [str(m) for m in error.messages]}
        else:
            if not request.htmx:
                messages.success(
                    request, _("%(computer)s is free.") % {"computer": session.computer.code}
                )
                return redirect("usage:computers", site_code=session.site.code)
    else:
        errors = {str(session.computer_id): [str(e) for e in form.errors.get("pages_printed", [])]}
    return _computers_response(request, session.site, errors=errors)


# --- Manual tallies -----------------------------------------------------------------------


@login_required
def tallies(request, site_code: str):
    site = _site(request, Action.VIEW, site_code, ManualTally)
    now = today()
    return redirect("usage:tally_month", site_code=site.code, year=now.year, month=now.month)


@login_required
@require_http_methods(["GET", "POST"])
def tally_month(request, site_code: str, year: int, month: int):
    site = _site(request, Action.VIEW, site_code, ManualTally)
    if not (1 <= month <= 12 and 2000 <= year <= today().year + 1):
        raise Http404
    may_change = user_may(request.user, Action.CHANGE, ManualTally(site=site))
    tallies_now = selectors.tallies_of_month(site, year, month)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = TallyMonthForm(request.POST, year=year, month=month, tallies=tallies_now)
        if form.is_valid():
            try:
                services.tally_month_save(
                    actor=request.user, site=site, year=year, month=month, days=form.days_to_save()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The month's tallies were saved."))
                return redirect("usage:tally_month", site_code=site.code, year=year, month=month)
    else:
        form = TallyMonthForm(year=year, month=month, tallies=tallies_now)
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    return render(
        request,
        "usage/tally_month.html",
        {
            "site": site,
            "form": form,
            "month_start": first,
            "previous": previous,
            "following": following if following.replace(day=1) <= today() else None,
            "may_change": may_change,
            "total_visits": sum(t.visits for t in tallies_now.values()),
            "total_users": sum(t.users for t in tallies_now.values()),
        },
    )
