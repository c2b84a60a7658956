"""What pacnet does with each Libki client request; writes go through the kiosk services.

Each action takes the request's parameters and answers a dict (libki.answers). Differences
from Libki's own server are in docs/kiosk.md, "Libki clients".
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.geography.models import Site
from pacnet.inventory.models import EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on
from pacnet.kiosk.libki import answers
from pacnet.kiosk.libki.pages import pdf_pages
from pacnet.kiosk.libki.query import version_of
from pacnet.kiosk.models import Instruction, KioskRules, LibkiNode, Protocol
from pacnet.kiosk.selectors.libki import (
    current_user_of,
    hold_shown,
    hold_text,
    is_of,
    last_session_of,
    minutes_left,
    node_named,
    person_code_of,
    point_of_location,
)
from pacnet.kiosk.selectors.rules import rules_of
from pacnet.kiosk.selectors.sessions import Refusal
from pacnet.kiosk.services.computers import (
    Heartbeat,
    computer_seen,
    instructions_take_of,
    libki_node_register,
)
from pacnet.kiosk.services.prints import print_job_receive
from pacnet.kiosk.services.queue import queue_offer_next
from pacnet.kiosk.services.sessions import (
    SignInRefused,
    guest_self_register,
    kiosk_person,
    kiosk_session_current,
    kiosk_session_stop,
    kiosk_sign_in,
    kiosk_sign_out,
    refuse,
    reservation_acknowledge,
)
from pacnet.usage.models import Patron, Session

# Refusals the client knows by code (it shows its own text, or the INI's labels/<CODE>);
# the others are sent as pacnet's sentence, which the client shows after "Login Failed: ".
LIBKI_ERRORS = {
    Refusal.BAD_LOGIN: "BAD_LOGIN",
    Refusal.NO_TIME: "NO_TIME",
    Refusal.CLOSED: "CLOSED",
    Refusal.RESERVED: "RESERVED_FOR_OTHER",
}
COMMANDS = [
    Instruction.Kind.LOCK,
    Instruction.Kind.LOGOUT,
    Instruction.Kind.RESTART,
    Instruction.Kind.SHUTDOWN,
]


@dataclass
class LibkiRequest:
    params: Mapping[str, str]
    headers: Mapping[str, str]
    address: str
    now: dt.datetime

    def get(self, name: str) -> str:
        return (self.params.get(name) or "").strip()

    @property
    def version(self) -> tuple[int, ...]:
        return version_of(self.get("version"))


def header_accepted(headers: Mapping[str, str], rules: KioskRules | None) -> bool:
    """The point's required client header ("Name: value"), compared in constant time."""
    wanted = (rules.client_header if rules else "").strip()
    if not wanted:
        return True
    name, _sep, value = wanted.partition(":")
    given = headers.get(name.strip())
    if given is None:
        return False
    return hmac.compare_digest(given.strip().encode(), value.strip().encode())


def _header_refused() -> str:
    return _("This computer may not connect: its Libki client header is missing or wrong.")


def _rules_of_node(node: LibkiNode | None) -> KioskRules | None:
    site = node.computer.site if node and node.computer_id else (node.site if node else None)
    return rules_of(site) if site else None


def _error_of(refusal: DomainError) -> str:
    if isinstance(refusal, SignInRefused):
        return LIBKI_ERRORS.get(refusal.reason, refusal.detail)
    return " ".join(refusal.messages)


def _credentials_ok(session: Session, username: str, password: str) -> bool:
    """The PIN is checked again (Libki's server looks users up by name only). A session staff
    started has no PIN on the client: it is the computer's, so its node is enough."""
    if session.source == Session.Source.STAFF:
        return True
    try:
        person = kiosk_person(computer=session.computer, person_code=username, pin=password)
    except SignInRefused:
        return False
    found = person.get("patron") or person.get("guest_pass")
    if isinstance(found, Patron):
        return found.pk == session.patron_id
    return found.pk == session.guest_pass_id


def _in_service(node: LibkiNode, now: dt.datetime) -> bool:
    status = equipment_status_on(node.computer, timezone.localdate(now))
    return status is not None and status != EquipmentStatus.RETIRED


