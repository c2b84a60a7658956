"""The rollups the indicators read: visits per person, point and local day, kept exact."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.models import ServiceDay, SiteDay, SiteMonth, SiteYear, Visit
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.usage import services
from pacnet.usage.models import Session
from pacnet.usage.rollups import usage_rollup_rebuild, usage_rollup_refresh
from pacnet.usage.tests.factories import (
    GuestPassFactory,
    ManualTallyFactory,
    PatronFactory,
    SessionFactory,
)

DAY = dt.date(2019, 3, 4)


def at(hour: int, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def points(db):
    """Two points, A and B, with one computer each."""
    found = {}
    for code in ("A", "B"):
        site = SiteFactory(code=f"X-{code}")
        found[code] = (site, EquipmentFactory(code=f"X-{code}-PC01", site=site))
    return found


def session(points, code, hour, person=None, guest=None, **kwargs):
    site, computer = points[code]
    extra = {"guest_pass": guest, "patron": None} if guest else {"patron": person}
    return SessionFactory(site=site, computer=computer, start=at(hour), **extra, **kwargs)


def site_day(points, code):
    return SiteDay.objects.get(site=points[code][0], day=DAY)


def test_two_sessions_of_one_person_at_one_point_on_one_day_are_one_visit(points):
    patron = PatronFactory()
    session(points, "A", 9, patron)
    session(points, "A", 14, patron)
    row = site_day(points, "A")
    assert (row.sessions, row.visits) == (2, 1)
    assert Visit.objects.get().sessions == 2


def test_one_person_at_two_points_on_one_day_is_two_visits(points):
    patron = PatronFactory()
    session(points, "A", 9, patron)
    session(points, "B", 9, patron)
    assert (site_day(points, "A").visits, site_day(points, "B").visits) == (1, 1)
    assert set(Visit.objects.values_list("person_key", flat=True)) == {f"p{patron.pk}"}


def test_each_guest_pass_is_a_person(points):
    session(points, "A", 9, guest=GuestPassFactory())
    session(points, "A", 10, guest=GuestPassFactory())
    assert site_day(points, "A").visits == 2
    assert all(key.startswith("g") for key in Visit.objects.values_list("person_key", flat=True))


def test_a_tally_is_added_as_it_is(points):
    session(points, "A", 9, PatronFactory())
    ManualTallyFactory(site=points["A"][0], day=DAY, visits=10, users=7)
    row = site_day(points, "A")
    assert (row.visits, row.tally_visits, row.tally_users) == (1, 10, 7)


def test_sessions_are_counted_by_service(points):
    session(points, "A", 9, PatronFactory(), service="web")
    session(points, "A", 10, PatronFactory(), service="web")
    session(points, "A", 11, PatronFactory())
    assert dict(ServiceDay.objects.values_list("service", "sessions")) == {"web": 2, "": 1}


def test_deleting_a_session_updates_the_rollups(points):
    patron = PatronFactory()
    first = session(points, "A", 9, patron)
    session(points, "A", 14, patron)
    services.session_delete(actor=None, session=first)
    row = site_day(points, "A")
    assert (row.sessions, row.visits) == (1, 1)


def test_deleting_the_last_session_of_a_day_removes_its_rollups(points):
    services.session_delete(actor=None, session=session(points, "A", 9, PatronFactory()))
    assert not SiteDay.objects.exists() and not Visit.objects.exists()


def test_a_midnight_crossing_session_counts_on_the_day_it_starts(points):
    site, computer = points["A"]
    new_year = dt.date(2019, 12, 31)
    SessionFactory(
        site=site,
        computer=computer,
        start=at(23, new_year).replace(minute=30),
        end=at(0, dt.date(2020, 1, 1)).replace(minute=40),
    )
    assert list(SiteDay.objects.values_list("day", "sessions")) == [(new_year, 1)]


def rollup_rows():
    return (
        sorted(Visit.objects.values_list("site", "day", "person_key", "patron", "sessions")),
        sorted(
            SiteDay.objects.values_list(
                "site", "day", "sessions", "visits", "tally_visits", "tally_users", "pages_printed"
            )
        ),
        sorted(ServiceDay.objects.values_list("site", "day", "service", "sessions")),
        sorted(SiteMonth.objects.values_list(*MONTH_COLUMNS)),
        sorted(SiteYear.objects.values_list("site", "year", "persons")),
    )


MONTH_COLUMNS = (
    "site",
    "month",
    "sessions",
    "visits",
    "tally_visits",
    "tally_users",
    "pages_printed",
    "days_with_visit",
    "persons",
)


def test_a_rebuild_gives_the_same_rows_as_the_incremental_refresh(points):
    patron, guest = PatronFactory(), GuestPassFactory()
    session(points, "A", 9, patron, service="web", pages_printed=3)
    session(points, "A", 11, patron)
    session(points, "B", 9, patron)
    session(points, "B", 11, guest=guest, service="learning")
    ManualTallyFactory(site=points["B"][0], day=DAY + dt.timedelta(days=1), visits=4, users=3)
    incremental = rollup_rows()
    assert usage_rollup_rebuild() == 3
    assert rollup_rows() == incremental


def test_a_month_adds_up_its_days_and_counts_its_persons_once(points):
    patron = PatronFactory()
    session(points, "A", 9, patron, pages_printed=2)
    session(points, "A", 11, guest=GuestPassFactory())
    SessionFactory(
        site=points["A"][0],
        computer=points["A"][1],
        patron=patron,
        start=at(9, DAY + dt.timedelta(days=1)),
    )
    ManualTallyFactory(site=points["A"][0], day=DAY + dt.timedelta(days=2), visits=4, users=3)
    month = SiteMonth.objects.get(site=points["A"][0])
    assert month.month == dt.date(2019, 3, 1)
    assert (month.sessions, month.visits, month.persons, month.pages_printed) == (3, 3, 2, 2)
    assert (month.tally_visits, month.tally_users, month.days_with_visit) == (4, 3, 3)


def test_every_refresh_of_a_point_year_bumps_its_version(points):
    session(points, "A", 9, PatronFactory())
    first = SiteYear.objects.get(site=points["A"][0], year=2019).version
    session(points, "A", 11, PatronFactory())
    year = SiteYear.objects.get(site=points["A"][0], year=2019)
    assert (year.persons, year.version) == (2, first + 1)


def test_deleting_the_last_session_of_a_month_removes_the_month_but_keeps_the_year(points):
    services.session_delete(actor=None, session=session(points, "A", 9, PatronFactory()))
    assert not SiteMonth.objects.exists()
    assert SiteYear.objects.get(site=points["A"][0], year=2019).persons == 0


def raw_sessions(site_days, patron):
    """Sessions written without refreshing the rollups, as a bulk import writes them."""
    rows = []
    for site, computer, day in site_days:
        start = at(9, day)
        rows.append(
            Session(site=site, computer=computer, patron=patron, start=start, end=None, day=day)
        )
    Session.objects.bulk_create(rows)


def test_one_refresh_of_many_points_and_days_equals_a_rebuild(db):
    """Points touching the same days are refreshed together; far-apart months stay apart."""
    patron = PatronFactory()
    pcs = [EquipmentFactory(site=SiteFactory(code=f"X-{n}")) for n in range(4)]
    same_days = [DAY, DAY + dt.timedelta(days=1)]
    other_days = [dt.date(2019, 12, 31), dt.date(2021, 1, 2)]
    wanted = [(pc.site, pc, day) for pc in pcs[:3] for day in same_days]
    wanted += [(pcs[3].site, pcs[3], day) for day in other_days]
    raw_sessions(wanted, patron)
    usage_rollup_refresh(site_days=[(site.pk, day) for site, _pc, day in wanted])
    refreshed = rollup_rows()
    usage_rollup_rebuild()
    assert rollup_rows() == refreshed
    assert len(refreshed[1]) == 8  # a SiteDay for every pair
    assert SiteYear.objects.filter(site=pcs[3].site).count() == 2  # 2019 and 2021, not 2020


def test_a_refresh_costs_the_same_queries_for_one_point_as_for_twenty(db):
    patron = PatronFactory()
    pcs = [EquipmentFactory(site=SiteFactory(code=f"X-{n:02d}")) for n in range(21)]
    raw_sessions([(pc.site, pc, DAY) for pc in pcs], patron)
    costs = []
    for some in (pcs[:1], pcs[1:]):
        with CaptureQueriesContext(connection) as captured:
            usage_rollup_refresh(site_days=[(pc.site_id, DAY) for pc in some])
        costs.append(len(captured))
    assert costs[0] == costs[1]
