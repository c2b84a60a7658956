import datetime as dt

from pacnet_kiosk.rules import minutes_to_closing, offline_grant, warning_minutes
from tests.fake_server import RULES, TZ

WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=TZ)
OFFICE_HOURS = [{"weekday": d, "opens": 450, "closes": 1020} for d in range(5)]


def rules(**changes):
    return {**RULES, **changes}


def test_a_patron_gets_the_session_allowance():
    assert offline_grant(rules(), "patron", 0, WEDNESDAY_10).minutes == 60


def test_a_guest_gets_the_guest_allowance():
    assert offline_grant(rules(), "guest", 0, WEDNESDAY_10).minutes == 30


def test_what_is_left_of_the_day_limits_the_grant():
    assert offline_grant(rules(), "patron", 100, WEDNESDAY_10).minutes == 20


def test_a_used_up_day_refuses_with_no_time():
    grant = offline_grant(rules(), "patron", 120, WEDNESDAY_10)
    assert (grant.minutes, grant.reason) == (0, "NO_TIME")


def test_closing_time_limits_the_grant():
    at_1640 = WEDNESDAY_10.replace(hour=16, minute=40)
    assert offline_grant(rules(periods=OFFICE_HOURS), "patron", 0, at_1640).minutes == 20


def test_outside_opening_hours_refuses_with_closed():
    saturday = dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ)
    assert offline_grant(rules(periods=OFFICE_HOURS), "patron", 0, saturday).reason == "CLOSED"


def test_a_dated_closure_refuses_with_closed():
    closure = [{"start": "2026-12-01", "end": "2026-12-03"}]
    assert offline_grant(rules(closures=closure), "patron", 0, WEDNESDAY_10).reason == "CLOSED"


def test_no_hours_set_means_no_closing_time():
    late = WEDNESDAY_10.replace(hour=23, minute=50)
    assert minutes_to_closing(rules(periods=[]), late) is None
    assert offline_grant(rules(periods=[]), "patron", 0, late).minutes == 60


def test_a_day_open_until_midnight_runs_on_into_the_next():
    late = WEDNESDAY_10.replace(hour=23, minute=50)
    assert minutes_to_closing(rules(), late) > 60
    assert offline_grant(rules(), "patron", 0, late).minutes == 60


def test_warnings_are_largest_first_and_default_to_5_and_1():
    assert warning_minutes({"warning_minutes": [1, 10, 5]}) == [10, 5, 1]
    assert warning_minutes(None) == [5, 1]
