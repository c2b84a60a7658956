"""The staff live board of a point: its computers now, the queue, print jobs, Libki nodes.

Seeing it takes the right to view the point's usage; every action the right to change it.
Each action is a small POST form: with htmx it answers the board's tiles, without it
redirects to the board. Destructive ones ask again first (core.confirm).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for
from pacnet.core.confirm import confirmation_page, is_confirmed
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.kiosk.forms.board import (
    EXTENSIONS,
    ExtendForm,
    InstructionForm,
    NodeForm,
    NodeLinkForm,
    PrintJobForm,
    ReservationAddForm,
    ReservationForm,
    SessionForm,
)
from pacnet.kiosk.models import Instruction, Reservation
from pacnet.kiosk.selectors.board import (
    board_of,
    computers_in_service,
    nodes_of,
    pending_print_jobs,
    waiting_nodes_of,
)
from pacnet.kiosk.services import computers as kiosk_computers
from pacnet.kiosk.services import nodes, prints
from pacnet.kiosk.services.queue import (
    queue_offer_next,
    reservation_add,
    reservation_cancel,
    reservation_seat,
)
from pacnet.kiosk.services.sessions import kiosk_session_extend, kiosk_session_stop
from pacnet.usage.models import Session

BOARD_ID = "board"
REFRESH_SECONDS = 10


def _site(request, site_code: str, action: Action) -> Site:
    """The point (404 if missing or out of scope) and the right to `action` its kiosks (403)."""
    site = object_for(request, Action.VIEW, Site, code=site_code)
    if not user_may(request.user, action, Reservation(site=site)):
        raise PermissionDenied
    return site


def _computer(site: Site, equipment_code: str) -> Equipment:
    return get_object_or_404(
        site.equipment.filter(kind=Equipment.Kind.COMPUTER), code=equipment_code
    )


def _board_url(site: Site) -> str:
    return reverse("kiosk:board", kwargs={"site_code": site.code})


def _context(request, site: Site, **extra) -> dict:
    board = board_of(site, viewer=request.user, now=timezone.now())
    return {
        "site": site,
        "board": board,
        "may_change": user_may(request.user, Action.CHANGE, Reservation(site=site)),
        "extensions": EXTENSIONS,
        "commands": [
            (kind, label) for kind, label in Instruction.Kind.choices if kind != "message"
        ],
        "refresh_seconds": REFRESH_SECONDS,
        "board_id": BOARD_ID,
        **extra,
    }


def _queue_form(site: Site, data=None) -> ReservationAddForm:
    return ReservationAddForm(
        data, computers=computers_in_service(site, timezone.localdate()), prefix="queue"
    )


@login_required
@require_GET
def board(request, site_code: str):
    site = _site(request, site_code, Action.VIEW)
    return render(
        request, "kiosk/board.html", _context(request, site, queue_form=_queue_form(site))
    )


@login_required
@require_GET
def board_tiles(request, site_code: str):
    site = _site(request, site_code, Action.VIEW)
    return render(request, "kiosk/_board.html", _context(request, site))


def _answer(request, site: Site, *, done: str = "", errors: list[str] | None = None):
    """The board's tiles again (htmx), or back to the board with a message."""
    if request.htmx:
        return render(
            request, "kiosk/_board.html", _context(request, site, notice=done, errors=errors or [])
        )
    for text in errors or []:
        messages.error(request, text)
    if done:
        messages.success(request, done)
    return redirect(_board_url(site))


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _form_errors(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _act(request, site: Site, write: Callable[[], str]):
    """Run the service; then offer freed computers to the queue."""
    try:
        done = write()
    except ValidationError as error:
        return _answer(request, site, errors=_messages_of(error))
    queue_offer_next(site_id=site.pk)
    return _answer(request, site, done=done)


def _confirm(request, site: Site, **texts):
    return confirmation_page(
        request,
        cancel_url=_board_url(site),
        partial_id=BOARD_ID if request.htmx else None,
        **texts,
    )


def _open_session(request, site: Site, computer: Equipment, form: SessionForm) -> Session:
    """The session the staffer saw, if it still runs on this computer (else 404)."""
    return get_object_or_404(
        Session.objects.select_related("computer"),
        pk=form.cleaned_data["session"],
        computer=computer,
        site=site,
        end__isnull=True,
    )


# --- A computer's session and commands --------------------------------------------------


@login_required
@require_POST
def session_stop(request, site_code: str, equipment_code: str):
    site = _site(request, site_code, Action.CHANGE)
    computer = _computer(site, equipment_code)
    form = SessionForm(request.POST)
    if not form.is_valid():
        return _answer(request, site, errors=_form_errors(form))
    session = _open_session(request, site, computer, form)
    if not is_confirmed(request):
        return _confirm(
            request,
            site,
            title=_("End the session?"),
            question=_("End the session on %(computer)s now?") % {"computer": computer.code},
            consequences=[_("The kiosk locks at its next call.")],
            confirm_label=_("Yes, end it"),
        )

    def write() -> str:
        kiosk_session_stop(actor=request.user, session=session)
        return _("%(computer)s is free.") % {"computer": computer.code}

    return _act(request, site, write)


@login_required
@require_POST
def session_extend(request, site_code: str, equipment_code: str):
    site = _site(request, site_code, Action.CHANGE)
    computer = _computer(site, equipment_code)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        return _answer(request, site, errors=_form_errors(form))
    session = _open_session(request, site, computer, form)
    minutes = form.cleaned_data["minutes"]

    def write() -> str:
        kiosk_session_extend(actor=request.user, session=session, minutes=minutes)
        return _("%(computer)s: %(n)s more minutes.") % {"computer": computer.code, "n": minutes}

    return _act(request, site, write)


DESTRUCTIVE = {
    Instruction.Kind.LOGOUT: lambda: _("The person signed in loses what is not saved."),
    Instruction.Kind.RESTART: lambda: _("The computer restarts; what is not saved is lost."),
    Instruction.Kind.SHUTDOWN: lambda: _("The computer shuts down; someone must switch it on."),
}


@login_required
@require_POST
def instruction(request, site_code: str, equipment_code: str):
    site = _site(request, site_code, Action.CHANGE)
    computer = _computer(site, equipment_code)
    form = InstructionForm(request.POST)
    if not form.is_valid():
        return _answer(request, site, errors=_form_errors(form))
    kind, text = form.cleaned_data["kind"], form.cleaned_data["text"]
    label = Instruction.Kind(kind).label
    if kind in DESTRUCTIVE and not is_confirmed(request):
        return _confirm(
            request,
            site,
            title=_("Send “%(command)s”?") % {"command": label},
            question=_("Send “%(command)s” to %(computer)s?")
            % {"command": label, "computer": computer.code},
            consequences=[DESTRUCTIVE[kind]()],
            confirm_label=_("Yes, send it"),
        )

    def write() -> str:
        kiosk_computers.instruction_send(
            actor=request.user, computer=computer, kind=kind, text=text
        )
        return _("%(computer)s gets it at its next call.") % {"computer": computer.code}

    return _act(request, site, write)


@login_required
@require_POST
def enrolment_code(request, site_code: str, equipment_code: str):
    """A one-time code, shown once in big letters on the board page (never stored in clear)."""
    site = _site(request, site_code, Action.CHANGE)
    computer = _computer(site, equipment_code)
    try:
        code = kiosk_computers.enrolment_code_create(actor=request.user, computer=computer)
    except ValidationError as error:
        return _answer(request, site, errors=_messages_of(error))
    context = _context(
        request, site, queue_form=_queue_form(site), enrolment={"computer": computer, "code": code}
    )
    return render(request, "kiosk/board.html", context)


@login_required
@require_POST
def token_revoke(request, site_code: str, equipment_code: str):
    site = _site(request, site_code, Action.CHANGE)
    computer = _computer(site, equipment_code)
    if not is_confirmed(request):
        return _confirm(
            request,
            site,
            title=_("Revoke the kiosk's token?"),
            question=_("Revoke the token of %(computer)s?") % {"computer": computer.code},
            consequences=[_("Its kiosk stops working until it is enrolled again with a new code.")],
            confirm_label=_("Yes, revoke it"),
        )

    def write() -> str:
        if kiosk_computers.kiosk_token_revoke(actor=request.user, computer=computer):
            return _("The token of %(computer)s is revoked.") % {"computer": computer.code}
        return _("%(computer)s had no token in force.") % {"computer": computer.code}

    return _act(request, site, write)


# --- The queue ---------------------------------------------------------------------------


@login_required
@require_POST
def queue_add(request, site_code: str):
    site = _site(request, site_code, Action.CHANGE)
    form = _queue_form(site, request.POST)
    if not form.is_valid():
        return _answer(request, site, errors=_form_errors(form))

    def write() -> str:
        entry = reservation_add(
            actor=request.user,
            site=site,
            label=form.cleaned_data["label"],
            person_code=form.cleaned_data["person_code"],
            computer=form.cleaned_data["computer"],
            starts_at=form.starts_at(),
        )
        if entry.status == Reservation.Status.OFFERED:
            return _("%(label)s: %(computer)s is free now.") % {
                "label": entry.label,
                "computer": entry.computer.code,
            }
        return _("%(label)s is in the queue.") % {"label": entry.label}

    return _act(request, site, write)


def _reservation_action(request, site_code: str, write, done: str):
    site = _site(request, site_code, Action.CHANGE)
    form = ReservationForm(request.POST, site=site)
    if not form.is_valid():
        raise Http404
    entry = form.cleaned_data["reservation"]

    def act() -> str:
        write(actor=request.user, reservation=entry)
        return done % {"label": entry.label}

    return _act(request, site, act)


@login_required
@require_POST
def queue_cancel(request, site_code: str):
    return _reservation_action(
        request, site_code, reservation_cancel, _("%(label)s left the queue.")
    )


@login_required
@require_POST
def queue_seat(request, site_code: str):
    return _reservation_action(request, site_code, reservation_seat, _("%(label)s is seated."))


# --- Print jobs --------------------------------------------------------------------------


def _print_job(request, site: Site):
    form = PrintJobForm(request.POST, jobs=pending_print_jobs(site))
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["job"]


@login_required
@require_POST
def print_release(request, site_code: str):
    site = _site(request, site_code, Action.CHANGE)
    job = _print_job(request, site)

    def write() -> str:
        prints.print_job_release(actor=request.user, job=job)
        return _("Released: %(n)s pages.") % {"n": job.pages * job.copies}

    return _act(request, site, write)


@login_required
@require_POST
def print_cancel(request, site_code: str):
    site = _site(request, site_code, Action.CHANGE)
    job = _print_job(request, site)
    if not is_confirmed(request):
        return _confirm(
            request,
            site,
            title=_("Cancel the print job?"),
            question=_("Cancel “%(document)s” from %(computer)s?")
            % {"document": job.file_name or "—", "computer": job.computer.code},
            confirm_label=_("Yes, cancel it"),
        )

    def write() -> str:
        prints.print_job_cancel(actor=request.user, job=job)
        return _("The print job is cancelled.")

    return _act(request, site, write)


# --- Libki nodes -------------------------------------------------------------------------


@login_required
@require_POST
def node_link(request, site_code: str):
    site = _site(request, site_code, Action.CHANGE)
    form = NodeLinkForm(
        request.POST,
        nodes=waiting_nodes_of(site),
        computers=computers_in_service(site, timezone.localdate()),
    )
    if not form.is_valid():
        return _answer(request, site, errors=_form_errors(form))
    node, computer = form.cleaned_data["node"], form.cleaned_data["computer"]

    def write() -> str:
        nodes.libki_node_link(actor=request.user, node=node, computer=computer)
        return _("%(node)s is now %(computer)s.") % {"node": node.name, "computer": computer.code}

    return _act(request, site, write)


@login_required
@require_POST
def node_forget(request, site_code: str):
    site = _site(request, site_code, Action.CHANGE)
    form = NodeForm(request.POST, nodes=nodes_of(site))
    if not form.is_valid():
        raise Http404
    node = form.cleaned_data["node"]
    if not is_confirmed(request):
        return _confirm(
            request,
            site,
            title=_("Forget the Libki client?"),
            question=_("Forget the Libki client %(node)s?") % {"node": node.name},
            consequences=[_("If it calls again, it waits to be linked.")],
            confirm_label=_("Yes, forget it"),
        )

    def write() -> str:
        nodes.libki_node_forget(actor=request.user, node=node)
        return _("The Libki client %(node)s is forgotten.") % {"node": node.name}

    return _act(request, site, write)
