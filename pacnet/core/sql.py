"""Hand-written SQL for the few paths called hundreds of times a second (the kiosk heartbeat).

Compiling an ORM query costs about a millisecond of CPU, ten times its round trip on a
loopback database (bench/bench_kiosk.py): these paths send fixed, portable SQL (SQLite and
PostgreSQL alike), with values adapted and read back as the ORM would.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Model


class Query(NamedTuple):
    """A statement and its parameters: run alone (`first(*query)`), or composed into a larger
    statement with the others of the same request."""

    text: str
    params: list[Any]


class Key(NamedTuple):
    """How a statement names the row it is about: `%s` with the id as its parameter, or an
    expression of the statement it is composed into, with no parameter of its own."""

    text: str
    params: list[Any]

    @classmethod
    def of(cls, value: int | Key) -> Key:
        return value if isinstance(value, Key) else cls("%s", [value])


def text(build: Callable[..., str]) -> Callable[..., str]:
    """A statement's text, built once per database vendor and arguments, not on every call:
    building it names every table and column from the models again."""
    built: dict[tuple, str] = {}

    @functools.wraps(build)
    def cached(*args: Any) -> str:
        key = (connection.vendor, *args)
        if key not in built:
            built[key] = build(*args)
        return built[key]

    return cached


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def moment_param(value: dt.datetime) -> Any:
    """An aware datetime as the ORM writes it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def moment(value: Any) -> dt.datetime | None:
    """A datetime column read raw, as an aware datetime (SQLite gives naive UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def uuid_of(value: Any) -> uuid.UUID | None:
    """A UUID column read raw (text of 32 hex digits on SQLite)."""
    return None if value is None else uuid.UUID(str(value))


def _cursor():
    """Django's cursor, but on PostgreSQL with the parameters bound by the server, so that
    the statement is prepared once per connection (settings: prepare_threshold) and not
    parsed and planned on every call; Django's own cursors bind on the client and never
    prepare. These statements are few and fixed: each connection keeps a handful. While
    queries are logged (debug, tests counting them), Django's own cursor, which logs the
    statement with its values: the same text, the same count."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection.make_cursor(psycopg.Cursor(connection.connection))


def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def first(sql: str, params: Sequence[Any] = ()) -> tuple | None:
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    """Run a write; the number of rows it changed."""
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
