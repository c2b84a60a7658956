"""Libki's query strings, read as the client writes them.

The client (Qt's QUrlQuery) leaves a `+` as a literal `+` and writes a space as `%20`, so
form decoding (Django's `request.GET`) would turn a `+` in a password into a space: the raw
query string is percent-decoded only.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

QUERY_MAX = 8192  # the client's longest query is a few hundred bytes
VALUE_MAX = 500


def _raw_bytes(query_string: str) -> bytes:
    # WSGI hands the query string over as latin-1 text of the raw bytes.
    try:
        return query_string.encode("latin-1")
    except UnicodeEncodeError:
        return query_string.encode("utf-8", errors="replace")


def _decoded(part: bytes) -> str:
    return unquote_to_bytes(part).decode("utf-8", errors="replace")


def parse_query(query_string: str) -> dict[str, str]:
    """The parameters, percent-decoded with `+` kept; the first of a repeated name wins."""
    params: dict[str, str] = {}
    for item in _raw_bytes(query_string[:QUERY_MAX]).split(b"&"):
        if not item:
            continue
        name, _sep, value = item.partition(b"=")
        params.setdefault(_decoded(name), _decoded(value)[:VALUE_MAX])
    return params


def version_of(text: str) -> tuple[int, ...]:
    """`2.4.0` → (2, 4, 0); what is not a version → ()."""
    numbers = []
    for part in (text or "").strip().split(".")[:4]:
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers)
