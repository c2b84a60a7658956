"""A real pacnet server process on loopback, on a fresh database of its own.

The kiosk's reliability tests and the benchmarks talk to it over HTTP, kill it and start it
again. On PostgreSQL (the test session's cluster, or any DATABASE_URL) it gets a new database;
otherwise a new SQLite file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
READY_SECONDS = 60
POINTS = """
from pacnet.geography.tests.factories import SiteFactory, UnitFactory
from pacnet.inventory.tests.factories import EquipmentFactory
for code in {codes!r}:
    site = SiteFactory(code=code, unit=UnitFactory(code=f"U-{{code}}"))
    for n in range(1, {computers} + 1):
        EquipmentFactory(code=f"{{code}}-PC{{n:02d}}", site=site)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_database_url(directory: Path, base_url: str) -> str:
    if not base_url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{directory / 'server.sqlite3'}"
    import psycopg

    name = f"pacnet_server_{uuid.uuid4().hex[:12]}"
    prefix, _sep, _db = base_url.rpartition("/")
    with psycopg.connect(f"{prefix}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{prefix}/{name}"


class PacnetServer:
    def __init__(
        self,
        directory: Path,
        *,
        workers: int = 2,
        threads: int = 2,
        database_url: str | None = None,
        production: bool = False,
    ) -> None:
        self.directory = directory
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        base = os.environ.get("PACNET_TEST_CLUSTER_URL") or os.environ.get("DATABASE_URL", "")
        self.database_url = database_url or _fresh_database_url(directory, base)
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "PACNET_DATA_DIR": str(directory / "data"),
            "PACNET_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "pacnet.settings",
        }
        if production:  # debug off, as deployed (plain HTTP on loopback; no pages rendered)
            self.env |= {
                "PACNET_DEBUG": "0",
                "PACNET_SECRET_KEY": uuid.uuid4().hex * 2,
                "PACNET_SSL_REDIRECT": "0",
                "PACNET_MANIFEST_STATIC": "0",
            }
        self.env.pop("PYTEST_XDIST_WORKER", None)
        self.process: subprocess.Popen | None = None
        self.log = directory / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, stdin: str | None = None) -> str:
        """Run a `pacnet` command on the server's database; its standard output."""
        done = subprocess.run(
            [str(BIN / "pacnet"), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            raise RuntimeError(f"pacnet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def points_create(self, codes: list[str], *, computers: int = 2) -> None:
        """Points with working computers CODE-PC01…, each in a province of its own."""
        self.manage("shell", "-c", POINTS.format(codes=codes, computers=computers))

    def start(self) -> PacnetServer:
        """The production server (granian, README "Production on PostgreSQL"), several
        workers; returns once it answers."""
        log = self.log.open("a")
        options = {
            "--interface": "wsgi",
            "--host": "127.0.0.1",
            "--port": str(self.port),
            "--workers": str(self.workers),
            # Each thread holds a database connection: a few overlap the waits on the database.
            "--blocking-threads": str(self.threads),
            "--log-level": "warning",
            "--workers-kill-timeout": "2",
        }
        self.process = subprocess.Popen(
            [
                str(BIN / "granian"),
                *(part for option in options.items() for part in option),
                "--no-ws",
                "pacnet.wsgi:application",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/api/kiosk/v1/rules", timeout=2)
            except urllib.error.HTTPError:
                return self  # 401: it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL to the whole process group: no worker finishes what it was doing."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
