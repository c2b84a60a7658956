"""Effective point-months and effective point-years, with BRIEF.md's default thresholds."""

import datetime as dt

import pytest

from pacnet.geography.services import site_suspend
from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.effective import points_year, required_effective_months
from pacnet.indicators.tests.builders import computers, patron, tally, visits_on_days
from pacnet.inventory.services import equipment_status_change
from pacnet.plans.selectors import Thresholds

pytestmark = pytest.mark.django_db

AFTER_2019 = dt.date(2020, 1, 15)  # every month of 2019 has ended
ALL_MONTHS = list(range(1, 13))


def year_of(point, *, today=AFTER_2019, thresholds=None):
    (result,) = points_year(
        site_ids=[point.pk], year=2019, today=today, thresholds=thresholds or Thresholds()
    )
    return result


def point_with(computer_count=5, **site):
    point = SiteFactory(**site)
    computers(point, computer_count)
    return point


def break_down(point, count, status="faulty", day=dt.date(2019, 3, 31)):
    for item in point.equipment.order_by("code")[:count]:
        equipment_status_change(actor=None, item=item, status=status, effective_on=day)


# --- Days with a visit ----------------------------------------------------------------


def test_a_month_with_exactly_15_days_with_a_visit_is_effective():
    point = point_with()
    visits_on_days(point, patron(), 2019, 3, days=15)
    assert 3 in year_of(point).effective_months


def test_a_month_with_14_days_with_a_visit_is_not():
    point = point_with()
    visits_on_days(point, patron(), 2019, 3, days=14)
    assert 3 not in year_of(point).effective_months


def test_a_tallied_day_with_visits_counts_as_a_day_with_a_visit():
    point = point_with()
    visits_on_days(point, patron(), 2019, 3, days=14)
    tally(point, dt.date(2019, 3, 20), visits=2, users=1)
    assert 3 in year_of(point).effective_months


def test_a_tallied_day_with_no_visit_does_not_count():
    point = point_with()
    visits_on_days(point, patron(), 2019, 3, days=14)
    tally(point, dt.date(2019, 3, 20), visits=0, users=0)
    assert 3 not in year_of(point).effective_months


def test_repeat_visits_on_one_day_count_one_day():
    point, person = point_with(), patron()
    visits_on_days(point, person, 2019, 3, days=14)
    visits_on_days(point, patron(), 2019, 3, days=14, hour=15)  # same days, another person
    assert year_of(point).days_with_visit[3] == 14


# --- Computers in working order at the month's last day ------------------------------


def test_3_of_5_computers_working_is_60_percent_and_meets_the_threshold():
    point = point_with(5)
    visits_on_days(point, patron(), 2019, 3, days=20)
    break_down(point, 2)
    result = year_of(point)
    assert result.computers[3] == (3, 5)
    assert 3 in result.effective_months


def test_2_of_5_computers_working_fails_the_month():
    point = point_with(5)
    visits_on_days(point, patron(), 2019, 3, days=20)
    break_down(point, 3)
    assert 3 not in year_of(point).effective_months


def test_only_the_month_s_last_day_matters_for_computers():
    point = point_with(5)
    visits_on_days(point, patron(), 2019, [3, 4], days=20)
    break_down(point, 3, day=dt.date(2019, 3, 10))
    break_down(point, 3, status="working", day=dt.date(2019, 3, 31))  # repaired in time
    break_down(point, 3, day=dt.date(2019, 4, 30))  # broken on April's last day
    result = year_of(point)
    assert 3 in result.effective_months and 4 not in result.effective_months


def test_retired_computers_are_not_counted():
    point = point_with(5)
    visits_on_days(point, patron(), 2019, 3, days=20)
    break_down(point, 2, status="retired", day=dt.date(2019, 2, 1))
    items = point.equipment.order_by("code")
    equipment_status_change(
        actor=None, item=items[2], status="faulty", effective_on=dt.date(2019, 3, 1)
    )
    result = year_of(point)
    assert result.computers[3] == (2, 3)  # 2 of 3 in service: 67 % (2 of 5 would be 40 %)
    assert 3 in result.effective_months


def test_a_point_with_no_computer_fails_every_month():
    point = SiteFactory()
    for day in range(1, 21):
        tally(point, dt.date(2019, 3, day), visits=5, users=5)
    result = year_of(point)
    assert result.computers[3] == (0, 0)
    assert result.effective_months == []


# --- Counted months -------------------------------------------------------------------


def test_only_ended_months_are_counted():
    point = point_with()
    assert year_of(point, today=dt.date(2019, 7, 1)).counted_months == [1, 2, 3, 4, 5, 6]
    assert year_of(point, today=dt.date(2019, 6, 30)).counted_months == [1, 2, 3, 4, 5]


def test_a_point_opened_mid_year_counts_from_its_first_full_month():
    assert year_of(point_with(opened_on=dt.date(2019, 3, 15))).counted_months == ALL_MONTHS[3:]
    assert year_of(point_with(opened_on=dt.date(2019, 4, 1))).counted_months == ALL_MONTHS[3:]


def test_a_point_closed_in_the_year_counts_until_its_last_full_month():
    # closed_on is the first day closed
    closed_october = point_with(closed_on=dt.date(2019, 10, 1))
    assert year_of(closed_october).counted_months == ALL_MONTHS[:9]
    closed_30_september = point_with(closed_on=dt.date(2019, 9, 30))
    assert year_of(closed_30_september).counted_months == ALL_MONTHS[:8]


def test_a_point_closed_four_months_does_not_count_them():
    point = point_with()
    site_suspend(actor=None, site=point, start=dt.date(2019, 5, 1), end=dt.date(2019, 8, 31))
    assert year_of(point).counted_months == [1, 2, 3, 4, 9, 10, 11, 12]


def test_a_closure_across_month_ends_removes_every_month_it_touches():
    point = point_with()
    site_suspend(actor=None, site=point, start=dt.date(2019, 5, 20), end=dt.date(2019, 9, 5))
    assert year_of(point).counted_months == [1, 2, 3, 4, 10, 11, 12]


# --- The effective year ---------------------------------------------------------------


@pytest.mark.parametrize(("counted", "required"), [(12, 9), (9, 7), (8, 6), (4, 3), (1, 1)])
def test_required_effective_months_is_ceil_of_three_quarters(counted, required):
    assert required_effective_months(counted, Thresholds().effective_months_share) == required


def test_9_effective_months_of_12_make_an_effective_year():
    point = point_with()
    visits_on_days(point, patron(), 2019, range(1, 10), days=15)
    result = year_of(point)
    assert (len(result.effective_months), result.required_months) == (9, 9)
    assert result.effective


def test_8_effective_months_of_12_do_not():
    point = point_with()
    visits_on_days(point, patron(), 2019, range(1, 9), days=15)
    assert not year_of(point).effective


def test_a_point_opened_in_march_needs_7_of_its_9_counted_months():
    point = point_with(opened_on=dt.date(2019, 3, 15))
    visits_on_days(point, patron(), 2019, range(4, 10), days=15)  # April–September: 6
    assert not year_of(point).effective
    visits_on_days(point, patron(), 2019, 10, days=15)
    assert year_of(point).effective


def test_thresholds_come_from_the_plan_given():
    point = point_with()
    visits_on_days(point, patron(), 2019, 3, days=10)
    assert 3 not in year_of(point).effective_months
    lenient = Thresholds(days_with_visit_min=10)
    assert 3 in year_of(point, thresholds=lenient).effective_months
