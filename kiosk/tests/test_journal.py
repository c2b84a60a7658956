from pathlib import Path

from pacnet_kiosk.journal import ENDED, OPEN, SYNCED, Journal, SessionRecord
from tests.conftest import START


def record(session_id="s-1", person="X-TEST-000012", start=START, minutes=60, journal=None):
    return SessionRecord(
        id=session_id,
        person=person,
        person_key=journal.person_key(person),
        person_kind="patron",
        day="2026-12-02",
        start=start,
        minutes_allowed=minutes,
        ends_at=start + minutes * 60,
        end=None,
        end_reason="",
        pages=0,
        origin="offline",
        server_known=False,
        state=OPEN,
    )


def test_a_card_seen_online_is_kept_hashed_never_in_clear(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.person_remember("X-TEST-000012", "patron", "4321", START)
    journal.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"X-TEST-000012" not in stored
    assert b"4321" not in stored


def test_a_known_card_is_found_whatever_its_case_and_spaces(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.person_remember("X-TEST-000012", "guest", "", START)
    assert journal.person_lookup(" x-test-000012 ")["kind"] == "guest"
    assert journal.person_lookup("X-TEST-000013") is None


def test_the_pin_is_checked_against_its_salted_hash(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.person_remember("C-1", "patron", "4321", START)
    assert journal.pin_matches("C-1", "4321")
    assert not journal.pin_matches("C-1", "1234")


def test_minutes_used_today_add_up_the_persons_sessions_of_the_day(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.session_open(record("a", journal=journal))
    journal.session_end("a", START + 25 * 60, "logout")
    journal.session_open(record("b", start=START + 3600, journal=journal))
    key = journal.person_key("X-TEST-000012")
    assert journal.minutes_used(key, "2026-12-02", now=START + 3600 + 10 * 60) == 35
    assert journal.minutes_used(key, "2026-12-03", now=START) == 0


def test_an_ended_session_waits_until_synced_and_then_forgets_the_card(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.session_open(record("a", journal=journal))
    journal.session_end("a", START + 60, "logout")
    assert [s.id for s in journal.sessions_pending()] == ["a"]
    journal.session_mark("a", SYNCED)
    assert journal.sessions_pending() == []
    assert journal.session_get("a").person == ""
    assert journal.sessions_count(ENDED) == 0


def test_the_journal_survives_a_restart(tmp_path):
    path = Path(tmp_path / "j.sqlite3")
    journal = Journal(path)
    journal.session_open(record("a", journal=journal))
    journal.rules_save({"version": "v9"})
    journal.close()
    again = Journal(path)
    assert again.session_current().id == "a"
    assert again.rules == {"version": "v9"}


def test_an_instruction_is_recorded_once_and_acknowledged(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.instruction_record(14, "message", START)
    journal.instruction_record(14, "message", START)
    assert journal.instruction_done(14)
    assert journal.instructions_to_acknowledge() == [14]
    journal.instructions_acknowledged([14])
    assert journal.instructions_to_acknowledge() == []
