import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from pacnet_kiosk.api import KioskApi  # noqa: E402
from pacnet_kiosk.config import Config  # noqa: E402
from pacnet_kiosk.engine import Engine  # noqa: E402
from pacnet_kiosk.journal import Journal  # noqa: E402
from tests.fake_server import TZ, FakeServer  # noqa: E402

# Wednesday 2 December 2026, 10:00 at the point.
START = dt.datetime(2026, 12, 2, 10, 0, tzinfo=TZ).timestamp()


class FakeClock:
    def __init__(self, start: float = START):
        self.t = start

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(clock):
    return FakeServer(clock)


@pytest.fixture
def config(tmp_path):
    config = Config(
        server_url="http://pacnet.test",
        token="good-token",
        computer="X-TEST-PC01",
        point="X-TEST",
        browser_profile_dir=str(tmp_path / "profile"),
        downloads_dir=str(tmp_path / "downloads"),
        restart_command=["restart-now"],
        shutdown_command=["shutdown-now"],
    )
    config.path = str(tmp_path / "config.toml")
    return config


class Recorder:
    def __init__(self):
        self.cleanups = 0
        self.commands: list[list[str]] = []

    def cleanup(self):
        self.cleanups += 1

    def run(self, command):
        self.commands.append(command)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def make_engine(config, server, clock, recorder, tmp_path):
    import random

    def make(journal_path=None):
        journal = Journal(journal_path or tmp_path / "journal.sqlite3")
        api = KioskApi(config.server_url, config.token, transport=server)
        return Engine(
            config,
            journal,
            api,
            clock=clock,
            cleanup=recorder.cleanup,
            run_command=recorder.run,
            rng=random.Random(4),
        )

    return make


@pytest.fixture
def engine(make_engine):
    return make_engine()


def drain(engine) -> list:
    events = []
    while not engine.events.empty():
        events.append(engine.events.get_nowait())
    return events
