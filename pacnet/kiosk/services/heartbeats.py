"""The pacnet kiosk's heartbeat: its state in; its session, the rules' version and staff
instructions out.

Every computer beats once a minute or more (20 000 computers: 333 a second), so the usual
beat, nothing to change but the presence, is five small queries and no ORM compile
(bench/bench_kiosk.py measures it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pacnet.kiosk.models import Protocol
from pacnet.kiosk.selectors.computers import instructions_pending
from pacnet.kiosk.selectors.rules import rules_version
from pacnet.kiosk.selectors.sessions import SessionSeen
from pacnet.kiosk.services.computers import Heartbeat, computer_seen, instructions_acknowledge
from pacnet.kiosk.services.queue import queue_offer_next
from pacnet.kiosk.services.sessions import kiosk_session_seen


@dataclass(frozen=True)
class HeartbeatAnswer:
    now: dt.datetime
    rules_version: str
    session: SessionSeen | None
    instructions: list[dict]


def kiosk_heartbeat(
    *,
    computer_id: int,
    site_id: int,
    beat: Heartbeat,
    acknowledged: list[int],
    known_session_id: object = None,
    now: dt.datetime | None = None,
) -> HeartbeatAnswer:
    """Keep the presence, take the acknowledged instructions off, offer a free computer to the
    first person waiting, and end the session whose time is up."""
    now = now or timezone.now()
    computer_seen(computer_id=computer_id, protocol=Protocol.PACNET, beat=beat, now=now)
    instructions_acknowledge(computer_id=computer_id, ids=acknowledged, now=now)
    queue_offer_next(site_id=site_id, now=now)
    session = kiosk_session_seen(computer_id=computer_id, known_id=known_session_id, now=now)
    return HeartbeatAnswer(
        now=now,
        rules_version=rules_version(site_id),
        session=session,
        instructions=instructions_pending(computer_id),
    )
