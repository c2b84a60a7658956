"""The engine against the in-process fake API: online, offline, and the line coming back."""

import pytest

from pacnet_kiosk.engine import BACKOFF_MAX_SECONDS, SignInRefused
from pacnet_kiosk.journal import ENDED, OPEN, REJECTED, SYNCED, SessionRecord
from tests.conftest import drain


def sign_in_online_then_go_offline(engine, server, person="C-1"):
    engine.sync_once()  # reads the rules
    engine.sign_in(person)
    server.up = False


# Online: the server decides.


def test_online_sign_in_opens_the_session_the_server_granted(engine, server, clock):
    engine.sync_once()
    session = engine.sign_in("c-1")
    assert session.origin == "online" and session.server_known
    assert session.minutes_allowed == 60
    assert engine.remaining_seconds() == 3600
    assert server.sessions[session.id]["person"] == "C-1"


def test_a_refused_sign_in_shows_the_servers_reason_and_opens_nothing(engine, server):
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("NOBODY")
    assert (refusal.value.reason, refusal.value.detail) == ("BAD_LOGIN", "Sai số thẻ.")
    assert engine.current is None


def test_a_second_sign_in_during_a_session_is_refused(engine):
    engine.sign_in("C-1")
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-PIN", "1234")
    assert refusal.value.reason == "IN_USE"


def test_a_guest_registers_then_signs_in_with_the_pass(engine, server):
    guest = engine.register_guest()
    session = engine.sign_in(guest["code"], guest["pin"])
    assert session.person_kind == "guest"
    assert session.minutes_allowed == 30


def test_a_staff_extension_reaches_the_kiosk_with_the_heartbeat(engine, server, clock):
    session = engine.sign_in("C-1")
    server.sessions[session.id]["minutes_allowed"] = 90
    clock.advance(600)
    engine.sync_once()
    assert engine.remaining_seconds() == pytest.approx(80 * 60, abs=2)


def test_the_server_clock_keeps_the_time_even_when_the_kiosks_is_off(engine, server, clock):
    server.skew = 3 * 3600  # the kiosk's clock is three hours late
    session = engine.sign_in("C-1")
    clock.advance(600)
    engine.sync_once()
    assert engine.remaining_seconds() == pytest.approx(50 * 60, abs=2)
    assert engine.current.id == session.id


def test_a_session_ended_by_staff_ends_on_the_kiosk(engine, server, recorder):
    session = engine.sign_in("C-1")
    server.sessions[session.id]["ended"] = "staff"
    engine.sync_once()
    assert engine.current is None
    assert engine.journal.session_get(session.id).state == SYNCED
    assert recorder.cleanups == 1


def test_a_logout_online_is_sent_as_a_sign_out(engine, server, clock, recorder):
    session = engine.sign_in("C-1")
    clock.advance(20 * 60)
    engine.logout()
    engine.sync_once()
    assert server.sign_outs[-1]["id"] == session.id
    assert server.sign_outs[-1]["reason"] == "logout"
    assert engine.journal.session_get(session.id).state == SYNCED
    assert recorder.cleanups == 1


# The countdown.


def test_warnings_come_at_5_and_at_1_minute_each_once(engine, clock):
    engine.sign_in("C-1")
    drain(engine)
    warnings = []
    for _second in range(3600 - 1):
        clock.advance(1)
        engine.tick()
        warnings += [e.data["minutes"] for e in drain(engine) if e.kind == "warning"]
    assert warnings == [5, 1]


def test_time_up_ends_the_session_at_its_allowance_and_clears_it(engine, clock, recorder):
    session = engine.sign_in("C-1")
    clock.advance(3600 + 7)  # the window was busy: the end is still the allowance's
    engine.tick()
    ended = engine.journal.session_get(session.id)
    assert ended.end == session.start + 3600
    assert ended.end_reason == "time_up"
    assert recorder.cleanups == 1
    assert "session_ended" in [e.kind for e in drain(engine)]


