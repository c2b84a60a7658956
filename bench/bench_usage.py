"""Usage at national scale: import rate, dashboard reads from the rollups, and naive GROUP BY.

Size (environment): BENCH_PROVINCES, BENCH_POINTS (per province), BENCH_COMPUTERS (per
point), BENCH_YEARS, BENCH_SESSIONS_PER_DAY (per point and open day), BENCH_IMPORT_ROWS,
BENCH_RUNS (rollup reads), BENCH_NAIVE_RUNS. The defaults finish in a few minutes on
SQLite; the target (34 × 60 × 8 × 10 years × 4 a day ≈ 25 M sessions) needs PostgreSQL:
see docs/benchmarks.md. Uses a throwaway SQLite file unless DATABASE_URL names an empty
database.
"""

import datetime as dt
import math
import os
import statistics
import tempfile
import time

LAST_YEAR = 2025  # the generated years end here; the import adds days of January 2026


def _env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacnet.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _samples(fn, runs: int) -> tuple[float, float, object]:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[math.ceil(0.95 * len(samples)) - 1], result


def main() -> None:
    _setup_django()
    from django.db import connection
    from django.db.models import Max

    from bench import naive, national
    from pacnet.geography.models import AdministrativeUnit
    from pacnet.indicators.models import SiteDay
    from pacnet.indicators.selectors import period_figures, year_indicators
    from pacnet.usage.models import Session
    from pacnet.usage.services import sessions_import

    size = {
        "provinces": _env("BENCH_PROVINCES", 2),
        "points": _env("BENCH_POINTS", 20),
        "computers": _env("BENCH_COMPUTERS", 8),
        "years": _env("BENCH_YEARS", 2),
        "per_day": _env("BENCH_SESSIONS_PER_DAY", 4),
    }
    runs, naive_runs = _env("BENCH_RUNS", 20), _env("BENCH_NAIVE_RUNS", 5)
    first = dt.date(LAST_YEAR - size["years"] + 1, 1, 1)
    print(f"  database: {connection.vendor}; size: {size}")

    loaded = rebuilt = None
    if Session.objects.exists():  # a kept cluster (BENCH_PG_DIR): measure its data again
        net = national.network_load()
        print(f"  reusing {net.sessions:,} sessions already in the database", flush=True)
        pairs = SiteDay.objects.count()
    else:
        net, loaded, pairs, rebuilt = _generate(size, first)
        _analyze(connection)

    import_rows = _env("BENCH_IMPORT_ROWS", 5000)
    path = os.path.join(tempfile.mkdtemp(), "sessions.csv")
    last_day = Session.objects.aggregate(last=Max("day"))["last"]
    import_day = max(last_day + dt.timedelta(days=1), dt.date(LAST_YEAR + 1, 1, 2))
    national.import_csv_write(net, path, rows=import_rows, day=import_day, seed=2)
    started = time.perf_counter()
    result = sessions_import(actor=None, path_or_file=path)
    imported = time.perf_counter() - started
    if not result.ok:
        print(f"  IMPORT FAILED: {result.errors[:5]}")

    print(f"\n  {net.sessions:,} sessions, {pairs:,} point-days")
    print(f"  {'load and import':52} {'seconds':>9} {'sessions/s':>12}")
    for label, n, seconds in [
        ("generate + raw insert (COPY / executemany)", net.sessions, loaded),
        ("usage_rollup_rebuild (whole history)", net.sessions, rebuilt),
        (f"pacnet import_sessions ({import_rows:,} rows, rollups incl.)", import_rows, imported),
    ]:
        if seconds is None:  # reused data: not generated in this run
            continue
        print(f"  {label:52} {seconds:9.1f} {n / seconds:12,.0f}")

    province = AdministrativeUnit.objects.get(pk=net.province_ids[0])
    ids = net.sites_of_province[province.pk]
    year, start, end = LAST_YEAR, dt.date(LAST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)

    def dashboard():
        indicators = year_indicators(year=year, scope=province)
        return indicators.as_dict(), indicators.series, indicators.previous_series

    cases = [
        (
            "province dashboard (year indicators + 2 trend series)",
            dashboard,
            lambda: naive.dashboard(site_ids=ids, year=year),
        ),
        (
            "province year indicators",
            lambda: year_indicators(year=year, scope=province).as_dict(),
            lambda: naive.year_figures(site_ids=ids, year=year),
        ),
        (
            "network year figures (sessions, visits, users)",
            lambda: period_figures(site_ids=net.site_ids, start=start, end=end),
            lambda: naive.period_figures(site_ids=net.site_ids, start=start, end=end),
        ),
    ]
    if os.environ.get("BENCH_QUERIES"):
        _queries_show(dashboard)
    print(f"\n  {'read (ms)':52} {'p50':>8} {'p95':>8} {'naive p50':>10} {'p95':>8} {'×':>7}")
    naive_dashboard = None
    for label, fast, slow in cases:
        fast_p50, fast_p95, fast_result = _samples(fast, runs)
        slow_p50, slow_p95, slow_result = _samples(slow, naive_runs)
        naive.check_same(label, fast_result, slow_result)
        naive_dashboard = naive_dashboard or (slow_p50, slow_p95)
        _line(label, fast_p50, fast_p95, slow_p50, slow_p95)
    # What a user waits for: the whole page (child units, points, spark-lines) rendered, against
    # the naive dashboard, which computes less (no unit rows, no spark-lines).
    page_p50, page_p95, _ = _samples(_page_reader(province, year), runs)
    _line("province dashboard page (HTTP GET, rendered)", page_p50, page_p95, *naive_dashboard)
    print("  goal: dashboard p95 < 300 ms and naive / rollup ≥ 50×")


