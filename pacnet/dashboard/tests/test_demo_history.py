"""The demo's history ends at the moment it is loaded: nothing in any table lies after it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Max
from django.utils import timezone

from pacnet.accounts.models import User
from pacnet.dashboard.demo import demo_history_load
from pacnet.inventory.models import Equipment
from pacnet.usage import demo as usage_demo
from pacnet.usage import services
from pacnet.usage.models import Patron
from pacnet.usage.selectors import free_computers

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
# A Tuesday morning: every point is open and sessions were drawn for the rest of the day.
LOADED_AT = dt.datetime(2026, 11, 17, 10, 0, tzinfo=ICT)
# Dates that look ahead by nature: a warranty, an expected end of life, a contract or validity end.
FORWARD_LOOKING = {"warranty_ends_on", "end_of_life_on", "active_to", "valid_to"}
# Models whose dates are announced ahead: a point's kiosk closure for a coming holiday.
FORWARD_LOOKING_MODELS = {"kiosk.KioskClosure"}


def _stamped_when_written(field: models.Field) -> bool:
    """Fields that record when a row was written (the real clock), not when things happened."""
    return (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or field.default is timezone.now
    )


def _latest_values() -> dict[str, object]:
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("pacnet.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField) or field.name in FORWARD_LOOKING:
                continue
            if model._meta.label in FORWARD_LOOKING_MODELS:
                continue
            if _stamped_when_written(field):
                continue
            latest = model.objects.aggregate(v=Max(field.name))["v"]
            if latest is not None:
                found[f"{model._meta.label}.{field.name}"] = latest
    return found


@pytest.fixture
def demo_loaded_at_ten(demo_network, monkeypatch):
    # Six weeks of synthetic usage show the bug as well as nine years do, in seconds.
    monkeypatch.setattr(usage_demo, "START", LOADED_AT.date() - dt.timedelta(days=42))
    demo_history_load(now=LOADED_AT)


def test_no_date_or_time_in_the_demo_lies_after_the_moment_it_was_loaded(demo_loaded_at_ten):
    latest = _latest_values()
    # The demo did write usage and faults up to then.
    assert latest["usage.Session.day"] == LOADED_AT.date()
    assert "faults.Fault.reported_at" in latest
    future = {
        name: value
        for name, value in latest.items()
        if (value > LOADED_AT if isinstance(value, dt.datetime) else value > LOADED_AT.date())
    }
    assert future == {}


def test_a_session_starts_on_every_free_computer_right_after_the_demo_is_loaded(
    demo_loaded_at_ten,
):
    daklao_staff = User.objects.get(username="daklao")
    site = daklao_staff.scope_sites.get()
    patron = Patron.objects.filter(registered_at=site).first()
    free = free_computers(site)
    assert len(free) == Equipment.objects.filter(site=site, kind="computer").count()
    for computer in free:
        session = services.session_start(
            actor=daklao_staff,
            site=site,
            computer=computer,
            person_code=patron.card_number,
            start=LOADED_AT + dt.timedelta(seconds=1),
        )
        assert session.end is None
