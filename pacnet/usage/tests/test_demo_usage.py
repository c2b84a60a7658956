"""The synthetic demo usage: reproducible, consistent with the network, and honest rollups."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import F

from pacnet.geography.models import SiteSuspension
from pacnet.indicators.models import ServiceDay, SiteDay, Visit
from pacnet.inventory.models import EquipmentStatusChange
from pacnet.usage.demo import (
    CLOSED_FROM,
    CLOSED_POINT,
    CLOSED_TO,
    PAPER_POINT,
    demo_usage_load,
    demo_usage_present,
)
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.rollups import usage_rollup_rebuild

SHORT = dt.date(2017, 10, 31)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _first_rows(n=30):
    return list(
        Session.objects.order_by("day", "site__code", "computer__code", "start").values_list(
            "site__code",
            "computer__code",
            "start",
            "end",
            "patron__card_number",
            "guest_pass__code",
            "service",
            "pages_printed",
        )[:n]
    )


def _wipe():
    for model in (Visit, SiteDay, ServiceDay, Session, ManualTally, GuestPass, GuestPassBatch):
        model.objects.all().delete()
    Patron.objects.all().delete()


def _rollups():
    return (
        sorted(Visit.objects.values_list("site_id", "day", "person_key", "sessions")),
        sorted(
            SiteDay.objects.values_list(
                "site_id",
                "day",
                "sessions",
                "visits",
                "tally_visits",
                "tally_users",
                "pages_printed",
            )
        ),
        sorted(ServiceDay.objects.values_list("site_id", "day", "service", "sessions")),
    )


def test_the_same_seed_gives_the_same_usage(demo_network):
    counts = demo_usage_load(seed=7, until=SHORT)
    rows = _first_rows()
    _wipe()

    assert demo_usage_load(seed=7, until=SHORT) == counts
    assert _first_rows() == rows


def test_another_seed_gives_other_usage(demo_network):
    counts = demo_usage_load(seed=7, until=SHORT)
    rows = _first_rows()
    _wipe()

    other = demo_usage_load(seed=8, until=SHORT)

    assert (other, _first_rows()) != (counts, rows)


def test_the_usage_is_marked_as_synthetic(demo_network):
    assert not demo_usage_present()

    demo_usage_load(until=SHORT)

    assert demo_usage_present()


def test_the_usage_is_substantial_but_modest(demo_network):
    counts = demo_usage_load(until=SHORT)

    # Two months of 17 points with sessions: enough for charts, small enough to load fast.
    assert 2_000 < counts["sessions"] < 10_000
    assert counts["patrons"] > 300
    assert counts["guest_passes"] > 0
    assert Session.objects.count() == counts["sessions"]


def test_the_paper_counting_point_has_tallies_and_no_sessions(demo_network):
    demo_usage_load(until=SHORT)

    assert ManualTally.objects.filter(site__code=PAPER_POINT).count() > 30
    assert not Session.objects.filter(site__code=PAPER_POINT).exists()
    assert not ManualTally.objects.exclude(site__code=PAPER_POINT).exists()


def test_the_rollups_equal_a_full_rebuild(demo_network):
    demo_usage_load(until=SHORT)
    loaded = _rollups()

    usage_rollup_rebuild()

    assert _rollups() == loaded
    assert SiteDay.objects.filter(tally_visits__gt=0).exists()


def test_sessions_use_their_points_computers_in_service_that_day(demo_network):
    demo_usage_load(until=SHORT)

    assert not Session.objects.exclude(computer__site=F("site")).exists()
    assert not Session.objects.exclude(computer__kind="computer").exists()
    for change in EquipmentStatusChange.objects.exclude(status="working"):
        following = change.equipment.status_changes.filter(effective_on__gt=change.effective_on)
        until = following.order_by("effective_on").values_list("effective_on", flat=True).first()
        used = Session.objects.filter(computer=change.equipment, day__gte=change.effective_on)
        assert not (used.filter(day__lt=until) if until else used).exists()


def test_no_two_sessions_overlap_on_one_computer(demo_network):
    demo_usage_load(until=SHORT)

    previous = {}
    for computer_id, start, end in Session.objects.order_by("computer_id", "start").values_list(
        "computer_id", "start", "end"
    ):
        assert start >= previous.get(computer_id, start)
        previous[computer_id] = end


def test_a_session_belongs_to_the_local_day_it_starts(demo_network):
    demo_usage_load(until=SHORT)

    for start, day in Session.objects.values_list("start", "day")[:500]:
        assert start.astimezone(LOCAL).date() == day


def test_the_commune_point_closed_in_2019_has_a_closure_and_no_usage(demo_network):
    demo_usage_load(until=dt.date(2019, 7, 31))

    closure = SiteSuspension.objects.get(site__code=CLOSED_POINT)
    assert (closure.start, closure.end) == (CLOSED_FROM, CLOSED_TO)
    during = Session.objects.filter(site__code=CLOSED_POINT, day__range=(CLOSED_FROM, CLOSED_TO))
    assert not during.exists()
    assert Session.objects.filter(site__code=CLOSED_POINT, day__gt=CLOSED_TO).exists()
    assert Session.objects.filter(site__code=CLOSED_POINT, day__lt=CLOSED_FROM).exists()