def register_node(req: LibkiRequest) -> dict[str, Any]:
    """The heartbeat: the node kept, the point's settings, its hold, one-shot commands."""
    name = req.get("node_name") or req.get("node")
    location = req.get("location")[:120]
    known = node_named(name)
    linked = known is not None and known.computer_id is not None
    # A linked node's point is its computer's, whatever location it sends.
    location_site = None if linked else point_of_location(location)
    site = known.computer.site if linked else location_site or (known.site if known else None)
    rules = rules_of(site) if site else None
    if not header_accepted(req.headers, rules):
        return answers.refused_node()
    if not name or len(name) > 120:
        return answers.registered(rules=None, signing_in=False)
    with transaction.atomic():  # one commit for the whole beat
        return _node_registered(req, name, known, location, location_site, rules)


def _node_registered(
    req: LibkiRequest,
    name: str,
    known: LibkiNode | None,
    location: str,
    location_site: Site | None,
    rules: KioskRules | None,
) -> dict[str, Any]:
    address = (req.get("ipaddress") or req.address)[:64]
    node = libki_node_register(
        name=name, node=known, location=location, site=location_site, address=address, now=req.now
    )
    if node is None or node.computer is None:
        # Waiting to be linked: the login screen stays, login answers why it cannot start.
        return answers.registered(rules=rules, signing_in=False)
    computer, now = node.computer, req.now
    told = current_user_of(computer)
    session = kiosk_session_current(computer_id=computer.pk, now=now)
    commands: dict[str, Any] = {}
    for instruction in instructions_take_of(computer=computer, kinds=COMMANDS, now=now):
        # Libki has no remote lock or logout: the session ends, the client's next
        # get_user_data says "Kicked" and it returns to its locked login screen.
        if session is not None and session.end is None:
            session = kiosk_session_stop(actor=instruction.created_by, session=session, now=now)
        if instruction.kind in (Instruction.Kind.RESTART, Instruction.Kind.SHUTDOWN):
            commands[instruction.kind] = 1
    running = session if session is not None and session.end is None else None
    code = person_code_of(running) if running else ""
    if running and running.source == Session.Source.STAFF and told.lower() != code.lower():
        commands |= answers.autologin(
            version=req.version, username=code, minutes=minutes_left(running, now)
        )
    computer_seen(
        computer_id=computer.pk,
        protocol=Protocol.LIBKI,
        beat=Heartbeat(client_version=req.get("version"), current_user=code, address=req.address),
        now=now,
    )
    queue_offer_next(site_id=computer.site_id, now=now)  # a free computer goes to the first waiting
    hold = hold_shown(computer, now)
    return answers.registered(
        rules=rules,  # the point's: a linked node's point is its computer's
        status=answers.ONLINE if _in_service(node, now) else answers.SUSPENDED,
        reserved_for=hold_text(hold, now) if hold else "",
        commands=commands,
    )


def login(req: LibkiRequest) -> dict[str, Any]:
    node = node_named(req.get("node"))
    if not header_accepted(req.headers, _rules_of_node(node)):
        return answers.login_refused(_header_refused())
    if node is None or node.computer is None:
        return answers.login_refused(refuse(Refusal.NOT_LINKED).detail)
    computer, now = node.computer, req.now
    try:
        if req.get("createGuest") == "1":
            # One transaction: a pass whose sign-in is refused is not kept.
            with transaction.atomic():
                code, pin = guest_self_register(computer=computer)
                session = kiosk_sign_in(
                    computer=computer,
                    person_code=code,
                    pin=pin,
                    source=Session.Source.LIBKI,
                    now=now,
                )
            return answers.signed_in(units=minutes_left(session, now), username=code, password=pin)
        session = kiosk_sign_in(
            computer=computer,
            person_code=req.get("username"),
            pin=req.params.get("password", ""),
            source=Session.Source.LIBKI,
            now=now,
        )
    except DomainError as refusal:
        return answers.login_refused(_error_of(refusal))
    return answers.signed_in(units=minutes_left(session, now))


