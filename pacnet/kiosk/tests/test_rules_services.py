"""The point's kiosk rules and closures: checked, all or nothing, audited."""

import datetime as dt

import pytest

from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.geography.selectors import site_hours_text
from pacnet.geography.tests.factories import SiteFactory
from pacnet.kiosk.models import KioskClosure, KioskRules
from pacnet.kiosk.services import kiosk_closure_add, kiosk_closure_delete, kiosk_rules_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteFactory()


def refused(site, **changes) -> dict:
    with pytest.raises(DomainError) as caught:
        kiosk_rules_update(actor=None, site=site, **changes)
    return caught.value.message_dict


def test_the_first_change_saves_the_rules_with_the_defaults_for_the_rest(site):
    rules = kiosk_rules_update(actor=None, site=site, session_minutes=45, pin_required=True)
    saved = KioskRules.objects.get(site=site)
    assert (saved.session_minutes, saved.pin_required, saved.daily_minutes) == (45, True, 120)
    assert rules.pk == saved.pk


def test_a_change_is_audited_with_before_and_after(site):
    kiosk_rules_update(actor=None, site=site, session_minutes=45, source="command")
    entry = audit_entries_for(KioskRules.objects.get(site=site)).get()
    assert entry.changes == {"session allowance (minutes)": ["60", "45"]}
    assert entry.source == "command"


def test_setting_the_defaults_again_writes_nothing(site):
    kiosk_rules_update(actor=None, site=site, session_minutes=60, warning_minutes="5,1")
    assert not KioskRules.objects.exists()


@pytest.mark.parametrize("minutes", [0, 1441, -5])
def test_minutes_outside_a_day_are_refused(site, minutes):
    assert "daily_minutes" in refused(site, daily_minutes=minutes)


def test_a_session_allowance_above_the_daily_one_is_refused(site):
    assert "session_minutes" in refused(site, session_minutes=150)
    assert "guest_daily_minutes" in refused(site, guest_daily_minutes=20)
    assert not KioskRules.objects.exists()


def test_warnings_are_stored_largest_first(site):
    rules = kiosk_rules_update(actor=None, site=site, warning_minutes=" 1, 10 ,5")
    assert rules.warning_minutes == "10,5,1"


@pytest.mark.parametrize("text", ["", "5,5", "0", "5,3,2,1", "a,1", "-1", "60"])
def test_warnings_that_are_not_one_to_three_distinct_minutes_before_the_end_are_refused(site, text):
    assert "warning_minutes" in refused(site, warning_minutes=text)


def test_a_warning_must_come_before_the_end_of_the_longest_session(site):
    assert "warning_minutes" in refused(site, session_minutes=5, guest_session_minutes=5)


def test_a_guest_session_shorter_than_the_warnings_is_allowed(site):
    rules = kiosk_rules_update(actor=None, site=site, guest_session_minutes=1)
    assert rules.guest_session_minutes == 1


def test_the_client_header_is_a_name_and_a_value(site):
    rules = kiosk_rules_update(actor=None, site=site, client_header="X-Libki-Point:   daklao ")
    assert rules.client_header == "X-Libki-Point: daklao"
    assert kiosk_rules_update(actor=None, site=site, client_header="").client_header == ""


@pytest.mark.parametrize("text", ["daklao", "X Libki: a", "X-Libki:", "X-Libki: a\r\nB: c"])
def test_a_malformed_client_header_is_refused(site, text):
    assert "client_header" in refused(site, client_header=text)


def test_the_hours_are_set_with_the_rules(site):
    kiosk_rules_update(actor=None, site=site, hours="mon-fri 07:30-17:00", session_minutes=30)
    assert site_hours_text(site) == "mon-fri 07:30-17:00; sat-sun closed"


def test_a_bad_value_anywhere_writes_nothing_at_all(site):
    errors = refused(site, hours="mon-fri 07:30-17:00", session_minutes=30, client_header="x")
    assert list(errors) == ["client_header"]
    assert not site.opening_periods.exists() and not KioskRules.objects.exists()


def test_bad_hours_are_refused_on_hours(site):
    assert "hours" in refused(site, hours="mon-fri 17:00-07:30", session_minutes=30)
    assert not KioskRules.objects.exists()


def test_an_unknown_rule_is_a_programming_error(site):
    with pytest.raises(TypeError):
        kiosk_rules_update(actor=None, site=site, colour="red")


def test_a_closure_is_added_and_audited_on_the_point(site):
    closure = kiosk_closure_add(
        actor=None, site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 10), reason="Tết"
    )
    assert KioskClosure.objects.get() == closure
    entry = audit_entries_for(site).get()
    assert entry.changes == {"kiosk closure": ["", "2027-02-05–2027-02-10 Tết"]}


def test_a_closure_ending_before_it_starts_is_refused(site):
    with pytest.raises(DomainError) as caught:
        kiosk_closure_add(actor=None, site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 4))
    assert "end" in caught.value.message_dict
    assert not KioskClosure.objects.exists()


def test_an_implausible_closure_is_refused(site):
    with pytest.raises(DomainError) as caught:
        kiosk_closure_add(actor=None, site=site, start=dt.date(1999, 2, 5), end=dt.date(1999, 2, 6))
    assert "start" in caught.value.message_dict
    with pytest.raises(DomainError) as caught:
        kiosk_closure_add(actor=None, site=site, start=dt.date(2027, 1, 1), end=dt.date(2029, 1, 1))
    assert "end" in caught.value.message_dict


def test_overlapping_closures_are_refused(site):
    kiosk_closure_add(actor=None, site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 10))
    with pytest.raises(DomainError):
        kiosk_closure_add(
            actor=None, site=site, start=dt.date(2027, 2, 10), end=dt.date(2027, 2, 12)
        )
    assert KioskClosure.objects.count() == 1


def test_deleting_a_closure_is_audited(site):
    closure = kiosk_closure_add(
        actor=None, site=site, start=dt.date(2027, 2, 5), end=dt.date(2027, 2, 5)
    )
    kiosk_closure_delete(actor=None, closure=closure)
    assert not KioskClosure.objects.exists()
    assert audit_entries_for(site).first().changes == {
        "kiosk closure": ["2027-02-05–2027-02-05", ""]
    }
