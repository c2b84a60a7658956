"""What the kiosks are told: the rules in force, whether the point is closed, closing time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pacnet.geography.models import SiteSuspension
from pacnet.geography.services import site_hours_set
from pacnet.geography.tests.factories import SiteFactory
from pacnet.kiosk.models import KioskClosure, KioskRules
from pacnet.kiosk.selectors import closed_on, minutes_to_closing, rules_json, rules_of
from pacnet.kiosk.services import kiosk_rules_update

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2026, 11, 30)


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=HCM)


@pytest.fixture
def site():
    return SiteFactory(code="X-DAKLAO", name="Thư viện xã Đắk Lao")


def hours(site, text: str) -> None:
    site_hours_set(actor=None, site=site, hours=text)


def test_a_point_never_set_has_the_default_rules_unsaved(site):
    rules = rules_of(site)
    assert (rules.pk, rules.session_minutes, rules.daily_minutes) == (None, 60, 120)
    assert not KioskRules.objects.exists()


def test_the_rules_json_is_the_api_object(site):
    hours(site, "mon-fri 07:30-17:00")
    KioskClosure.objects.create(site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 10))
    shown = rules_json(site, today=dt.date(2026, 12, 2))
    version = shown.pop("version")
    assert shown == {
        "point": "X-DAKLAO",
        "point_name": "Thư viện xã Đắk Lao",
        "session_minutes": 60,
        "daily_minutes": 120,
        "guest_session_minutes": 30,
        "guest_daily_minutes": 60,
        "pin_required": False,
        "guest_self_registration": False,
        "warning_minutes": [5, 1],
        "hours": "mon-fri 07:30-17:00; sat-sun closed",
        "periods": [{"weekday": d, "opens": 450, "closes": 1020} for d in range(5)],
        "closures": [{"start": "2027-02-05", "end": "2027-02-10"}],
        "timezone": "Asia/Ho_Chi_Minh",
    }
    assert isinstance(version, str) and version


def test_past_closures_are_not_sent_and_temporary_closures_are(site):
    KioskClosure.objects.create(site=site, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2))
    SiteSuspension.objects.create(site=site, start=dt.date(2026, 11, 1))
    shown = rules_json(site, today=dt.date(2026, 12, 2))
    assert shown["closures"] == [{"start": "2026-11-01", "end": None}]


@pytest.mark.parametrize(
    "change",
    [
        lambda site: kiosk_rules_update(actor=None, site=site, pin_required=True),
        lambda site: hours(site, "mon-sun 08:00-20:00"),
        lambda site: KioskClosure.objects.create(
            site=site, start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1)
        ),
    ],
)
def test_the_version_changes_when_rules_hours_or_closures_change(site, change):
    before = rules_json(site, today=dt.date(2026, 12, 2))["version"]
    assert rules_json(site, today=dt.date(2026, 12, 2))["version"] == before
    change(site)
    assert rules_json(site, today=dt.date(2026, 12, 2))["version"] != before


def test_a_kiosk_closure_closes_its_days_only(site):
    KioskClosure.objects.create(site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 10))
    assert closed_on(site, dt.date(2027, 2, 5)) and closed_on(site, dt.date(2027, 2, 10))
    assert not closed_on(site, dt.date(2027, 2, 11))


def test_a_temporary_closure_of_the_point_closes_the_kiosks(site):
    SiteSuspension.objects.create(site=site, start=dt.date(2026, 11, 1), end=None)
    assert closed_on(site, dt.date(2030, 1, 1))
    assert not closed_on(site, dt.date(2026, 10, 31))


def test_another_points_closure_does_not_count(site):
    KioskClosure.objects.create(site=SiteFactory(), start=MONDAY, end=MONDAY)
    assert not closed_on(site, MONDAY)


def test_no_hours_no_closing_time(site):
    assert minutes_to_closing(site, at(MONDAY, 10)) is None


def test_minutes_until_the_current_period_closes(site):
    hours(site, "mon-fri 07:30-11:30,13:30-17:00")
    assert minutes_to_closing(site, at(MONDAY, 10, 0)) == 90
    assert minutes_to_closing(site, at(MONDAY, 16, 59, 30)) == 0
    assert minutes_to_closing(site, at(MONDAY, 13, 30)) == 210


def test_closed_outside_the_periods(site):
    hours(site, "mon-fri 07:30-11:30,13:30-17:00")
    assert minutes_to_closing(site, at(MONDAY, 12, 0)) == 0
    assert minutes_to_closing(site, at(MONDAY, 17, 0)) == 0
    assert minutes_to_closing(site, at(MONDAY + dt.timedelta(days=5), 10)) == 0  # Saturday


def test_closed_on_a_closure_day_within_the_hours(site):
    hours(site, "mon-fri 07:30-17:00")
    KioskClosure.objects.create(site=site, start=MONDAY, end=MONDAY)
    assert minutes_to_closing(site, at(MONDAY, 10)) == 0


def test_a_period_to_midnight_goes_on_into_the_next_day(site):
    hours(site, "mon 18:00-24:00; tue 00:00-02:00")
    assert minutes_to_closing(site, at(MONDAY, 23, 0)) == 180


def test_it_stops_at_midnight_when_the_next_day_is_closed(site):
    hours(site, "mon 18:00-24:00; tue 00:00-02:00")
    tuesday = MONDAY + dt.timedelta(days=1)
    KioskClosure.objects.create(site=site, start=tuesday, end=tuesday)
    assert minutes_to_closing(site, at(MONDAY, 23, 0)) == 60


def test_the_moment_is_read_on_the_points_clock(site):
    hours(site, "mon 07:30-17:00")
    utc = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hồ Chí Minh City
    assert minutes_to_closing(site, utc) == 420
