"""Kiosk API: session ingestion beside raw INSERTs, heartbeat and register_node latency.

On PostgreSQL (a throwaway cluster, as bench.pg starts it, unless DATABASE_URL is one), against
the production server (granian, BENCH_KIOSK_WORKERS workers, 2 by default: one per core):
- ingestion through `POST /api/kiosk/v1/sessions`, batches of 100 and of 1 000, BENCH_KIOSK_KIOSKS
  kiosks (4) uploading at once, beside raw batched INSERTs of the same rows into the same table
  (psycopg, multi-row VALUES, the same batch sizes): sessions/s side by side. Goal: ≥ 30 %.
- heartbeat and Libki register_node at BENCH_KIOSK_RATE requests/s (333: 20 000 computers every
  60 s) for BENCH_KIOSK_SECONDS (60), from an open-loop load generator on loopback: latency is
  counted from the moment each request was due, so a slow server cannot hide its queue.
  Goal: heartbeat p99 < 50 ms. Its baseline, in the same run: the same request without its
  token, refused (401) before any query, so what the server, Django, DRF and the generator
  cost on their own; and the machine's CPU time per request for each.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import http.client
import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from pacnet.testing.server import PacnetServer

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
WORKERS = int(os.environ.get("BENCH_KIOSK_WORKERS", "2"))
KIOSKS = int(os.environ.get("BENCH_KIOSK_KIOSKS", "4"))
RATE = float(os.environ.get("BENCH_KIOSK_RATE", "333"))
SECONDS = float(os.environ.get("BENCH_KIOSK_SECONDS", "60"))
INGESTED = int(os.environ.get("BENCH_KIOSK_SESSIONS", "8000"))  # per batch size, all kiosks
COMPUTERS = 200  # heartbeating computers (20 points of 10)
GOAL_SHARE, GOAL_P99_MS = 0.30, 50.0

TOKENS = """
import json
from pacnet.inventory.models import Equipment
from pacnet.kiosk.services.computers import computer_enrol, enrolment_code_create
tokens = {}
for computer in Equipment.objects.select_related("site").filter(site__code__startswith="B-"):
    code = enrolment_code_create(actor=None, computer=computer)
    tokens[computer.code] = [computer.site.code, computer_enrol(code=code, host_name="bench")[1]]
print(json.dumps(tokens))
"""


def _rows(count: int, start: dt.datetime) -> list[dict]:
    """Sessions one after the other, 10 minutes each, ending before now."""
    return [
        {
            "id": str(uuid.uuid4()),
            "person": f"P{i % 500:05d}" if i % 3 else f"G{i % 200:05d}",
            "person_kind": "patron" if i % 3 else "guest",
            "start": (start + dt.timedelta(minutes=11 * i)).isoformat(),
            "end": (start + dt.timedelta(minutes=11 * i + 10)).isoformat(),
            "pages": i % 4,
        }
        for i in range(count)
    ]


class Client:
    def __init__(self, server: PacnetServer) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=sent)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()  # a worker restarted: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError


def _ingest(server, tokens: list[str], batch: int, total: int) -> float:
    """Sessions/s through the API: each kiosk uploads its share in batches, all at once."""
    share = total // len(tokens)
    start = dt.datetime.now(LOCAL) - dt.timedelta(minutes=11 * share + 60)
    plans = [_rows(share, start) for _t in tokens]
    errors: list[str] = []

    def run(token, rows):
        client = Client(server)
        for i in range(0, len(rows), batch):
            body = {
                "client_time": dt.datetime.now(LOCAL).isoformat(),
                "sessions": rows[i : i + batch],
            }
            status, text = client.call(
                "POST", "/api/kiosk/v1/sessions", body, {"Authorization": f"Bearer {token}"}
            )
            if status != 200 or len(json.loads(text)["accepted"]) != len(rows[i : i + batch]):
                errors.append(f"{status} {text[:300]!r}")

    threads = [threading.Thread(target=run, args=pair) for pair in zip(tokens, plans, strict=True)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"uploads refused: {errors[:3]}")
    return share * len(tokens) / elapsed


def _raw_inserts(database_url: str, target: tuple[int, int], batch: int, total: int) -> float:
    """The same rows by hand: multi-row INSERTs of `batch` rows, one transaction per batch."""
    import psycopg

    site_id, computer_id, patron_id = target
    start = dt.datetime.now(LOCAL) - dt.timedelta(minutes=11 * total + 60)
    rows = []
    for i in range(total):
        begins = start + dt.timedelta(minutes=11 * i)
        ends = begins + dt.timedelta(minutes=10)
        rows.append(
            (site_id, computer_id, patron_id, begins, ends, begins.date(), "", i % 4, "kiosk",
             uuid.uuid4(), "logout")
        )  # fmt: skip
    columns = (
        'site_id, computer_id, patron_id, start, "end", day, service, pages_printed, source, '
        "client_id, end_reason"
    )
    with psycopg.connect(database_url) as conn:
        began = time.perf_counter()
        for i in range(0, total, batch):
            chunk = rows[i : i + batch]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            flat = [v for row in chunk for v in row]
            with conn.transaction():
                conn.execute(f"INSERT INTO usage_session ({columns}) VALUES {values}", flat)
        elapsed = time.perf_counter() - began
        conn.execute("DELETE FROM usage_session WHERE computer_id = %s", [computer_id])
    return total / elapsed


def _settle(database_url: str) -> None:
    """After the bulk ingestion, the clean-up autovacuum would otherwise do during the latency
    runs, on their CPU: vacuum, statistics and a checkpoint first."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):  # a DATABASE_URL's user
            conn.execute("CHECKPOINT")


