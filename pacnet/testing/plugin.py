"""pytest plugin for pacnet: a throwaway PostgreSQL cluster and real headless Chromium.

PACNET_TEST_DATABASE=postgres runs the suite on a fresh PostgreSQL cluster, otherwise on
SQLite. Under CI (env CI non-empty) a missing PostgreSQL or Chromium fails the run; on a
developer's machine the affected tests are skipped with a loud notice instead.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BROWSER_FIXTURES = {"browser", "page", "phone_page"}
PG_MISSING = "no PostgreSQL server (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin"
CHROMIUM_MISSING = "no Chromium (chromium on PATH or /usr/bin/chromium) for the browser tests"
ARTIFACTS_DIR = "test-artifacts"


class _State:
    cluster: PgCluster | None = None
    db_skip: str | None = None
    chromium: str | None = None
    notices: list[list[str]] = []


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


# --- PostgreSQL -------------------------------------------------------------------------


class PgClusterError(Exception):
    pass


def _version_key(bindir: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", bindir.parent.name)) or (0,)


def find_pg_bindir() -> Path | None:
    candidates = []
    if on_path := shutil.which("initdb"):
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self, bindir: Path, settings: str = "", directory: Path | None = None):
        self.bindir = bindir
        self.settings = settings  # extra server settings, e.g. "-c shared_buffers=1GB"
        self.as_root = os.geteuid() == 0
        # A given directory is kept and reused (the benchmark's data); otherwise a throwaway one.
        self.kept = directory is not None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.tmp = directory
        else:
            # /tmp, not $TMPDIR: the unprivileged user must be able to reach the directory.
            tmp_root = "/tmp" if self.as_root else None
            self.tmp = Path(tempfile.mkdtemp(prefix="pacnet-pg-", dir=tmp_root))
        self.datadir = self.tmp / "data"
        self.log = self.tmp / "postgres.log"
        self.port = _free_port()
        self.running = False
        out = self._run("pg_ctl", "--version")
        match = re.search(r"\)\s*(\d+(?:\.\d+)?)", out)
        self.version = match.group(1) if match else "?"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pacnet"

    @property
    def socket_url(self) -> str:
        """The same database through the Unix socket, as a server on the same machine uses it."""
        return f"postgres://postgres@{quote(str(self.tmp), safe='')}:{self.port}/pacnet"

    def _run(self, tool: str, *args: str) -> str:
        cmd = [str(self.bindir / tool), *args]
        if self.as_root:
            # initdb refuses to run as root.
            cmd = ["runuser", "-u", "nobody", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if proc.returncode:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise PgClusterError(
                f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}{log}"
            )
        return proc.stdout

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.tmp, "nobody")
        reused = (self.datadir / "PG_VERSION").exists()
        if not reused:
            self._run(
                "initdb", "-D", str(self.datadir), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        server_opts = (
            f"-F -p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1"
            f" -c full_page_writes=off -c synchronous_commit=off {self.settings}"
        )
        self._run(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.datadir),
            "-l", str(self.log), "-o", server_opts,
        )  # fmt: skip
        self.running = True
        if reused:
            return
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE pacnet")

    def stop(self) -> None:
        if self.running:
            self.running = False
            with contextlib.suppress(PgClusterError):
                mode = "fast" if self.kept else "immediate"
                self._run("pg_ctl", "stop", "-m", mode, "-D", str(self.datadir))
        if not self.kept:
            shutil.rmtree(self.tmp, ignore_errors=True)


def _stop_cluster() -> None:
    if _State.cluster is not None:
        _State.cluster.stop()
        _State.cluster = None
        os.environ.pop("PACNET_TEST_CLUSTER_URL", None)


def _start_database() -> None:
    requested = os.environ.get("PACNET_TEST_DATABASE", "").strip().lower() or "sqlite"
    if requested == "sqlite":
        return
    if requested not in {"postgres", "postgresql"}:
        raise pytest.UsageError(
            f"PACNET_TEST_DATABASE={requested!r}: use 'postgres' or leave it unset (SQLite)."
        )
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("PACNET_TEST_CLUSTER_URL"):
        # An xdist worker: the controller's cluster serves every worker (one database each).
        os.environ["DATABASE_URL"] = os.environ["PACNET_TEST_CLUSTER_URL"]
        return
    bindir = find_pg_bindir()
    if bindir is None:
        if _in_ci():
            raise pytest.UsageError(f"CI is set and {PG_MISSING}")
        _State.db_skip = PG_MISSING
        _State.notices.append(
            [
                "PACNET_TEST_DATABASE=postgres, but no PostgreSQL server was found:",
                "EVERY test is SKIPPED, none ran.",
                "Install it with: apt-get install postgresql",
            ]
        )
        return
    cluster = PgCluster(bindir)
    _State.cluster = cluster
    atexit.register(_stop_cluster)
    try:
        cluster.start()
    except Exception as exc:
        _stop_cluster()
        raise pytest.UsageError(f"could not start the test PostgreSQL cluster: {exc}") from exc
    conf = sys.modules.get("django.conf")
    if conf is not None and conf.settings.configured:
        _stop_cluster()
        raise pytest.UsageError("Django settings were loaded before the test cluster started.")
    os.environ["DATABASE_URL"] = cluster.url
    os.environ["PACNET_TEST_CLUSTER_URL"] = cluster.url  # inherited by xdist workers


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # A wrapper runs before every plain impl, so before pytest-django's, which imports the
    # settings (and so reads DATABASE_URL).
    _State.db_skip, _State.notices = None, []
    # The suite runs the development configuration (pytest-django turns DEBUG off per test).
    os.environ.setdefault("PACNET_DEBUG", "1")
    options = parser.parse_known_args(args)
    if not (options.help or options.version):
        _start_database()
        _use_collected_static(early_config.rootpath)
    try:
        return (yield)
    except BaseException:
        _stop_cluster()
        raise


def pytest_unconfigure(config):
    _stop_cluster()


# --- Static files ---------------------------------------------------------------------
# The tests see the static files as production serves them: hashed, compressed, by WhiteNoise.


def _use_collected_static(rootpath: Path) -> None:
    os.environ.setdefault("PACNET_MANIFEST_STATIC", "1")
    os.environ.setdefault("PACNET_STATIC_ROOT", str(rootpath / ".pytest_cache" / "pacnet-static"))


def _static_sources_key() -> str:
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static_if_stale() -> None:
    """Run collectstatic into STATIC_ROOT unless it holds these very sources (about 10 s)."""
    import fcntl

    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / ".pacnet-sources"
    with open(root.parent / f"{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs in one work tree collect once
        key = _static_sources_key()
        if stamp.exists() and stamp.read_text() == key:
            return
        call_command("collectstatic", interactive=False, clear=True, verbosity=0)
        stamp.write_text(key)


def _collect_static_for_tests() -> None:
    if "django" not in sys.modules or os.environ.get("PYTEST_XDIST_WORKER"):
        return  # --help, or an xdist worker: the controller collected them already
    from django.apps import apps
    from django.conf import settings

    if settings.configured and apps.ready and settings.MANIFEST_STATIC:
        collect_static_if_stale()


# --- Reporting --------------------------------------------------------------------------


def _database_label() -> str:
    if _State.db_skip:
        return "none (PostgreSQL missing: every test skipped)"
    if _State.cluster is not None:
        return f"postgresql {_State.cluster.version} (127.0.0.1:{_State.cluster.port})"
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:
        return "unknown (Django settings not loaded)"
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return f"sqlite {sqlite3.sqlite_version}"
    return (
        f"{vendor} ({db.get('HOST') or 'local'}:{db.get('PORT') or 'default'}, from DATABASE_URL)"
    )


def _browser_label() -> str:
    if not _State.chromium:
        return "none (chromium not found)"
    try:
        out = subprocess.run(
            [_State.chromium, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    match = re.search(r"(\d+)\.\d+", out)
    return f"chromium {match.group(1) if match else '(version unknown)'}"


def _write_box(terminal, lines: list[str]) -> None:
    width = max(len(line) for line in lines)
    terminal.write_line("+" + "-" * (width + 2) + "+", yellow=True, bold=True)
    for line in lines:
        terminal.write_line(f"| {line.ljust(width)} |", yellow=True, bold=True)
    terminal.write_line("+" + "-" * (width + 2) + "+", yellow=True, bold=True)


def _write_notices(terminal) -> None:
    for lines in _State.notices:
        _write_box(terminal, lines)


def pytest_configure(config):
    _State.chromium = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )
    _collect_static_for_tests()  # pytest-django has set Django up already


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is None:
        return
    terminal.write_line(f"pacnet tests: database={_database_label()}, browser={_browser_label()}")
    _write_notices(terminal)


def pytest_terminal_summary(terminalreporter):
    _write_notices(terminalreporter)


def _is_browser_test(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("browser")) or bool(
        BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if _State.db_skip:
        skip = pytest.mark.skip(reason=_State.db_skip)
        for item in items:
            item.add_marker(skip)
        return
    browser_items = [item for item in items if _is_browser_test(item)]
    if not browser_items or _State.chromium:
        return
    if _in_ci():
        pytest.exit(f"CI is set and {CHROMIUM_MISSING}", returncode=pytest.ExitCode.USAGE_ERROR)
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in browser_items:
        item.add_marker(skip)
    _State.notices.append(
        [
            f"Chromium not found: {len(browser_items)} browser test(s) SKIPPED, not run.",
            "Install it with: apt-get install chromium",
        ]
    )


# --- Browser ----------------------------------------------------------------------------

_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser():
    if not _State.chromium:
        (pytest.fail if _in_ci() else pytest.skip)(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright's sync API keeps an event loop running in the test thread, so Django would
    # refuse every ORM call from the tests, though no coroutine ever touches the database.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=_State.chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _screenshot_if_failed(request, page) -> None:
    reports = request.node.stash.get(_REPORTS, {})
    if not any(r.failed for r in reports.values()):
        return
    out = request.config.rootpath / ARTIFACTS_DIR
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid).strip("_")[:200]
    try:
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    except Exception as exc:  # a broken screenshot must not hide the real failure
        print(f"pacnet: no screenshot for {request.node.nodeid}: {exc}")


def _open_page(browser, live_server, request, width: int, height: int):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    _screenshot_if_failed(request, page)
    context.close()


@pytest.fixture
def page(browser, live_server, request):
    yield from _open_page(browser, live_server, request, 1366, 768)


@pytest.fixture
def phone_page(browser, live_server, request):
    yield from _open_page(browser, live_server, request, 390, 844)
