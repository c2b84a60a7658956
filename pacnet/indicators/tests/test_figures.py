"""Sessions, visits and users (BRIEF.md), read from the rollups, with hand-computed figures."""

import datetime as dt

import pytest

from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.selectors import Figures, figures_by_point, monthly_series, period_figures
from pacnet.indicators.tests.builders import guest, patron, session, tally

pytestmark = pytest.mark.django_db

YEAR_2019 = {"start": dt.date(2019, 1, 1), "end": dt.date(2019, 12, 31)}


@pytest.fixture
def march_2019():
    """Lan: 2 sessions at P1 and 1 at P2 on 4 March; Minh: 23:30 on 4 March for 90 minutes;
    a guest pass: 5 and 6 March at P1; P2's paper tally of 7 March: 10 visits, 6 users."""
    p1, p2 = SiteFactory(code="P1"), SiteFactory(code="P2")
    lan, minh, pass_ = patron(), patron(), guest()
    session(p1, lan, dt.datetime(2019, 3, 4, 9, 0))
    session(p1, lan, dt.datetime(2019, 3, 4, 14, 0))
    session(p2, lan, dt.datetime(2019, 3, 4, 16, 0))
    session(p1, minh, dt.datetime(2019, 3, 4, 23, 30), minutes=90)
    session(p1, pass_, dt.datetime(2019, 3, 5, 10, 0))
    session(p1, pass_, dt.datetime(2019, 3, 6, 10, 0))
    tally(p2, dt.date(2019, 3, 7), visits=10, users=6)
    return p1, p2


def test_network_figures_count_sessions_visits_and_distinct_users(march_2019):
    p1, p2 = march_2019
    # sessions 2+1+1+2 = 6; visits 1 (Lan@P1) + 1 (Lan@P2) + 1 (Minh) + 2 (guest) + 10 = 15;
    # users: Lan, Minh, the guest pass = 3, plus 6 tallied = 9.
    assert period_figures(site_ids=[p1.pk, p2.pk], **YEAR_2019) == Figures(6, 15, 9)


def test_repeat_sessions_on_one_day_at_one_point_are_one_visit(march_2019):
    p1, _p2 = march_2019
    figures = period_figures(site_ids=[p1.pk], start=dt.date(2019, 3, 4), end=dt.date(2019, 3, 4))
    assert figures == Figures(sessions=3, visits=2, users=2)  # Lan twice and Minh


def test_one_person_at_two_points_is_two_visits_but_one_user_of_the_network(march_2019):
    p1, p2 = march_2019
    day = {"start": dt.date(2019, 3, 4), "end": dt.date(2019, 3, 4)}
    by_point = figures_by_point(site_ids=[p1.pk, p2.pk], **day)
    assert by_point[p1.pk].users == 2 and by_point[p2.pk].users == 1
    assert period_figures(site_ids=[p1.pk, p2.pk], **day) == Figures(4, 3, 2)


def test_a_guest_pass_is_one_person_over_the_period(march_2019):
    p1, _p2 = march_2019
    figures = period_figures(site_ids=[p1.pk], start=dt.date(2019, 3, 5), end=dt.date(2019, 3, 6))
    assert figures == Figures(sessions=2, visits=2, users=1)


def test_tallies_are_added_as_they_are(march_2019):
    _p1, p2 = march_2019
    assert figures_by_point(site_ids=[p2.pk], **YEAR_2019)[p2.pk] == Figures(1, 11, 7)


def test_a_session_crossing_midnight_belongs_to_the_day_it_starts():
    point, person = SiteFactory(), patron()
    session(point, person, dt.datetime(2019, 12, 31, 23, 30), minutes=90)
    assert period_figures(site_ids=[point.pk], **YEAR_2019) == Figures(1, 1, 1)
    next_year = {"start": dt.date(2020, 1, 1), "end": dt.date(2020, 12, 31)}
    assert period_figures(site_ids=[point.pk], **next_year) == Figures(0, 0, 0)


def test_a_local_morning_is_counted_on_its_local_day():
    point, person = SiteFactory(), patron()
    session(point, person, dt.datetime(2020, 1, 1, 6, 0))  # 31 Dec 23:00 UTC
    assert period_figures(site_ids=[point.pk], **YEAR_2019) == Figures(0, 0, 0)


def test_monthly_series_gives_twelve_months_with_users_distinct_within_each():
    point, lan, pass_ = SiteFactory(), patron(), guest()
    session(point, lan, dt.datetime(2019, 1, 10, 9, 0))
    session(point, lan, dt.datetime(2019, 2, 10, 9, 0))
    session(point, lan, dt.datetime(2019, 2, 10, 15, 0))
    session(point, pass_, dt.datetime(2019, 2, 11, 9, 0))
    tally(point, dt.date(2019, 2, 12), visits=3, users=2)
    series = monthly_series(site_ids=[point.pk], year=2019)
    assert len(series) == 12
    assert series[0] == {"month": 1, "sessions": 1, "visits": 1, "users": 1}
    # February: 3 sessions; visits Lan 1 + guest 1 + 3 tallied; users 2 + 2 tallied.
    assert series[1] == {"month": 2, "sessions": 3, "visits": 5, "users": 4}
    assert series[2] == {"month": 3, "sessions": 0, "visits": 0, "users": 0}
