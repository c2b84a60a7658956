"""A slow line: bytes and load time of the login page, the home page and a dashboard.

Serves the demo from a real WSGI server (waitress, production settings) on loopback, and drives
headless Chromium over a line emulated by the DevTools protocol: BENCH_LINE_KBPS KB/s down and up
(50), BENCH_LINE_LATENCY_MS (400); BENCH_SLOW_LINE_DIR keeps the demo database between runs. Two
servers are measured in turn on the same database: the baseline, with static files as before the
slow-line fix (plain names, neither compressed nor cached for ever: PACNET_MANIFEST_STATIC=0), and
the current one (hashed, gzip and brotli, cached for ever). Both gzip the pages and serve the icon
subset: neither can be switched off from the environment. Each page is loaded cold (empty cache)
and warm (visited before); the figures of both servers are printed side by side, then the current
ones beside the goals of issue 9: login + home cold ≤ 250 KB, a warm page ≤ 40 KB and no request
for a static file when warm.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

GOAL_FIRST_VISIT = 250 * 1024
GOAL_WARM_PAGE = 40 * 1024
DEMO_PASSWORD = "pacnet-demo"  # pacnet.accounts.demo.DEMO_PASSWORD, read without Django set up


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(tmp: Path, *, manifest: bool) -> dict[str, str]:
    """Production settings; static files hashed and compressed (manifest) or plain, as before."""
    env = dict(os.environ)
    env.update(
        PACNET_DEBUG="0",
        PACNET_SECRET_KEY="bench-only-" + "x" * 40,
        PACNET_SECURE_COOKIES="0",  # plain HTTP on loopback
        PACNET_SSL_REDIRECT="0",
        PACNET_MANIFEST_STATIC="1" if manifest else "0",
        # Each its own root: plain files beside hashed ones would be served compressed.
        PACNET_STATIC_ROOT=str(tmp / ("static" if manifest else "static-plain")),
        PACNET_DATA_DIR=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        PACNET_ALLOWED_HOSTS="127.0.0.1",
    )
    return env


def _manage(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pacnet.manage", *command, "--verbosity", "0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _prepare_database(env: dict[str, str], tmp: Path) -> None:
    if not (tmp / "bench.sqlite3").exists():  # a kept BENCH_SLOW_LINE_DIR has the demo already
        _manage(env, "migrate", "--no-input")
        _manage(env, "load_demo")


@contextlib.contextmanager
def _server(env: dict[str, str]):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}", "--threads=4"]
        + ["pacnet.wsgi:application"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
                break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Line:
    """The transfers of one page load, as Chromium's network layer counts them."""

    def __init__(self, page, kbps: int, latency_ms: int):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": latency_ms,
                "downloadThroughput": kbps * 1024,
                "uploadThroughput": kbps * 1024,
            },
        )
        self.cdp.on("Network.requestServedFromCache", self._cached)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.responseReceived", self._response)
        self.reset()

    def reset(self) -> None:
        self.bytes = 0
        self.from_cache: set[str] = set()
        self.responses: dict[str, dict] = {}

    def _cached(self, event) -> None:
        self.from_cache.add(event["requestId"])

    def _finished(self, event) -> None:
        self.bytes += event["encodedDataLength"]

    def _response(self, event) -> None:
        self.responses[event["requestId"]] = event["response"]

    def static_fetched(self) -> tuple[int, set[str]]:
        """Static files asked of the server (downloaded or revalidated), and their encodings."""
        count, encodings = 0, set()
        for request_id, response in self.responses.items():
            if "/static/" not in response["url"]:
                continue
            if request_id in self.from_cache or response.get("fromDiskCache"):
                continue
            count += 1
            headers = {k.lower(): v for k, v in response["headers"].items()}
            encodings.add(headers.get("content-encoding", "identity"))
        return count, encodings


def _measure(page, line: Line, action) -> dict:
    line.reset()
    started = time.perf_counter()
    action()
    page.wait_for_load_state("load")
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # the last loadingFinished events of the page
    static, encodings = line.static_fetched()
    return {"bytes": line.bytes, "seconds": seconds, "static": static, "encodings": encodings}