def test_a_session_left_open_by_a_power_cut_ends_when_the_kiosk_last_ran(
    make_engine, clock, tmp_path
):
    first = make_engine()
    session = first.sign_in("C-1")
    clock.advance(600)
    first.tick()
    clock.advance(7200)  # off for two hours
    again = make_engine()
    again.recover()
    ended = again.journal.session_get(session.id)
    assert ended.end == session.start + 600
    assert ended.state == ENDED


# Offline: the last rules decide.


def test_offline_a_card_seen_online_before_signs_in_with_the_cached_rules(engine, server, clock):
    sign_in_online_then_go_offline(engine, server)
    clock.advance(40 * 60)
    engine.logout()
    clock.advance(60)
    session = engine.sign_in("C-1")
    assert session.origin == "offline"
    assert session.minutes_allowed == 60  # 120 a day, 40 used


def test_offline_the_minutes_used_today_limit_the_grant(engine, server, clock):
    sign_in_online_then_go_offline(engine, server)
    clock.advance(3600)
    engine.tick()  # time up after 60 minutes
    session = engine.sign_in("C-1")
    assert session.minutes_allowed == 60
    clock.advance(3600)
    engine.tick()
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-1")
    assert refusal.value.reason == "NO_TIME"


def test_offline_an_unknown_card_is_refused(engine, server):
    engine.sync_once()
    server.up = False
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-NEVER-SEEN")
    assert refusal.value.reason == "OFFLINE_UNKNOWN"
    assert engine.online is False


def test_offline_the_pin_is_checked_against_the_hash_kept_online(engine, server):
    engine.sync_once()
    engine.sign_in("C-PIN", "1234")
    engine.logout()
    server.up = False
    with pytest.raises(SignInRefused) as wrong:
        engine.sign_in("C-PIN", "9999")
    assert wrong.value.reason == "BAD_LOGIN"
    with pytest.raises(SignInRefused) as missing:
        engine.sign_in("C-PIN")
    assert missing.value.reason == "PIN_REQUIRED"
    assert engine.sign_in("C-PIN", "1234").origin == "offline"


def test_offline_the_points_closure_refuses(engine, server):
    server.rules["closures"] = [{"start": "2026-12-02", "end": "2026-12-02"}]
    engine.sync_once()
    engine.journal.person_remember("C-1", "patron", "", 0)
    server.up = False
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-1")
    assert refusal.value.reason == "CLOSED"


def test_never_online_no_one_can_sign_in(engine, server):
    server.up = False
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-1")
    assert refusal.value.reason == "NO_RULES"


# The line comes back.


def test_a_session_made_offline_is_uploaded_when_the_line_returns(engine, server, clock):
    sign_in_online_then_go_offline(engine, server)
    engine.logout()
    offline = engine.sign_in("C-1")
    clock.advance(30 * 60)
    engine.logout()
    assert engine.sync_once() is False
    server.up = True
    assert engine.sync_once() is True
    uploaded = server.uploads[-1]["sessions"]
    assert [s["id"] for s in uploaded] == [offline.id]
    assert uploaded[0]["person"] == "C-1"
    assert uploaded[0]["end"].endswith("+07:00")
    assert "client_time" in server.uploads[-1]
    assert engine.journal.session_get(offline.id).state == SYNCED


def test_an_online_session_ended_offline_is_completed_when_the_line_returns(engine, server, clock):
    sign_in_online_then_go_offline(engine, server)
    session = engine.current
    clock.advance(3600)
    engine.tick()
    engine.sync_once()
    server.up = True
    engine.sync_once()
    assert server.sessions[session.id]["ended"] == "time_up"
    assert engine.journal.session_get(session.id).state == SYNCED


def test_a_session_the_server_rejects_is_kept_but_not_sent_again(engine, server, clock):
    sign_in_online_then_go_offline(engine, server)
    engine.logout()
    offline = engine.sign_in("C-1")
    engine.logout()
    server.up = True
    server.reject_ids.add(offline.id)
    engine.sync_once()
    engine.sync_once()
    assert engine.journal.session_get(offline.id).state == REJECTED
    assert sum(offline.id in [s["id"] for s in u["sessions"]] for u in server.uploads) == 1


