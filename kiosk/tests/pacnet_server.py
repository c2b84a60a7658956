"""A real pacnet server process for the tests: its own SQLite database, the demo network,
kiosk rules for X-DAKLAO, and `runserver` on a free port of 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
POINT = "X-DAKLAO"
PATRON_CARD = "X-DAKLAO-T00001"


def server_command() -> list[str]:
    """PACNET_SERVER_CMD, else the repository's virtualenv, else the main checkout's."""
    if override := os.environ.get("PACNET_SERVER_CMD"):
        return shlex.split(override)
    for candidate in (REPO / ".venv" / "bin" / "pacnet", Path("/work/main/.venv/bin/pacnet")):
        if candidate.exists():
            return [str(candidate)]
    return [sys.executable, str(REPO / "pacnet" / "manage.py")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PacnetServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = folder / "server.log"
        self.env = {
            **os.environ,
            "PACNET_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder / 'pacnet.sqlite3'}",
            "PACNET_DATA_DIR": str(folder),
            # The code of this checkout, whichever virtualenv runs it.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "DJANGO_SETTINGS_MODULE": "pacnet.settings",
        }
        self.env.pop("QT_QPA_PLATFORM", None)

    def manage(self, *args: str, input_text: str | None = None) -> str:
        result = subprocess.run(
            [*server_command(), *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            input=input_text,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"pacnet {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def query(self, code: str) -> str:
        """Python run in the server's Django (never in the client's process)."""
        # --no-imports: Django 5.2's shell otherwise prints what it imported before the output.
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def prepare(self) -> None:
        self.manage("migrate", "--no-input")
        self.manage("load_demo", "--network-only")
        yesterday = dt.date.today() - dt.timedelta(days=1)
        csv = self.folder / "patron.csv"
        csv.write_text(
            "point,computer,person,person_kind,start,end,service,pages\n"
            f"{POINT},{POINT}-PC05,{PATRON_CARD},patron,"
            f"{yesterday}T09:00:00+07:00,{yesterday}T09:30:00+07:00,,0\n",
            encoding="utf-8",
        )
        self.manage("import_sessions", str(csv))  # the patron's card now exists
        self.manage(
            "kiosk_rules",
            "--point",
            POINT,
            "--set",
            "hours=mon-sun 00:00-24:00",
            "--set",
            "guest_self_registration=on",
            "--set",
            "guest_session_minutes=1",
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*server_command(), "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            cwd=REPO,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.url + "/api/kiosk/v1/rules", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # 401 without a token: it answers
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def enrolment_code(self, computer: str) -> str:
        return self.manage("kiosk_enrolment_code", computer).strip().splitlines()[-1].strip()