def _line(label: str, p50: float, p95: float, naive_p50: float, naive_p95: float) -> None:
    print(
        f"  {label:52} {p50:8.1f} {p95:8.1f} {naive_p50:10.1f} {naive_p95:8.1f}"
        f" {naive_p50 / p50:7.1f}"
    )


def _page_reader(province, year: int):
    """A GET of the province's dashboard page by a signed-in administrator, as a browser does."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/dashboard/unit/{province.code}/?year={year}"

    def read():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    return read


def _generate(size: dict, first: dt.date):
    """Build the network, write its sessions raw, and build the rollups once."""
    from bench import national
    from pacnet.usage.rollups import usage_rollup_rebuild

    started = time.perf_counter()
    net = national.network_build(
        provinces=size["provinces"],
        points=size["points"],
        computers=size["computers"],
        opened=first - dt.timedelta(days=365),
    )
    print(f"  network built in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    rows = national.sessions_generate(
        net, start=first, end=dt.date(LAST_YEAR, 12, 31), per_day=size["per_day"], seed=1
    )
    net.sessions = national.sessions_insert(rows)
    loaded = time.perf_counter() - started
    print(f"  {net.sessions:,} sessions generated and written in {loaded:.1f} s", flush=True)
    started = time.perf_counter()
    pairs = usage_rollup_rebuild()
    rebuilt = time.perf_counter() - started
    print(f"  rollups rebuilt in {rebuilt:.1f} s", flush=True)
    return net, loaded, pairs, rebuilt


def _queries_show(fn) -> None:
    """BENCH_QUERIES=1 (or all, or profile): one warm read's slowest queries (where time goes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    connection.queries_log.clear()  # a full log (9 000 queries of the import) hides new ones
    with CaptureQueriesContext(connection) as captured:
        fn()
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"\n  one read: {len(queries)} queries, {total:.1f} ms in the database")
    if os.environ.get("BENCH_QUERIES") == "profile":
        import cProfile

        cProfile.runctx("fn()", globals(), {"fn": fn}, sort="cumulative")
    shown = queries if os.environ.get("BENCH_QUERIES") == "all" else queries[:8]
    for query in shown:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")


def _analyze(connection) -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give in production."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
