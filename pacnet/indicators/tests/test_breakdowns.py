"""Breakdowns by gender, age band, group and service; guests and tallies are "unknown"."""

import datetime as dt

import pytest

from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.breakdowns import age_band, breakdowns
from pacnet.indicators.tests.builders import guest, patron, session, tally

YEAR_2019 = {"start": dt.date(2019, 1, 1), "end": dt.date(2019, 12, 31)}
END_2019 = dt.date(2019, 12, 31)


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (2005, "<15"),  # 14 at the period's end
        (2004, "15-24"),
        (1995, "15-24"),
        (1994, "25-59"),
        (1960, "25-59"),
        (1959, "60+"),
        (None, "unknown"),
    ],
)
def test_age_band_is_the_age_reached_in_the_period_s_last_year(birth_year, band):
    assert age_band(birth_year, END_2019) == band


@pytest.fixture
def usage_2019(db):
    """Lan (woman, born 2000, student, ethnic minority): 2 visits; Minh (man, born 1950,
    farmer): 1; a patron who gave nothing: 1; a guest: 1; a tally of 4 visits, 3 users."""
    point = SiteFactory()
    lan = patron(gender="female", birth_year=2000, student=True, ethnic_minority=True)
    minh = patron(gender="male", birth_year=1950, farmer=True)
    session(point, lan, dt.datetime(2019, 3, 1, 8, 0), service="internet")
    session(point, lan, dt.datetime(2019, 3, 2, 8, 0), service="internet")
    session(point, minh, dt.datetime(2019, 3, 1, 9, 0), service="elearning")
    session(point, patron(), dt.datetime(2019, 3, 1, 10, 0))
    session(point, guest(), dt.datetime(2019, 3, 3, 8, 0), service="internet")
    tally(point, dt.date(2019, 3, 4), visits=4, users=3)
    return point


def test_by_gender_guests_and_tallies_are_unknown_and_rows_add_up(usage_2019):
    gender = breakdowns(site_ids=[usage_2019.pk], **YEAR_2019).gender
    assert gender == {
        "female": {"visits": 2, "users": 1},
        "male": {"visits": 1, "users": 1},
        "other": {"visits": 0, "users": 0},
        "unknown": {"visits": 1 + 1 + 4, "users": 1 + 1 + 3},
    }


def test_by_age_band_at_the_period_s_end(usage_2019):
    ages = breakdowns(site_ids=[usage_2019.pk], **YEAR_2019).age_band
    assert ages == {
        "<15": {"visits": 0, "users": 0},
        "15-24": {"visits": 2, "users": 1},  # Lan is 19 at the end of 2019
        "25-59": {"visits": 0, "users": 0},
        "60+": {"visits": 1, "users": 1},  # Minh is 69
        "unknown": {"visits": 6, "users": 5},
    }


def test_by_group_a_person_counts_in_each_of_their_groups(usage_2019):
    group = breakdowns(site_ids=[usage_2019.pk], **YEAR_2019).group
    assert group["student"] == group["ethnic_minority"] == {"visits": 2, "users": 1}
    assert group["farmer"] == {"visits": 1, "users": 1}
    assert group["poor_household"] == group["disability"] == {"visits": 0, "users": 0}


def test_by_service_counts_sessions(usage_2019):
    service = breakdowns(site_ids=[usage_2019.pk], **YEAR_2019).service
    assert service == {"": 1, "elearning": 1, "internet": 3}
