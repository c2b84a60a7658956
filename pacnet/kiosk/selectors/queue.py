"""Whether the queue of a point has something to do: every heartbeat asks, so it is cheap."""

from __future__ import annotations

import datetime as dt

from pacnet.core import sql
from pacnet.kiosk.models import Reservation


def queue_due(site_id: int, now: dt.datetime) -> bool:
    """Someone waits for a computer, or a hold ran out: one indexed query, hand-written SQL
    (pacnet/core/sql.py), since the heartbeat of each computer of the point asks."""
    status, starts, held = (
        sql.column(Reservation, "status"),
        sql.column(Reservation, "starts_at"),
        sql.column(Reservation, "held_until"),
    )
    found = sql.first(
        f"SELECT 1 FROM {sql.table(Reservation)} WHERE {sql.column(Reservation, 'site')} = %s"
        f" AND {status} IN (%s, %s)"
        f" AND (({status} = %s AND {starts} IS NULL) OR {held} <= %s) LIMIT 1",
        [
            site_id,
            Reservation.Status.WAITING,
            Reservation.Status.OFFERED,
            Reservation.Status.WAITING,
            sql.moment_param(now),
        ],
    )
    return found is not None
