"""The demo's kiosk rules: office hours at commune points, longer at the provincial library."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pacnet.geography.models import Site
from pacnet.geography.selectors import site_hours_text
from pacnet.kiosk.demo import demo_kiosk_rules_load
from pacnet.kiosk.models import KioskClosure
from pacnet.kiosk.selectors import rules_of

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def loaded(demo_network):
    demo_kiosk_rules_load(now=NOW)


def test_commune_points_keep_office_hours(loaded):
    site = Site.objects.get(code="X-DAKLAO")
    assert site_hours_text(site) == ("mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed")


def test_the_provincial_library_opens_longer_with_a_pin(loaded):
    site = Site.objects.get(code="TV-TINH")
    assert site_hours_text(site) == "mon-fri 07:00-20:00; sat-sun 08:00-17:00"
    assert rules_of(site).pin_required
    closure = KioskClosure.objects.get(site=site)
    assert closure.start == dt.date(2027, 9, 2)


def test_every_demo_point_has_hours(loaded):
    assert not Site.objects.filter(opening_periods__isnull=True).exists()
