"""`pacnet kiosk_rules`: prints the rules as JSON, sets them all or nothing."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pacnet.geography.tests.factories import SiteFactory
from pacnet.kiosk.models import KioskRules

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteFactory(code="X-DAKLAO")


def run(*sets: str) -> dict:
    out = StringIO()
    args = ["--point", "X-DAKLAO", *[a for s in sets for a in ("--set", s)]]
    call_command("kiosk_rules", *args, "--language", "en", stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_rules_as_json(site):
    shown = run()
    assert (shown["point"], shown["session_minutes"], shown["hours"]) == ("X-DAKLAO", 60, "")
    assert not KioskRules.objects.exists()


def test_it_sets_every_key_and_prints_the_result(site):
    shown = run(
        "session_minutes=45",
        "daily_minutes=90",
        "guest_session_minutes=20",
        "guest_daily_minutes=40",
        "pin_required=on",
        "guest_self_registration=off",
        "warning_minutes=10,2",
        "hours=mon-fri 07:30-17:00",
        "client_header=X-Libki-Point: daklao",
    )
    assert shown["session_minutes"] == 45 and shown["guest_daily_minutes"] == 40
    assert shown["pin_required"] is True and shown["guest_self_registration"] is False
    assert shown["warning_minutes"] == [10, 2]
    assert shown["hours"] == "mon-fri 07:30-17:00; sat-sun closed"
    assert KioskRules.objects.get().client_header == "X-Libki-Point: daklao"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("colour=red", "Unknown rule"),
        ("session_minutes", "Unknown rule"),
        ("session_minutes=abc", "not a whole number"),
        ("pin_required=yes", "neither on nor off"),
        ("hours=7h-17h", "hours:"),
        ("session_minutes=500", "session_minutes:"),
        ('hours==HYPERLINK("http://x")', "hours:"),
        ("hours=" + "mon-fri 07:30-11:30;" * 500, "hours:"),
        ("hours=mon 07:30\x00-11:30", "hours:"),
    ],
)
def test_a_bad_setting_is_a_clear_error_and_writes_nothing(site, setting, message):
    with pytest.raises(CommandError, match=message):
        run("client_header=X-Libki-Point: daklao", setting)
    assert not KioskRules.objects.exists()


def test_bad_hours_with_good_rules_write_neither(site):
    with pytest.raises(CommandError, match="hours:"):
        run("session_minutes=45", "hours=7h-17h")
    assert not KioskRules.objects.exists() and not site.opening_periods.exists()


def test_a_key_given_twice_is_an_error(site):
    with pytest.raises(CommandError, match="twice"):
        run("session_minutes=45", "session_minutes=50")


def test_an_unknown_point_is_an_error(db):
    with pytest.raises(CommandError, match="X-NOWHERE"):
        call_command("kiosk_rules", "--point", "X-NOWHERE", "--language", "en")