def _log_in(page) -> None:
    page.fill("#id_username", "tinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _run(url: str, kbps: int, latency_ms: int) -> dict[str, dict[str, dict]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    results: dict[str, dict[str, dict]] = {"cold": {}, "warm": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_context(base_url=url, locale="vi-VN").new_page()
        page.set_default_timeout(120_000)
        line = Line(page, kbps, latency_ms)
        results["cold"]["login"] = _measure(page, line, lambda: page.goto("/accounts/login/"))
        results["cold"]["home"] = _measure(page, line, lambda: _log_in(page))
        results["cold"]["dashboard"] = _measure(page, line, lambda: page.goto("/dashboard/"))
        results["warm"]["home"] = _measure(page, line, lambda: page.goto("/"))
        results["warm"]["dashboard"] = _measure(page, line, lambda: page.goto("/dashboard/"))
        page.context.clear_cookies()  # logged out, the cache kept
        results["warm"]["login"] = _measure(page, line, lambda: page.goto("/accounts/login/"))
        browser.close()
    return results


def _measure_server(env: dict[str, str], kbps: int, latency_ms: int) -> dict[str, dict[str, dict]]:
    """Collect the static files as this server's settings store them, serve them and measure."""
    _manage(env, "collectstatic", "--no-input")
    with _server(env) as url:
        return _run(url, kbps, latency_ms)


SERVERS = ("baseline", "current")
COLUMNS = (  # heading, visit, figure of one page load, format
    ("KB cold", "cold", lambda r: r["bytes"] / 1024, ".1f"),
    ("s cold", "cold", lambda r: r["seconds"], ".2f"),
    ("KB warm", "warm", lambda r: r["bytes"] / 1024, ".1f"),
    ("s warm", "warm", lambda r: r["seconds"], ".2f"),
    ("static warm", "warm", lambda r: r["static"], "d"),
)


def _report(results: dict[str, dict], kbps: int, latency_ms: int) -> bool:
    print(f"line: {kbps} KB/s, {latency_ms} ms latency; KB as transferred (compressed)")
    print("baseline: plain static files, no hashed names, no gzip/brotli made by collectstatic;")
    print("  WhiteNoise's 60 s max-age, so its warm loads within a minute come from the cache")
    print(f"{'':<10}" + "".join(f" {heading:^17}" for heading, *_ in COLUMNS).rstrip())
    print(f"{'page':<10}" + "".join(f" {s:>8}" for _ in COLUMNS for s in SERVERS))
    for name in ("login", "home", "dashboard"):
        cells = (
            f" {figure(results[server][visit][name]):8{fmt}}"
            for _, visit, figure, fmt in COLUMNS
            for server in SERVERS
        )
        print(f"{name:<10}" + "".join(cells))
    for server in SERVERS:
        encodings = sorted({e for r in results[server]["cold"].values() for e in r["encodings"]})
        print(f"static files came as ({server}): {', '.join(encodings)}")
    current = results["current"]
    first = current["cold"]["login"]["bytes"] + current["cold"]["home"]["bytes"]
    warm_max = max(r["bytes"] for r in current["warm"].values())
    warm_static = sum(r["static"] for r in current["warm"].values())
    goals = [
        (
            "first visit, login + home",
            f"{first / 1024:.1f} KB",
            "≤ 250 KB",
            first <= GOAL_FIRST_VISIT,
        ),
        ("heaviest warm page", f"{warm_max / 1024:.1f} KB", "≤ 40 KB", warm_max <= GOAL_WARM_PAGE),
        ("static requests when warm", str(warm_static), "0", warm_static == 0),
    ]
    print("goals (current):")
    for label, value, goal, met in goals:
        print(f"  {label:<27} {value:>10}  goal {goal:<9} {'met' if met else 'MISSED'}")
    return all(met for *_, met in goals)


def main() -> None:
    kbps = int(os.environ.get("BENCH_LINE_KBPS", "50"))
    latency_ms = int(os.environ.get("BENCH_LINE_LATENCY_MS", "400"))
    kept = os.environ.get("BENCH_SLOW_LINE_DIR")
    with contextlib.ExitStack() as stack:
        tmp = Path(kept) if kept else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        tmp.mkdir(parents=True, exist_ok=True)
        envs = {server: _environment(tmp, manifest=server == "current") for server in SERVERS}
        _prepare_database(envs["current"], tmp)
        results = {server: _measure_server(envs[server], kbps, latency_ms) for server in SERVERS}
    _report(results, kbps, latency_ms)