def _raw_target(database_url: str) -> tuple[int, int, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        site_id, computer_id = conn.execute(
            "SELECT site_id, id FROM inventory_equipment WHERE code = 'B-RAW-PC01'"
        ).fetchone()
        # A patron the API uploads created: the raw rows name their person by id, as decided.
        patron_id = conn.execute("SELECT MIN(id) FROM usage_patron").fetchone()[0]
        return site_id, computer_id, patron_id


def _request_bytes(server, method: str, path: str, body: dict | None, headers: dict) -> bytes:
    """The request as a kiosk sends it: one connection, closed after the answer (a kiosk beats
    once a minute, so there is no connection of its to reuse)."""
    data = b"" if body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


class _Exchange(asyncio.Protocol):
    """One request on its own connection: sent when connected, answered with the status of the
    first line when the server closes the connection."""

    def __init__(self, payload: bytes, answered: asyncio.Future) -> None:
        self.payload, self.answered, self.head = payload, answered, b""

    def connection_made(self, transport) -> None:
        transport.write(self.payload)

    def data_received(self, data: bytes) -> None:
        if len(self.head) < 16:
            self.head += data[:16]

    def connection_lost(self, exc) -> None:
        if not self.answered.done():
            try:
                self.answered.set_result(int(self.head.split()[1]))
            except (IndexError, ValueError):
                self.answered.set_result(0)


def _load(
    server,
    requests: list[tuple[str, str, dict | None, dict]],
    rate: float,
    seconds: float,
    expected: int = 200,
):
    """Open loop: request k is due at t0 + k/rate and sent then, on a new connection, whatever
    the answers to the others; its latency runs from then to the end of its answer. An answer
    other than `expected` counts as an error. One thread of asyncio: the generator takes as
    little of the machine as it can from the server it measures."""
    payloads = [_request_bytes(server, *request) for request in requests]
    count = int(rate * seconds)
    latencies: list[float] = []
    failures = [0]

    async def one(loop, gate: asyncio.Semaphore, when: float, payload: bytes) -> None:
        await asyncio.sleep(max(0.0, when - loop.time()))
        async with gate:
            answered = loop.create_future()
            try:
                await loop.create_connection(
                    lambda: _Exchange(payload, answered), "127.0.0.1", server.port
                )
                status = await answered
            except OSError:
                status = 0
        latencies.append(loop.time() - when)
        failures[0] += status != expected

    async def run() -> float:
        loop = asyncio.get_running_loop()
        gate = asyncio.Semaphore(256)  # connections open at once, below the server's backlog
        t0 = loop.time() + 0.5
        await asyncio.gather(
            *(one(loop, gate, t0 + k / rate, payloads[k % len(payloads)]) for k in range(count))
        )
        return count / (loop.time() - t0)

    busy = _machine_cpu_seconds()
    achieved = asyncio.run(run())
    busy = _machine_cpu_seconds() - busy
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": count,
        "rate": achieved,
        "p50": statistics.median(ms),
        "p99": ms[int(len(ms) * 0.99) - 1],
        "max": ms[-1],
        "errors": failures[0],
        "cpu_ms": busy / count * 1000,
    }


