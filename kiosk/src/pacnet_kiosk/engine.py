"""The kiosk's state machine, without Qt: sign-in online or offline, the countdown and its
warnings, the end of a session, the heartbeat, staff instructions and the upload of sessions.

Online the server keeps time (its answers set the session's end); offline the journal's last
rules grant the minutes. Two threads use an engine: the window's (sign-in, `tick`) and a
background one (`run_sync`); network calls are made outside the lock so neither blocks the other.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import random
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from pacnet_kiosk import __version__, system
from pacnet_kiosk.api import KioskApi, Offline, Refused, Unauthorized
from pacnet_kiosk.config import Config
from pacnet_kiosk.journal import (
    ENDED,
    OPEN,
    REJECTED,
    SYNCED,
    Journal,
    SessionRecord,
    normalise_person,
)
from pacnet_kiosk.rules import offline_grant, point_timezone, warning_minutes
from pacnet_kiosk.session_cleanup import session_cleanup

log = logging.getLogger(__name__)

UPLOAD_BATCH = 500
BACKOFF_FIRST_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 120.0
ALIVE_EVERY_SECONDS = 15.0
SERVER_REASONS = {"logout", "time_up"}


class SystemClock:
    def now(self) -> float:
        return time.time()


@dataclass
class Event:
    """Something the window shows: warning, session_started, session_ended, message, locked,
    online, offline, unauthorized, system (restart/shutdown under way)."""

    kind: str
    data: dict = field(default_factory=dict)


class SignInRefused(Exception):
    """`reason` is the server's code (or one of the client's: OFFLINE_UNKNOWN, NO_RULES,
    LOCKED); `detail` the server's message, empty when the client must word it."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


