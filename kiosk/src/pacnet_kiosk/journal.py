"""The kiosk's local journal (SQLite): the last rules, the people seen online (hashed), the
sessions with their upload state, and the staff instructions already carried out."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    person_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    pin_salt BLOB,
    pin_hash BLOB,
    seen_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    person_key TEXT NOT NULL,
    person_kind TEXT NOT NULL,
    day TEXT NOT NULL,
    start REAL NOT NULL,
    minutes_allowed INTEGER NOT NULL,
    ends_at REAL NOT NULL,
    end REAL,
    end_reason TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL,
    server_known INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'open',
    upload_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_state ON sessions (state);
CREATE INDEX IF NOT EXISTS sessions_person_day ON sessions (person_key, day);
CREATE TABLE IF NOT EXISTS instructions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    done_at REAL NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0
);
"""

# Session states: open (running), ended (the server has not got its end yet), synced (it has),
# rejected (the server refused it for good; kept for the record).
OPEN, ENDED, SYNCED, REJECTED = "open", "ended", "synced", "rejected"

PERSON_ITERATIONS = 60_000
PIN_ITERATIONS = 120_000


@dataclass
class SessionRecord:
    id: str
    person: str
    person_key: str
    person_kind: str
    day: str
    start: float
    minutes_allowed: int
    ends_at: float
    end: float | None
    end_reason: str
    pages: int
    origin: str
    server_known: bool
    state: str
    upload_error: str = ""


def normalise_person(code: str) -> str:
    return code.strip().upper()