def _running_session(req: LibkiRequest) -> tuple[LibkiNode | None, Session | None, str]:
    """The node, the session running on its computer, and an error when the node is refused."""
    node = node_named(req.get("node"))
    if not header_accepted(req.headers, _rules_of_node(node)):
        return node, None, _header_refused()
    if node is None or node.computer is None:
        return node, None, ""
    return node, kiosk_session_current(computer_id=node.computer_id, now=req.now), ""


def get_user_data(req: LibkiRequest) -> dict[str, Any]:
    """The 10-second poll: the session's status, its minutes left, staff messages once."""
    node, session, error = _running_session(req)
    if error:
        return {"error": error}  # no status: the client carries on as it was
    if node is None or node.computer is None:
        return answers.user_data(status=answers.LOGGED_OUT)
    username = req.get("username")
    if session is not None and session.end is None and is_of(session, username):
        if not _credentials_ok(session, username, req.params.get("password", "")):
            return {"error": "BAD_LOGIN"}
        messages = instructions_take_of(
            computer=node.computer, kinds=[Instruction.Kind.MESSAGE], now=req.now
        )
        return answers.user_data(
            status=answers.LOGGED_IN,
            units=minutes_left(session, req.now),
            messages=[m.text for m in messages],
        )
    last = session if is_of(session, username) else last_session_of(node.computer, username)
    ended_by_staff = last is not None and last.end_reason == Session.EndReason.STAFF
    return answers.user_data(status=answers.KICKED if ended_by_staff else answers.LOGGED_OUT)


def logout(req: LibkiRequest) -> dict[str, Any]:
    node, session, error = _running_session(req)
    if error:
        return answers.logged_out(False, error)
    username = req.get("username")
    if session is None or session.end is not None or not is_of(session, username):
        return answers.logged_out(True)  # already ended: the client goes back to its login
    if not _credentials_ok(session, username, req.params.get("password", "")):
        return answers.logged_out(False, "BAD_LOGIN")
    kiosk_sign_out(
        computer=node.computer, session=session, reason=Session.EndReason.LOGOUT, now=req.now
    )
    return answers.logged_out(True)


def acknowledge_reservation(req: LibkiRequest) -> dict[str, Any]:
    """The hold is on the screen; `reserved_for` is the text we sent, so it is not read."""
    node = node_named(req.get("node"))
    if node is None or node.computer is None:
        return {}
    if not header_accepted(req.headers, _rules_of_node(node)):
        return {}
    hold = hold_shown(node.computer, req.now)
    if hold is not None:
        reservation_acknowledge(reservation=hold, now=req.now)
    return {}


ACTIONS: dict[str, Callable[[LibkiRequest], dict[str, Any]]] = {
    "register_node": register_node,
    "login": login,
    "get_user_data": get_user_data,
    "logout": logout,
    "acknowledge_reservation": acknowledge_reservation,
}


def answer(req: LibkiRequest) -> dict[str, Any]:
    """Unknown actions (`clear_message`, which no client sends) answer {} as Libki does."""
    action = ACTIONS.get(req.get("action"))
    if action is None:
        return {}
    try:
        return action(req)
    except DomainError as refusal:  # a rule refused a write: said, never a 500
        return {"error": _error_of(refusal)}


def _number(text: Any) -> int:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else 0


def print_upload(
    *, fields: Mapping[str, str], upload: BinaryIO | None, size: int, headers: Mapping[str, str]
) -> dict[str, Any]:
    """POST …/print: the job's metadata is kept for staff to release; the file is not."""
    node = node_named((fields.get("client_name") or "").strip())
    if node is None or node.computer is None:
        return answers.printed(error="CLIENT NOT FOUND")
    if not header_accepted(headers, _rules_of_node(node)):
        return answers.printed(error="NOT ALLOWED")
    username = (fields.get("username") or "").strip()
    if not username:
        return answers.printed(error="NO DATA")
    pages = pdf_pages(upload, size) if upload is not None else 0
    print_job_receive(
        computer=node.computer,
        person_code=username,
        pages=pages or _number(fields.get("pages")) or 1,
        copies=_number(fields.get("copies")) or 1,
        printer=fields.get("printer") or "",
        file_name=fields.get("filename") or getattr(upload, "name", "") or "",
    )
    return answers.printed()