def _machine_cpu_seconds() -> float:
    """CPU time the machine spent busy so far (every process, user and system), from /proc."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _run(database_url: str, directory: Path) -> None:
    server = PacnetServer(directory, workers=WORKERS, database_url=database_url, production=True)
    server.manage("migrate", "--no-input", "-v", "0")
    server.points_create([f"B-{n:02d}" for n in range(COMPUTERS // 10)], computers=10)
    server.points_create(["B-RAW"], computers=1)
    tokens = json.loads(server.manage("shell", "-c", TOKENS).strip().splitlines()[-1])
    server.start()
    try:
        codes = sorted(tokens)
        print(f"{'sessions/s':<28}{'API':>10}{'raw INSERT':>12}{'share':>8}  goal ≥ 30 %")
        for batch in (100, 1000):
            kiosk_tokens = [tokens[c][1] for c in codes[(batch // 100) * KIOSKS :][:KIOSKS]]
            api = _ingest(server, kiosk_tokens, batch, INGESTED)
            raw = _raw_inserts(database_url, _raw_target(database_url), batch, INGESTED)
            mark = "met" if api / raw >= GOAL_SHARE else "NOT MET"
            print(f"{f'batches of {batch}':<28}{api:>10.0f}{raw:>12.0f}{api / raw:>8.0%}  {mark}")
        _settle(database_url)
        beats = [
            ("POST", "/api/kiosk/v1/heartbeat", {"client_version": "1.0", "uptime_seconds": 60},
             {"Authorization": f"Bearer {tokens[c][1]}"})
            for c in codes
        ]  # fmt: skip
        nodes = [
            ("GET", f"/api/client/v1_0?node={c}&location={tokens[c][0]}&type=&ipaddress=127.0.0.1"
             f"&macaddress=&hostname={c}&version=2.4.0&action=register_node&node_name={c}"
             "&age_limit=", None, {})
            for c in codes
        ]  # fmt: skip
        # The baseline: the same request through the same server and stack, refused (401) before
        # any query, so its cost is the HTTP server's, Django's and DRF's, and the generator's.
        refused = [(method, path, body, {}) for method, path, body, _headers in beats]
        print(
            f"{f'at {RATE:.0f} req/s for {SECONDS:.0f} s':<28}{'rate':>8}{'p50 ms':>9}"
            f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}{'CPU ms':>8}  goal p99 < 50 ms"
        )
        for label, requests, expected in (
            ("heartbeat", beats, 200),
            ("baseline: refused, no query", refused, 401),
            ("register_node (Libki)", nodes, 200),
        ):
            _load(server, requests, RATE, 3, expected)  # warm the workers' connections, caches
            got = _load(server, requests, RATE, SECONDS, expected)
            mark = "met" if got["p99"] < GOAL_P99_MS else "NOT MET"
            print(
                f"{label:<28}{got['rate']:>8.0f}{got['p50']:>9.1f}{got['p99']:>9.1f}"
                f"{got['max']:>9.1f}{got['errors']:>8}{got['cpu_ms']:>8.1f}"
                f"  {mark if label == 'heartbeat' else ''}"
            )
        print(
            "CPU ms: CPU time of the whole machine (server, database, generator) per request,"
            " over both cores"
        )
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pacnet-bench-kiosk-") as tmp:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            from pacnet.testing.server import _fresh_database_url

            _run(_fresh_database_url(Path(tmp), url), Path(tmp))
            return
        from pacnet.testing.plugin import PgCluster, find_pg_bindir

        bindir = find_pg_bindir()
        if bindir is None:
            print("no PostgreSQL server (initdb, pg_ctl) found: apt-get install postgresql")
            return
        cluster = PgCluster(bindir)
        cluster.start()
        try:
            # Server and database on one machine: the Unix socket, as Debian's PostgreSQL is
            # reached by default (loopback TCP costs each round trip more CPU on both sides).
            _run(cluster.socket_url, Path(tmp))
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