class Journal:
    def __init__(self, path: Path | str):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # a power cut must not lose a session
            self._db.executescript(SCHEMA)
        self._salt = self._person_salt()
        self._keys: dict[str, str] = {}

    @contextlib.contextmanager
    def transaction(self):
        """Several writes, one commit (one disk flush)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Key-value: the rules, the clock offset, the salt.

    def get(self, key: str, default=None):
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default

    def put(self, key: str, value) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def _person_salt(self) -> bytes:
        salt = self.get("person_salt")
        if salt is None:
            salt = os.urandom(16).hex()
            self.put("person_salt", salt)
        return bytes.fromhex(salt)

    @property
    def rules(self) -> dict | None:
        return self.get("rules")

    def rules_save(self, rules: dict) -> None:
        self.put("rules", rules)

    # People seen online: the card or pass number is never stored in clear.

    def person_key(self, code: str) -> str:
        code = normalise_person(code)
        if code not in self._keys:  # a slow hash: once per card and run
            digest = hashlib.pbkdf2_hmac("sha256", code.encode(), self._salt, PERSON_ITERATIONS)
            self._keys[code] = digest.hex()
        return self._keys[code]

    def person_remember(self, code: str, kind: str, pin: str, now: float) -> str:
        key = self.person_key(code)
        pin_salt = pin_hash = None
        if pin:
            pin_salt = os.urandom(16)
            pin_hash = hashlib.pbkdf2_hmac("sha256", pin.encode(), pin_salt, PIN_ITERATIONS)
        with self._lock:
            self._db.execute(
                "INSERT INTO people (person_key, kind, pin_salt, pin_hash, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_key) DO UPDATE SET "
                "kind = excluded.kind, pin_salt = excluded.pin_salt, "
                "pin_hash = excluded.pin_hash, seen_at = excluded.seen_at",
                (key, kind, pin_salt, pin_hash, now),
            )
        return key

    def person_forget(self, code: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM people WHERE person_key = ?", (self.person_key(code),))

    def person_lookup(self, code: str) -> dict | None:
        """{"key", "kind", "has_pin"} of a person seen online, or None."""
        key = self.person_key(code)
        with self._lock:
            row = self._db.execute("SELECT * FROM people WHERE person_key = ?", (key,)).fetchone()
        if row is None:
            return None
        return {"key": key, "kind": row["kind"], "has_pin": row["pin_hash"] is not None}

    def pin_matches(self, code: str, pin: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT pin_salt, pin_hash FROM people WHERE person_key = ?",
                (self.person_key(code),),
            ).fetchone()
        if row is None or row["pin_hash"] is None:
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), row["pin_salt"], PIN_ITERATIONS)
        return hmac.compare_digest(candidate, row["pin_hash"])

    def minutes_used(self, person_key: str, day: str, now: float) -> int:
        """Minutes this computer recorded for the person on the point's local day."""
        with self._lock:
            rows = self._db.execute(
                "SELECT start, end, ends_at FROM sessions WHERE person_key = ? AND day = ? "
                "AND state != ?",
                (person_key, day, REJECTED),
            ).fetchall()
        seconds = sum(
            max(
                0.0,
                (row["end"] if row["end"] is not None else min(now, row["ends_at"])) - row["start"],
            )
            for row in rows
        )
        return int((seconds + 59) // 60)

    # Sessions.

    def session_open(self, record: SessionRecord) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (id, person, person_key, person_kind, day, start, "
                "minutes_allowed, ends_at, end, end_reason, pages, origin, server_known, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', 0, ?, ?, ?)",
                (
                    record.id,
                    record.person,
                    record.person_key,
                    record.person_kind,
                    record.day,
                    record.start,
                    record.minutes_allowed,
                    record.ends_at,
                    record.origin,
                    int(record.server_known),
                    OPEN,
                ),
            )

    def session_update_allowance(self, session_id: str, minutes_allowed: int, ends_at: float):
        with self._lock:
            self._db.execute(
                "UPDATE sessions SET minutes_allowed = ?, ends_at = ? WHERE id = ?",
                (minutes_allowed, ends_at, session_id),
            )

    def session_end(self, session_id: str, end: float, reason: str, synced: bool = False):
        with self._lock:
            self._db.execute(
                "UPDATE sessions SET end = ?, end_reason = ?, state = ? WHERE id = ? AND state = ?",
                (end, reason, SYNCED if synced else ENDED, session_id, OPEN),
            )
            if synced:
                self._forget_person_of(session_id)

    def session_mark(self, session_id: str, state: str, error: str = "") -> None:
        with self._lock:
            self._db.execute(
                "UPDATE sessions SET state = ?, upload_error = ? WHERE id = ?",
                (state, error, session_id),
            )
            if state in (SYNCED, REJECTED):
                self._forget_person_of(session_id)

    def _forget_person_of(self, session_id: str) -> None:
        # Once the server has the session, the journal keeps no card number in clear.
        self._db.execute("UPDATE sessions SET person = '' WHERE id = ?", (session_id,))

    def session_get(self, session_id: str) -> SessionRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return _record(row) if row else None

    def session_current(self) -> SessionRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM sessions WHERE state = ? ORDER BY start DESC LIMIT 1", (OPEN,)
            ).fetchone()
        return _record(row) if row else None

    def sessions_pending(self, limit: int = 500) -> list[SessionRecord]:
        """Ended sessions the server has not confirmed, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM sessions WHERE state = ? ORDER BY start LIMIT ?", (ENDED, limit)
            ).fetchall()
        return [_record(row) for row in rows]

    def sessions_count(self, state: str) -> int:
        with self._lock:
            return self._db.execute(
                "SELECT COUNT(*) FROM sessions WHERE state = ?", (state,)
            ).fetchone()[0]

    # Instructions: each id is carried out once, then acknowledged.

    def instruction_done(self, instruction_id: int) -> bool:
        with self._lock:
            return (
                self._db.execute(
                    "SELECT 1 FROM instructions WHERE id = ?", (instruction_id,)
                ).fetchone()
                is not None
            )

    def instruction_record(self, instruction_id: int, kind: str, now: float) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO instructions (id, kind, done_at) VALUES (?, ?, ?)",
                (instruction_id, kind, now),
            )

    def instructions_to_acknowledge(self) -> list[int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM instructions WHERE acknowledged = 0 ORDER BY id LIMIT 200"
            ).fetchall()
        return [row["id"] for row in rows]

    def instructions_acknowledged(self, ids: list[int]) -> None:
        with self._lock:
            self._db.executemany(
                "UPDATE instructions SET acknowledged = 1 WHERE id = ?", [(i,) for i in ids]
            )


def _record(row: sqlite3.Row) -> SessionRecord:
    values = dict(row)
    values["server_known"] = bool(values["server_known"])
    return SessionRecord(**values)