def test_uploads_go_in_batches_of_at_most_500(engine, server, clock):
    key = engine.journal.person_key("C-1")
    with engine.journal.transaction():
        for n in range(1100):
            start = clock.now() - (n + 1) * 3600
            engine.journal.session_open(
                SessionRecord(
                    id=f"s-{n:04d}",
                    person="C-1",
                    person_key=key,
                    person_kind="patron",
                    day="2026-12-01",
                    start=start,
                    minutes_allowed=30,
                    ends_at=start + 1800,
                    end=None,
                    end_reason="",
                    pages=0,
                    origin="offline",
                    server_known=False,
                    state=OPEN,
                )
            )
            engine.journal.session_end(f"s-{n:04d}", start + 1800, "time_up")
    while engine.journal.sessions_count(ENDED):
        engine.sync_once()
    assert [len(u["sessions"]) for u in server.uploads] == [500, 500, 100]


def test_retries_back_off_with_jitter_while_the_line_is_down(engine, server, clock):
    server.up = False
    delays = []
    for _attempt in range(8):
        engine.sync_once()
        delays.append(engine._next_sync - clock.now())
        clock.advance(delays[-1])
    assert delays[0] <= 5
    assert delays[3] > delays[0]
    assert max(delays) <= BACKOFF_MAX_SECONDS
    assert len(set(delays)) == len(delays)
    server.up = True
    engine.sync_once()
    assert engine._next_sync - clock.now() == engine.config.heartbeat_seconds


def test_a_revoked_token_is_told_apart_from_a_dead_line(engine, server):
    server.token = "another"
    engine.sync_once()
    assert engine.token_refused
    assert "unauthorized" in [e.kind for e in drain(engine)]


# Staff instructions.


def test_a_message_is_shown_once_and_acknowledged(engine, server):
    server.instructions.append({"id": 14, "kind": "message", "text": "Thư viện đóng lúc 17h"})
    engine.sync_once()
    engine.sync_once()
    messages = [e for e in drain(engine) if e.kind == "message"]
    assert [m.data["text"] for m in messages] == ["Thư viện đóng lúc 17h"]
    assert 14 in server.heartbeats[-1]["acknowledged"]


def test_an_instruction_handed_out_again_is_not_done_again(engine, server):
    engine.sign_in("C-1")
    server.instructions.append({"id": 15, "kind": "logout", "text": ""})
    engine.sync_once()
    server.acknowledged.clear()  # the acknowledgement was lost
    engine.sign_in("C-1")
    engine.sync_once()
    assert engine.current is not None


def test_logout_from_staff_ends_the_session(engine, server):
    session = engine.sign_in("C-1")
    server.instructions.append({"id": 16, "kind": "logout", "text": ""})
    engine.sync_once()
    assert engine.current is None
    assert server.sessions[session.id]["ended"] == "logout"


def test_lock_ends_the_session_and_refuses_sign_ins(engine, server):
    engine.sign_in("C-1")
    server.instructions.append({"id": 17, "kind": "lock", "text": "Bảo trì"})
    engine.sync_once()
    assert engine.current is None
    with pytest.raises(SignInRefused) as refusal:
        engine.sign_in("C-1")
    assert refusal.value.reason == "LOCKED"


def test_restart_runs_the_configured_command_once(engine, server, recorder):
    server.instructions.append({"id": 18, "kind": "restart", "text": ""})
    engine.sync_once()
    engine.sync_once()
    assert recorder.commands == [["restart-now"]]
    assert 18 in server.acknowledged


def test_shutdown_runs_the_configured_command(engine, server, recorder):
    server.instructions.append({"id": 19, "kind": "shutdown", "text": ""})
    engine.sync_once()
    assert recorder.commands == [["shutdown-now"]]


def test_the_heartbeat_reports_the_computer_and_who_is_on_it(engine, server):
    engine.sign_in("C-1")
    engine.sync_once()
    engine.sync_once()
    first, second = server.heartbeats
    assert first["current_user"] == "C-1"
    assert first["client_version"] == "1.0.0"
    assert "os" in first["profile"]
    assert "profile" not in second  # sent once a run: the server keeps it
