"""Availability of a point's Internet line per month, hand-computed in local time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from pacnet.connectivity.selectors import line_availability
from pacnet.connectivity.services import internet_line_add, line_outage_record, line_outage_start
from pacnet.geography.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db
DAY = 24 * 60  # minutes


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def site():
    return SiteFactory()


def line_of(site, active_from=dt.date(2018, 1, 1), active_to=None):
    return internet_line_add(
        actor=None,
        site=site,
        provider="Viettel",
        bandwidth_mbps=Decimal(4),
        monthly_fee=300000,
        active_from=active_from,
        active_to=active_to,
    )


def record(line, start, end):
    return line_outage_record(actor=None, line=line, start=start, end=end)


def months(site, year=2019, now=None):
    return line_availability(site_ids=[site.pk], year=year, now=now or local(2025, 1, 1))[site.pk]


def test_a_month_without_outage_is_fully_available(site):
    line_of(site)
    assert months(site) == [1.0] * 12


def test_an_outage_across_a_month_boundary_is_split_between_the_months(site):
    line = line_of(site)
    record(line, local(2019, 1, 31, 22, 0), local(2019, 2, 1, 4, 0))
    january, february = months(site)[:2]
    assert january == pytest.approx(1 - 120 / (31 * DAY))
    assert february == pytest.approx(1 - 240 / (28 * DAY))


def test_month_boundaries_are_local_midnight_not_utc(site):
    line = line_of(site)
    # 06:30 local on 1 March is still 28 February in UTC: it belongs to March only.
    record(line, local(2019, 3, 1, 0, 0), local(2019, 3, 1, 6, 30))
    values = months(site)
    assert values[1] == 1.0
    assert values[2] == pytest.approx(1 - 390 / (31 * DAY))


def test_an_ongoing_outage_counts_up_to_now_and_the_month_so_far(site):
    line = line_of(site)
    line_outage_start(actor=None, line=line, start=local(2019, 3, 10))
    values = months(site, now=local(2019, 3, 20))
    assert values[:2] == [1.0, 1.0]
    assert values[2] == pytest.approx(1 - 10 / 19)
    assert values[3:] == [None] * 9  # months still to come


def test_an_ongoing_outage_fills_the_months_it_spans(site):
    line = line_of(site)
    line_outage_start(actor=None, line=line, start=local(2019, 3, 30))
    values = months(site, now=local(2019, 4, 5))
    assert values[2] == pytest.approx(1 - 2 / 31)
    assert values[3] == 0.0


def test_an_outage_before_the_contract_counts_only_inside_it(site):
    line = line_of(site, active_from=dt.date(2019, 3, 15))
    record(line, local(2019, 3, 10), local(2019, 3, 16, 12, 0))
    values = months(site)
    assert values[:2] == [None, None]  # no contract yet
    assert values[2] == pytest.approx(1 - 1.5 / 17)


def test_a_contract_ending_mid_month_counts_its_own_days_only(site):
    line = line_of(site, active_to=dt.date(2019, 6, 10))
    record(line, local(2019, 6, 9), local(2019, 6, 12))
    values = months(site)
    assert values[5] == pytest.approx(1 - 2 / 10)
    assert values[6:] == [None] * 6


def test_a_point_without_a_line_has_no_figure():
    site = SiteFactory()
    assert months(site) == [None] * 12


def test_the_query_count_does_not_grow_with_points_or_outages(django_assert_num_queries):
    sites = [SiteFactory() for _ in range(5)]
    for number, site in enumerate(sites):
        line = line_of(site)
        for day in range(1, number + 2):
            record(line, local(2019, 5, day), local(2019, 5, day, 3))
    with django_assert_num_queries(2):
        figures = line_availability(
            site_ids=[s.pk for s in sites], year=2019, now=local(2025, 1, 1)
        )
    assert figures[sites[4].pk][4] == pytest.approx(1 - 5 * 3 * 60 / (31 * DAY))
