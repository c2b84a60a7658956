"""The pacnet kiosk's heartbeat: its state in; its session, the rules' version and staff
instructions out.

Every computer beats once a minute or more (20 000 computers: 333 a second), so the usual
beat, nothing to change but the presence, is one statement on PostgreSQL (ADR 0014,
bench/bench_kiosk.py): the token's check, the presence UPDATE and the three reads together,
one round trip; on SQLite, in the process, five small statements. What is rare (a first
beat, a changed profile, an acknowledgement, someone waiting, a session whose time is up)
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
from pacnet.kiosk.selectors.computers import (
    TokenHolder,
    instructions_of_rows,
    instructions_pending_query,
    token_holder,
    token_holder_text,
)
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
    """What one beat's statements found: the token's computer and point, whether the presence
    row was updated, whether the queue has something to do, the session running, the
    instructions pending."""

    holder: TokenHolder
    marked: bool
    queue_due: bool
    running: SessionSeen | None
    instructions: list[dict]


def kiosk_heartbeat(
    *,
    token_digest: str,
    holder: TokenHolder | None,
    beat: Heartbeat,
    acknowledged: list[int],
    known_session_id: Any = None,
    now: dt.datetime | None = None,
) -> HeartbeatAnswer | None:
    """Keep the presence of the computer whose token in force has this digest, take the
    acknowledged instructions off, offer a free computer to the first person waiting, and end
    the session whose time is up. `holder`: the token's ids when already checked. None, and
    nothing written, when the token is not in force."""
    now = now or timezone.now()
    if acknowledged or connection.vendor != "postgresql":
        holder = holder or token_holder(token_digest)
        if holder is None:
            return None
        # Before the reads: what the kiosk carried out is not handed out again in this answer.
        instructions_acknowledge(computer_id=holder.computer_id, ids=acknowledged, now=now)
    found = _beat(token_digest, holder, beat, now)
    if found is None:
        return None
    computer_id, site_id = found.holder
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


def _beat(
    token_digest: str, holder: TokenHolder | None, beat: Heartbeat, now: dt.datetime
) -> _Beat | None:
    values = presence_values(protocol=Protocol.PACNET, beat=beat, now=now)
    profile_digest = profile_of(beat)[1]
    if connection.vendor != "postgresql":
        assert holder is not None  # checked by the caller
        computer_id, site_id = holder
        return _Beat(
            holder=holder,
            marked=sql.execute(*presence_update_query(computer_id, values, profile_digest)) > 0,
            queue_due=sql.first(*queue_due_query(site_id, now)) is not None,
            running=session_seen_of_row(sql.first(*running_session_query(computer_id))),
            instructions=instructions_of_rows(sql.rows(*instructions_pending_query(computer_id))),
        )
    # One statement, one round trip: the token's ids, the presence UPDATE (in a WITH clause)
    # and the reads, each naming the computer and the point by the token's row.
    computer, site = sql.Key("(SELECT c FROM holder)", []), sql.Key("(SELECT s FROM holder)", [])
    presence = presence_update_query(computer, values, profile_digest)
    due = queue_due_query(site, now)
    pending = instructions_pending_query(computer)
    running = running_session_query(computer)
    row = sql.first(
        _one_statement_text(presence.text, due.text, pending.text, running.text),
        [token_digest, *presence.params, *due.params, *pending.params, *running.params],
    )
    if row is None or row[0] is None:
        return None
    return _Beat(
        holder=TokenHolder(row[0], row[1]),
        marked=row[2] > 0,
        queue_due=row[3],
        running=session_seen_of_row(row[5:]),
        instructions=instructions_of_rows(row[4]),
    )


@sql.text
def _one_statement_text(presence: str, due: str, pending: str, running: str) -> str:
    i = {name: f"i.{sql.column(Instruction, name)}" for name in ("id", "kind", "text")}
    order = f"i.{sql.column(Instruction, 'created_at')}, {i['id']}"
    return (
        f"WITH holder (c, s) AS ({token_holder_text()}),"
        f" marked AS ({presence} RETURNING 1)"
        f" SELECT h.c, h.s, (SELECT COUNT(*) FROM marked), EXISTS ({due}),"
        f" (SELECT COALESCE(json_agg(json_build_array({i['id']}, {i['kind']}, {i['text']})"
        f" ORDER BY {order}), '[]') FROM ({pending}) AS i),"
        f" r.* FROM (SELECT 1) AS one LEFT JOIN holder AS h ON TRUE"
        f" LEFT JOIN ({running}) AS r ON TRUE"
    )
