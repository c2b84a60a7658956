"""Which computer a kiosk token is, and what a computer's presence says."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from pacnet.core import sql
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import ComputerPresence, Instruction, KioskToken


def secret_digest(secret: str) -> str:
    """Tokens and enrolment codes are stored as SHA-256: long random secrets need no salt."""
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenHolder(NamedTuple):
    computer_id: int
    site_id: int


def token_digest(token: str) -> str | None:
    """What a token is looked up by; None for a text that cannot be a token."""
    if not token or len(token) > 200:
        return None
    return secret_digest(token)


def token_holder(digest: str | None) -> TokenHolder | None:
    """The computer whose token in force has this digest, and its point; None for any other.
    Every kiosk call asks this: hand-written SQL (pacnet/core/sql.py)."""
    if digest is None:
        return None
    found = sql.first(token_holder_text(), [digest])
    return TokenHolder(*found) if found else None


@sql.text
def token_holder_text() -> str:
    """(computer id, point id) of the token in force whose digest is the one parameter."""
    return (
        f"SELECT t.{sql.column(KioskToken, 'computer')}, e.{sql.column(Equipment, 'site')}"
        f" FROM {sql.table(KioskToken)} t JOIN {sql.table(Equipment)} e"
        f" ON e.{sql.column(Equipment, 'id')} = t.{sql.column(KioskToken, 'computer')}"
        f" WHERE t.{sql.column(KioskToken, 'digest')} = %s"
        f" AND t.{sql.column(KioskToken, 'revoked_at')} IS NULL"
    )


def instructions_pending_query(computer: int | sql.Key, limit: int = 20) -> sql.Query:
    """Instructions not yet delivered to the computer, oldest first: id, kind, text (and the
    time it was given, for the order)."""
    key = sql.Key.of(computer)
    return sql.Query(_instructions_pending_text(key.text), [*key.params, limit])


@sql.text
def _instructions_pending_text(computer: str) -> str:
    created_at = sql.column(Instruction, "created_at")
    return (
        f"SELECT {sql.column(Instruction, 'id')}, {sql.column(Instruction, 'kind')},"
        f" {sql.column(Instruction, 'text')}, {created_at} FROM {sql.table(Instruction)}"
        f" WHERE {sql.column(Instruction, 'computer')} = {computer}"
        f" AND {sql.column(Instruction, 'delivered_at')} IS NULL"
        f" ORDER BY {created_at}, {sql.column(Instruction, 'id')} LIMIT %s"
    )


def instructions_of_rows(rows: list) -> list[dict]:
    """Rows of `instructions_pending_query`, as a kiosk is sent them."""
    return [{"id": row[0], "kind": row[1], "text": row[2]} for row in rows]


def silent_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PACNET_KIOSK_SILENT_MINUTES)


def is_online(presence: ComputerPresence | None, now: dt.datetime | None = None) -> bool:
    if presence is None:
        return False
    return presence.last_seen >= (now or timezone.now()) - silent_after()
