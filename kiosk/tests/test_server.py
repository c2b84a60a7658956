"""The client against a real pacnet server process: docs/kiosk.md's contract, end to end."""

import json
import threading
import time

import pytest

from pacnet_kiosk.api import KioskApi
from pacnet_kiosk.cli import build_engine, main
from pacnet_kiosk.config import Config
from pacnet_kiosk.engine import SignInRefused
from pacnet_kiosk.journal import SYNCED
from tests.pacnet_server import PATRON_CARD, POINT, PacnetServer


@pytest.fixture(scope="module")
def pacnet(tmp_path_factory):
    server = PacnetServer(tmp_path_factory.mktemp("pacnet"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pacnet_up(pacnet):
    """The server is running at the test's start and after it, whatever the test did."""
    if pacnet.process is None:
        pacnet.start()
    yield pacnet
    if pacnet.process is None:
        pacnet.start()


def enrolled(pacnet, tmp_path, computer):
    path = tmp_path / f"{computer}.toml"
    code = pacnet.enrolment_code(computer)
    assert main(["--config", str(path), "enrol", "--server", pacnet.url, "--code", code]) == 0
    config = Config.load(path)
    config.browser_profile_dir = str(tmp_path / "profile")
    config.downloads_dir = str(tmp_path / "downloads")
    return build_engine(config)


def session_row(pacnet, session_id) -> dict:
    return json.loads(
        pacnet.query(
            "import json; from pacnet.usage.models import Session as S; "
            f"s = S.objects.get(client_id='{session_id}'); "
            "print(json.dumps({'computer': s.computer.code, 'end': bool(s.end), "
            "'end_reason': s.end_reason, 'minutes_allowed': s.minutes_allowed, "
            "'source': s.source, 'seconds': (s.end - s.start).total_seconds() if s.end else None}))"
        ).splitlines()[-1]
    )


def run_until_cut_off(engine, limit_seconds=120):
    deadline = time.monotonic() + limit_seconds
    while engine.current is not None and time.monotonic() < deadline:
        engine.tick()
        time.sleep(0.25)
    assert engine.current is None, "the session was not cut off at its allowance"


def test_enrolment_writes_the_token_and_reads_the_points_rules(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC01")
    assert engine.config.token
    assert engine.config.computer == f"{POINT}-PC01"
    assert engine.rules["point"] == POINT
    assert engine.rules["guest_self_registration"] is True
    assert engine.sync_once() is True


def test_a_used_enrolment_code_is_refused(pacnet_up, tmp_path):
    code = pacnet_up.enrolment_code(f"{POINT}-PC01")
    api = KioskApi(pacnet_up.url)
    api.enrol(code, "PC-01")
    assert (
        main(
            [
                "--config",
                str(tmp_path / "c.toml"),
                "enrol",
                "--server",
                pacnet_up.url,
                "--code",
                code,
            ]
        )
        == 2
    )


def test_a_patron_signs_in_and_out_online(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC02")
    engine.sync_once()
    session = engine.sign_in(PATRON_CARD)
    assert session.origin == "online"
    assert 0 < session.minutes_allowed <= 60
    engine.sync_once()
    time.sleep(1)
    engine.logout()
    assert engine.sync_once() is True
    row = session_row(pacnet_up, session.id)
    assert row["end"] and row["end_reason"] == "logout" and row["source"] == "kiosk"
    assert engine.journal.session_get(session.id).state == SYNCED


def test_an_unknown_card_is_refused_with_the_servers_words(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC01")
    engine.api.language = "en"
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("X-DAKLAO-NOBODY")
    assert refusal.value.reason == "BAD_LOGIN"
    assert refusal.value.detail


def test_a_guest_signs_in_counts_down_and_is_cut_off_at_the_allowance(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC03")
    stop = threading.Event()
    sync = threading.Thread(target=engine.run_sync, args=(stop,), daemon=True)
    sync.start()
    try:
        guest = engine.register_guest()
        session = engine.sign_in(guest["code"], guest["pin"])
        assert session.person_kind == "guest" and session.minutes_allowed == 1
        time.sleep(2)
        assert 0 < engine.remaining_seconds() < 60
        run_until_cut_off(engine)
    finally:
        stop.set()
        engine.wake()
        sync.join(timeout=20)
    engine.sync_once()
    row = session_row(pacnet_up, session.id)
    assert row["end_reason"] == "time_up"
    assert row["minutes_allowed"] == 1
    assert row["seconds"] == pytest.approx(60, abs=5)
    presence = pacnet_up.query(
        "from pacnet.kiosk.models import ComputerPresence as P; "
        f"print(P.objects.get(computer__code='{POINT}-PC03').client_version)"
    )
    assert presence == "1.0.0"


def test_the_same_with_the_server_stopped_during_the_session(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC04")
    guest = engine.register_guest()
    session = engine.sign_in(guest["code"], guest["pin"])
    pacnet_up.stop()
    assert engine.sync_once() is False
    run_until_cut_off(engine)
    assert engine.sync_once() is False
    pacnet_up.start()
    assert engine.sync_once() is True
    row = session_row(pacnet_up, session.id)
    assert row["end_reason"] == "time_up"
    assert row["seconds"] == pytest.approx(60, abs=5)
    assert engine.journal.session_get(session.id).state == SYNCED


def test_a_card_seen_online_signs_in_offline_and_the_session_is_uploaded(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC05")
    engine.sign_in(PATRON_CARD)
    time.sleep(1)
    engine.logout()
    engine.sync_once()
    pacnet_up.stop()
    offline = engine.sign_in(PATRON_CARD)
    assert offline.origin == "offline"
    time.sleep(2)
    engine.logout()
    pacnet_up.start()
    assert engine.sync_once() is True
    row = session_row(pacnet_up, offline.id)
    assert row["end"] and row["computer"] == f"{POINT}-PC05"
    assert engine.journal.session_get(offline.id).state == SYNCED


def test_a_revoked_computer_is_told_so(pacnet_up, tmp_path):
    engine = enrolled(pacnet_up, tmp_path, f"{POINT}-PC01")
    pacnet_up.manage("kiosk_revoke", f"{POINT}-PC01")
    assert engine.sync_once() is False
    assert engine.token_refused