def parse_time(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


class Engine:
    def __init__(
        self,
        config: Config,
        journal: Journal,
        api: KioskApi,
        *,
        clock=None,
        cleanup: Callable[[], None] | None = None,
        run_command: Callable[[list[str]], None] = system.run_command,
        rng: random.Random | None = None,
    ):
        self.config = config
        self.journal = journal
        self.api = api
        self.clock = clock or SystemClock()
        self.cleanup = cleanup or (
            lambda: session_cleanup(config.browser_profile_dir, config.downloads_dir)
        )
        self.run_command = run_command
        self.rng = rng or random.Random()
        self.events: queue.Queue[Event] = queue.Queue()
        self.online: bool | None = None  # None: not known yet
        self.token_refused = False
        self.locked_text: str | None = None  # set by a staff "lock": no sign-in until restart
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._failures = 0
        self._next_sync = 0.0
        self._profile_sent = False
        self._warned: set[int] = set()
        self._last_alive = 0.0
        self._session_process: subprocess.Popen | None = None

    # Time. The journal keeps the server's clock minus ours, to know the point's date offline.

    def now(self) -> float:
        return self.clock.now()

    @property
    def clock_offset(self) -> float:
        return float(self.journal.get("clock_offset", 0.0))

    def _note_server_time(self, server_time: str | None, sent: float, received: float) -> None:
        if server_time:
            offset = parse_time(server_time) - (sent + received) / 2
            if abs(offset - self.clock_offset) > 1:
                self.journal.put("clock_offset", offset)

    def local_datetime(self, timestamp: float, corrected: bool = True) -> dt.datetime:
        tz = point_timezone(self.rules or {})
        shift = self.clock_offset if corrected else 0.0
        return dt.datetime.fromtimestamp(timestamp + shift, tz=tz)

    def iso(self, timestamp: float, corrected: bool) -> str:
        return self.local_datetime(timestamp, corrected).isoformat(timespec="seconds")

    @property
    def rules(self) -> dict | None:
        return self.journal.rules

    # The session.

    @property
    def current(self) -> SessionRecord | None:
        return self.journal.session_current()

    def remaining_seconds(self) -> float:
        session = self.current
        return max(0.0, session.ends_at - self.now()) if session else 0.0

    def recover(self) -> None:
        """At start-up: a session left open by a crash or a power cut ends when we last ran."""
        session = self.current
        if session is None:
            return
        last_alive = float(self.journal.get("last_alive", session.start))
        end = max(session.start, min(session.ends_at, last_alive))
        reason = "time_up" if end >= session.ends_at else "logout"
        self.journal.session_end(session.id, end, reason)
        self._after_session(reason, announce=False)

    def sign_in(self, person: str, pin: str = "") -> SessionRecord:
        person = normalise_person(person)
        pin = pin.strip()
        with self._lock:
            if self.locked_text is not None:
                raise SignInRefused("LOCKED", self.locked_text)
            if self.current is not None:
                raise SignInRefused("IN_USE")
        if not person:
            raise SignInRefused("BAD_LOGIN")
        session_id = str(uuid.uuid4())
        sent = self.now()
        try:
            answer = self.api.sign_in(session_id, person, pin)
        except Unauthorized:
            self._set_online(False, token_refused=True)
            return self._sign_in_offline(session_id, person, pin)
        except Refused as refusal:
            self._set_online(True)
            if refusal.reason == "BAD_LOGIN":
                self.journal.person_forget(person)  # a card withdrawn or a PIN changed
            raise SignInRefused(refusal.reason or "BAD_LOGIN", refusal.detail) from refusal
        except Offline:
            self._set_online(False)
            return self._sign_in_offline(session_id, person, pin)
        self._set_online(True)
        return self._sign_in_online(session_id, person, pin, answer, sent)

    def _sign_in_online(self, session_id, person, pin, answer: dict, sent: float):
        server = answer.get("session") or {}
        now = self.now()
        kind = server.get("person_kind") or "patron"
        key = self.journal.person_remember(person, kind, pin, now)
        minutes = int(server.get("minutes_allowed") or 0)
        seconds = minutes * 60.0
        if server.get("ends_at") and server.get("start"):
            seconds = parse_time(server["ends_at"]) - parse_time(server["start"])
        if answer.get("warning_minutes"):
            rules = dict(self.rules or {})
            rules["warning_minutes"] = answer["warning_minutes"]
            self.journal.rules_save(rules)
        record = SessionRecord(
            id=server.get("id") or session_id,
            person=person,
            person_key=key,
            person_kind=kind,
            day=self.local_datetime(now).date().isoformat(),
            start=now,
            minutes_allowed=minutes,
            ends_at=now + seconds,
            end=None,
            end_reason="",
            pages=0,
            origin="online",
            server_known=True,
            state=OPEN,
        )
        return self._open(record)

    def _sign_in_offline(self, session_id: str, person: str, pin: str) -> SessionRecord:
        rules = self.rules
        if not rules:
            raise SignInRefused("NO_RULES")
        known = self.journal.person_lookup(person)
        if known is None:
            raise SignInRefused("OFFLINE_UNKNOWN")
        if known["has_pin"] or rules.get("pin_required"):
            if not pin:
                raise SignInRefused("PIN_REQUIRED")
            if not self.journal.pin_matches(person, pin):
                raise SignInRefused("BAD_LOGIN")
        now = self.now()
        local_now = self.local_datetime(now)
        day = local_now.date().isoformat()
        used = self.journal.minutes_used(known["key"], day, now)
        grant = offline_grant(rules, known["kind"], used, local_now)
        if grant.reason:
            raise SignInRefused(grant.reason)
        record = SessionRecord(
            id=session_id,
            person=person,
            person_key=known["key"],
            person_kind=known["kind"],
            day=day,
            start=now,
            minutes_allowed=grant.minutes,
            ends_at=now + grant.minutes * 60,
            end=None,
            end_reason="",
            pages=0,
            origin="offline",
            server_known=False,
            state=OPEN,
        )
        return self._open(record)

    def _open(self, record: SessionRecord) -> SessionRecord:
        with self._lock:
            self.journal.session_open(record)
            self._warned = set()
            self._alive(force=True)
            self._start_session_command()
        self.events.put(Event("session_started", {"id": record.id, "origin": record.origin}))
        self.wake()
        return record

    def register_guest(self) -> dict:
        """A guest pass made by the server: {"code", "pin"}. Online only."""
        try:
            answer = self.api.guest()
        except Refused as refusal:
            self._set_online(True)
            raise SignInRefused(refusal.reason or "GUEST_REFUSED", refusal.detail) from refusal
        except Offline as error:
            self._set_online(False)
            raise SignInRefused("OFFLINE_GUEST") from error
        self._set_online(True)
        return answer

    def logout(self) -> None:
        self.end_session("logout")

    def end_session(self, reason: str, end: float | None = None, *, synced=False) -> None:
        with self._lock:
            session = self.current
            if session is None:
                return
            end = self.now() if end is None else end
            self.journal.session_end(session.id, max(session.start, end), reason, synced=synced)
        self._after_session(reason)

    def _after_session(self, reason: str, announce: bool = True) -> None:
        self._stop_session_command()
        try:
            self.cleanup()
        except Exception:
            log.exception("the session's files could not all be removed")
        with self._lock:
            self._warned = set()
        if announce:
            self.events.put(Event("session_ended", {"reason": reason}))
        self.wake()

    def tick(self) -> None:
        """Called about every second by the window: warnings, time up, the alive mark."""
        with self._lock:
            session = self.current
            if session is None:
                return
            now = self.now()
            self._alive()
            remaining = session.ends_at - now
            if remaining <= 0:
                self.end_session("time_up", min(now, session.ends_at))
                return
            due = [
                w
                for w in warning_minutes(self.rules)
                if w not in self._warned and remaining <= w * 60 < session.minutes_allowed * 60
            ]
            if due:
                self._warned.update(w for w in warning_minutes(self.rules) if w >= min(due))
                self.events.put(Event("warning", {"minutes": min(due)}))

    def _alive(self, force: bool = False) -> None:
        now = self.now()
        if force or now - self._last_alive >= ALIVE_EVERY_SECONDS:
            self._last_alive = now
            self.journal.put("last_alive", now)

    def _start_session_command(self) -> None:
        command = [
            part.replace("{profile}", self.config.browser_profile_dir).replace(
                "{downloads}", self.config.downloads_dir
            )
            for part in self.config.session_command
        ]
        if command:
            try:
                self._session_process = subprocess.Popen(command)  # noqa: S603 - from the config
            except OSError:
                log.exception("could not start %s", command)

    def _stop_session_command(self) -> None:
        process, self._session_process = self._session_process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    # The line to the server.

    def _set_online(self, online: bool, token_refused: bool = False) -> None:
        changed = online != self.online or token_refused != self.token_refused
        self.online = online
        self.token_refused = token_refused
        if changed:
            kind = "unauthorized" if token_refused else ("online" if online else "offline")
            self.events.put(Event(kind))

    def wake(self) -> None:
        """Sync as soon as possible (a session started or ended)."""
        self._next_sync = 0.0
        self._wake.set()

    def sync_due(self) -> bool:
        return self.now() >= self._next_sync

    def sync_once(self) -> bool:
        """Heartbeat, rules, instructions, then the sessions to send. False when offline."""
        try:
            self._heartbeat()
            self._push_sessions()
        except Unauthorized:
            self._set_online(False, token_refused=True)
            self._schedule(failed=True)
            return False
        except Offline:
            self._set_online(False)
            self._schedule(failed=True)
            return False
        self._set_online(True)
        self._schedule(failed=False)
        return True

    def _schedule(self, failed: bool) -> None:
        if failed:
            self._failures += 1
            ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** (self._failures - 1))
            delay = self.rng.uniform(ceiling / 2, ceiling)  # jitter: kiosks do not retry in step
        else:
            self._failures = 0
            busy = self.current is not None or self.journal.sessions_count(ENDED)
            delay = self.config.session_heartbeat_seconds if busy else self.config.heartbeat_seconds
        self._next_sync = self.now() + delay

    def run_sync(self, stop: threading.Event) -> None:
        """The background thread's loop."""
        while not stop.is_set():
            if self.sync_due():
                try:
                    self.sync_once()
                except Exception:
                    log.exception("sync failed")
                    self._schedule(failed=True)
            self._wake.wait(timeout=1.0)
            self._wake.clear()

    def _heartbeat_payload(self) -> dict:
        folder = self.journal.path if self.journal.path != ":memory:" else "."
        session = self.current
        payload = {
            "client_version": __version__,
            "uptime_seconds": system.uptime_seconds(),
            "current_user": session.person if session else "",
            "acknowledged": self.journal.instructions_to_acknowledge(),
        }
        for key, value in (
            ("free_disk_mb", system.free_disk_mb(_folder_of(folder))),
            ("free_memory_mb", system.free_memory_mb()),
        ):
            if value is not None:
                payload[key] = value
        if not self._profile_sent:
            payload["profile"] = system.profile(_folder_of(folder))
        return payload

    def _heartbeat(self) -> None:
        payload = self._heartbeat_payload()
        sent = self.now()
        answer = self.api.heartbeat(payload)
        received = self.now()
        self._profile_sent = True
        self.journal.instructions_acknowledged(payload["acknowledged"])
        self._note_server_time(answer.get("server_time"), sent, received)
        rules = self.rules
        if rules is None or answer.get("rules_version") != rules.get("version"):
            self.refresh_rules()
        self._follow_server_session(answer.get("session"), answer.get("server_time"), received)
        for instruction in answer.get("instructions") or []:
            self._carry_out(instruction)

    def refresh_rules(self) -> dict:
        sent = self.now()
        rules = self.api.rules()
        self._note_server_time(rules.get("server_time"), sent, self.now())
        self.journal.rules_save(rules)
        return rules

    def _follow_server_session(self, server: dict | None, server_time, received) -> None:
        """Online the server keeps time: a staff extension or end reaches the kiosk here."""
        with self._lock:
            session = self.current
            if not server or session is None or server.get("id") != session.id:
                return
            if server.get("ended"):
                reason = server["ended"]
                self.journal.session_end(session.id, received, reason, synced=True)
                ended = True
            else:
                ended = False
                if server.get("ends_at") and server_time:
                    ends_at = received + parse_time(server["ends_at"]) - parse_time(server_time)
                    minutes = int(server.get("minutes_allowed") or session.minutes_allowed)
                    if abs(ends_at - session.ends_at) > 2:
                        self.journal.session_update_allowance(session.id, minutes, ends_at)
                        if ends_at > session.ends_at:  # extended: warn again later
                            left = (ends_at - received) / 60
                            self._warned = {w for w in self._warned if w >= left}
        if ended:
            self._after_session(reason)

    def _carry_out(self, instruction: dict) -> None:
        instruction_id = int(instruction["id"])
        if self.journal.instruction_done(instruction_id):
            return
        kind = instruction.get("kind", "")
        text = instruction.get("text", "")
        # Recorded before it is done: a restart must not be done again after the reboot.
        self.journal.instruction_record(instruction_id, kind, self.now())
        if kind == "message":
            self.events.put(Event("message", {"text": text}))
        elif kind == "logout":
            self.end_session("logout")
            if text:
                self.events.put(Event("message", {"text": text}))
        elif kind == "lock":
            self.end_session("logout")
            self.locked_text = text
            self.events.put(Event("locked", {"text": text}))
        elif kind in ("restart", "shutdown"):
            self.end_session("logout")
            self.events.put(Event("system", {"kind": kind, "text": text}))
            try:
                self._push_sessions()
                self.api.heartbeat({"acknowledged": self.journal.instructions_to_acknowledge()})
                self.journal.instructions_acknowledged([instruction_id])
            except (Offline, Refused):
                pass
            command = (
                self.config.restart_command if kind == "restart" else self.config.shutdown_command
            )
            self.run_command(list(command))
        else:
            log.warning("unknown instruction %s", instruction)

    def _push_sessions(self) -> None:
        pending = self.journal.sessions_pending(UPLOAD_BATCH)
        to_upload = []
        for session in pending:
            if session.server_known:
                reason = session.end_reason if session.end_reason in SERVER_REASONS else "logout"
                try:
                    self.api.sign_out(
                        session.id, reason, self.iso(session.end, corrected=True), session.pages
                    )
                    self.journal.session_mark(session.id, SYNCED)
                    continue
                except Unauthorized:
                    raise
                except Refused as refusal:
                    log.warning("sign-out of %s refused: %s; uploading it", session.id, refusal)
            to_upload.append(session)
        if not to_upload:
            return
        batch = [
            {
                "id": s.id,
                "person": s.person,
                "person_kind": s.person_kind,
                "start": self.iso(s.start, corrected=False),
                "end": self.iso(s.end, corrected=False),
                "pages": s.pages,
                "minutes_allowed": s.minutes_allowed,
                "reason": s.end_reason,
            }
            for s in to_upload
        ]
        try:
            answer = self.api.sessions_upload(self.iso(self.now(), corrected=False), batch)
        except Unauthorized:
            raise
        except Refused as refusal:
            # The whole batch refused: keep it, but do not resend it in a loop.
            log.error("upload refused: %s", refusal)
            raise Offline(str(refusal)) from refusal
        with self.journal.transaction():
            for session_id in [*answer.get("accepted", []), *answer.get("already", [])]:
                self.journal.session_mark(str(session_id), SYNCED)
            for rejected in answer.get("rejected", []):
                self.journal.session_mark(
                    str(rejected.get("id")), REJECTED, str(rejected.get("errors"))
                )
        if len(pending) == UPLOAD_BATCH:
            self.wake()


def _folder_of(path: str) -> str:
    return os.path.dirname(os.path.abspath(path)) or "."


def enrol(config: Config, server_url: str, code: str, name: str, journal: Journal | None = None):
    """Trade a one-time code for the computer's token and write it to the config file."""
    api = KioskApi(server_url, timeout=config.timeout_seconds, language=config.language)
    answer = api.enrol(code.strip(), name)
    config.server_url = server_url.rstrip("/")
    config.token = answer["token"]
    config.computer = answer.get("computer", "")
    config.point = answer.get("point", "")
    config.name = name
    config.save()
    journal = journal or Journal(config.journal_file())
    api.token = config.token
    try:
        journal.rules_save(api.rules())
    except (Offline, Refused):
        log.warning("enrolled, but the rules could not be read yet")
    return answer
