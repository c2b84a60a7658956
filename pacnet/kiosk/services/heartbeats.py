"""The pacnet kiosk's heartbeat: its state in; its session, the rules' version and staff
instructions out.

Every computer beats once a minute or more (20 000 computers: 333 a second), so the usual
beat, nothing to change but the presence, sends one statement after the token's (ADR 0014,
bench/bench_kiosk.py): on PostgreSQL the presence UPDATE and the three reads go together in
one statement, so one round trip; on SQLite, in the process, they are four small statements.
What is rare (a first beat, a changed profile, someone waiting, a session whose time is up)
goes on through the services it always used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from pacnet.core import sql
from pacnet.kiosk.models import Instruction, Protocol
from pacnet.kiosk.selectors.computers import instructions_of_rows, instructions_pending_query
from pacnet.kiosk.selectors.queue import queue_due_query
from pacnet.kiosk.selectors.rules import rules_version
from pacnet.kiosk.selectors.sessions import (
    SessionSeen,
    running_session_query,
    session_seen_of_row,
)
from pacnet.kiosk.services.computers import (
    Heartbeat,
    computer_seen,
    instructions_acknowledge,
    presence_update_query,
    presence_values,
    profile_of,
)
from pacnet.kiosk.services.queue import queue_offer_next
from pacnet.kiosk.services.sessions import kiosk_session_seen


@dataclass(frozen=True)
class HeartbeatAnswer:
    now: dt.datetime
    rules_version: str
    session: SessionSeen | None
    instructions: list[dict]


@dataclass(frozen=True)
class _Beat:
    """What one beat's statements found: whether the presence row was updated, whether the
    queue has something to do, the session running, the instructions pending."""

    marked: bool
    queue_due: bool
    running: SessionSeen | None
    instructions: list[dict]


def kiosk_heartbeat(
    *,
    computer_id: int,
    site_id: int,
    beat: Heartbeat,
    acknowledged: list[int],
    known_session_id: Any = None,
    now: dt.datetime | None = None,
) -> HeartbeatAnswer:
    """Keep the presence, take the acknowledged instructions off, offer a free computer to the
    first person waiting, and end the session whose time is up."""
    now = now or timezone.now()
    # Before the reads: what the kiosk carried out is not handed out again in this answer.
    instructions_acknowledge(computer_id=computer_id, ids=acknowledged, now=now)
    found = _beat(computer_id, site_id, beat, now)
    computer_seen(
        computer_id=computer_id,
        protocol=Protocol.PACNET,
        beat=beat,
        now=now,
        marked=found.marked,
    )
    queue_offer_next(site_id=site_id, now=now, due=found.queue_due)
    session = kiosk_session_seen(
        computer_id=computer_id, running=found.running, known_id=known_session_id, now=now
    )
    return HeartbeatAnswer(
        now=now,
        rules_version=rules_version(site_id),
        session=session,
        instructions=found.instructions,
    )


def _beat(computer_id: int, site_id: int, beat: Heartbeat, now: dt.datetime) -> _Beat:
    values = presence_values(protocol=Protocol.PACNET, beat=beat, now=now)
    presence = presence_update_query(computer_id, values, profile_of(beat)[1])
    due = queue_due_query(site_id, now)
    running = running_session_query(computer_id)
    pending = instructions_pending_query(computer_id)
    if connection.vendor != "postgresql":
        return _Beat(
            marked=sql.execute(*presence) > 0,
            queue_due=sql.first(*due) is not None,
            running=session_seen_of_row(sql.first(*running)),
            instructions=instructions_of_rows(sql.rows(*pending)),
        )
    row = sql.first(
        _one_statement_text(presence.text, due.text, pending.text, running.text),
        [*presence.params, *due.params, *pending.params, *running.params],
    )
    return _Beat(
        marked=row[0] > 0,
        queue_due=row[1],
        running=session_seen_of_row(row[3:]),
        instructions=instructions_of_rows(row[2]),
    )


@sql.text
def _one_statement_text(presence: str, due: str, pending: str, running: str) -> str:
    """The UPDATE in a WITH clause, the reads beside it: one statement, one round trip."""
    i = {name: f"i.{sql.column(Instruction, name)}" for name in ("id", "kind", "text")}
    order = f"i.{sql.column(Instruction, 'created_at')}, {i['id']}"
    return (
        f"WITH marked AS ({presence} RETURNING 1)"
        f" SELECT (SELECT COUNT(*) FROM marked), EXISTS ({due}),"
        f" (SELECT COALESCE(json_agg(json_build_array({i['id']}, {i['kind']}, {i['text']})"
        f" ORDER BY {order}), '[]') FROM ({pending}) AS i),"
        f" r.* FROM (SELECT 1) AS one LEFT JOIN ({running}) AS r ON TRUE"
    )
