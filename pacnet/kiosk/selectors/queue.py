"""Whether the queue of a point has something to do: every heartbeat asks, so it is cheap."""

from __future__ import annotations

import datetime as dt

from pacnet.core import sql
from pacnet.kiosk.models import Reservation


def queue_due(site_id: int, now: dt.datetime) -> bool:
    """Someone waits for a computer, or a hold ran out: one indexed query, hand-written SQL
    (pacnet/core/sql.py), since the heartbeat of each computer of the point asks."""
    return sql.first(*queue_due_query(site_id, now)) is not None


def queue_due_query(site: int | sql.Key, now: dt.datetime) -> sql.Query:
    """A row when the queue of the point has something to do, none otherwise."""
    key = sql.Key.of(site)
    return sql.Query(
        _queue_due_text(key.text),
        [
            *key.params,
            Reservation.Status.WAITING,
            Reservation.Status.OFFERED,
            Reservation.Status.WAITING,
            sql.moment_param(now),
        ],
    )


@sql.text
def _queue_due_text(site: str) -> str:
    status, starts, held = (
        sql.column(Reservation, "status"),
        sql.column(Reservation, "starts_at"),
        sql.column(Reservation, "held_until"),
    )
    return (
        f"SELECT 1 FROM {sql.table(Reservation)} WHERE {sql.column(Reservation, 'site')} = {site}"
        f" AND {status} IN (%s, %s)"
        f" AND (({status} = %s AND {starts} IS NULL) OR {held} <= %s) LIMIT 1"
    )
