"""A set of points' monthly figures for a year: distinct users exact, cached until a write."""

import datetime as dt

import pytest

from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.models import SiteSetYear
from pacnet.indicators.site_sets import site_set_months, site_sets_months
from pacnet.indicators.tests.builders import patron, session, tally, visits_on_days

pytestmark = pytest.mark.django_db


def months_of(points, year=2019):
    return site_set_months(site_ids=[p.pk for p in points], year=year)


def test_a_person_at_two_points_in_one_month_is_one_user_of_the_set():
    a, b, someone = SiteFactory(), SiteFactory(), patron()
    session(a, someone, dt.datetime(2019, 3, 4, 9))
    session(b, someone, dt.datetime(2019, 3, 5, 9))
    march = months_of([a, b])[2]
    assert (march["sessions"], march["visits"], march["users"]) == (2, 2, 1)


def test_users_to_date_count_each_person_from_the_first_month_they_came():
    point, regular, newcomer = SiteFactory(), patron(), patron()
    session(point, regular, dt.datetime(2019, 1, 7, 9))
    session(point, regular, dt.datetime(2019, 3, 4, 9))
    session(point, newcomer, dt.datetime(2019, 3, 5, 9))
    to_date = [m["persons_to_date"] for m in months_of([point])]
    assert to_date == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]


def test_tallied_users_are_added_month_by_month():
    point = SiteFactory()
    tally(point, dt.date(2019, 2, 1), visits=5, users=4)
    tally(point, dt.date(2019, 2, 2), visits=3, users=2)
    months = months_of([point])
    assert (months[1]["users"], months[1]["visits"]) == (6, 8)
    assert months[11]["tally_users_to_date"] == 6


def test_the_figures_are_kept_and_read_back_while_nothing_changes(django_assert_num_queries):
    point = SiteFactory()
    session(point, patron(), dt.datetime(2019, 3, 4, 9))
    first = months_of([point])
    with django_assert_num_queries(2):  # the fill marker and the kept figures
        assert months_of([point]) == first
    assert SiteSetYear.objects.count() == 1


def test_a_write_at_one_point_of_the_set_recounts_it():
    a, b = SiteFactory(), SiteFactory()
    session(a, patron(), dt.datetime(2019, 3, 4, 9))
    assert months_of([a, b])[2]["users"] == 1
    session(b, patron(), dt.datetime(2019, 3, 4, 9))
    assert months_of([a, b])[2]["users"] == 2


def test_a_write_at_a_point_outside_the_set_keeps_its_figures(django_assert_num_queries):
    a, b = SiteFactory(), SiteFactory()
    session(a, patron(), dt.datetime(2019, 3, 4, 9))
    months_of([a])
    session(b, patron(), dt.datetime(2019, 3, 4, 9))
    with django_assert_num_queries(2):
        assert months_of([a])[2]["users"] == 1


def test_an_empty_set_has_twelve_empty_months():
    months = site_set_months(site_ids=[], year=2019)
    assert len(months) == 12 and all(m["users"] == 0 for m in months)


def test_the_same_set_asked_twice_is_counted_once_and_read_alike(django_assert_max_num_queries):
    site = SiteFactory()
    visits_on_days(site, patron(), 2019, 3, days=2)
    with django_assert_max_num_queries(6):  # markers, kept sets, one count (3 queries), write
        first, second = site_sets_months([([site.pk], 2019), ([site.pk], 2019)])
    assert first == second and first[2]["visits"] == 2
