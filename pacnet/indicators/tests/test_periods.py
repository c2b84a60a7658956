"""Indicators for a month, a quarter or a plan's period (BRIEF.md's rules on whole months)."""

import datetime as dt
import io
import json
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command

from pacnet.core.errors import DomainError
from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.periods import Period, period_indicators
from pacnet.indicators.tests.builders import computers, patron, tally, visits_on_days
from pacnet.plans.services import plan_create

pytestmark = pytest.mark.django_db

AFTER_2019 = dt.date(2020, 1, 15)


def test_a_quarter_is_its_three_months():
    quarter = Period.parse("2019-Q2")
    assert (quarter.start, quarter.end) == (dt.date(2019, 4, 1), dt.date(2019, 6, 30))
    assert quarter.months() == {2019: [4, 5, 6]}


def test_a_month_is_from_its_first_to_its_last_day():
    february = Period.parse("2020-02")
    assert (february.start, february.end) == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))


def test_a_plan_period_is_widened_to_whole_months():
    plan = plan_create(
        actor=None, name="484/KH-UBND", start=dt.date(2017, 9, 13), end=dt.date(2020, 12, 31)
    )
    period = Period.parse(f"plan:{plan.pk}")
    assert period.start == dt.date(2017, 9, 1)
    assert list(period.months()) == [2017, 2018, 2019, 2020]
    assert period.months()[2017] == [9, 10, 11, 12]


@pytest.mark.parametrize("text", ["2019-13", "2019-Q5", "last year", "plan:999"])
def test_an_unknown_period_is_refused_with_the_accepted_forms(text):
    with pytest.raises(DomainError, match="2019-Q2"):
        Period.parse(text)


def test_in_a_quarter_a_point_is_effective_with_ceil_of_three_quarters_of_its_months():
    steady, patchy = SiteFactory(code="X-STEADY"), SiteFactory(code="X-PATCHY")
    for point in (steady, patchy):
        computers(point, 2)
    visits_on_days(steady, patron(), 2019, [4, 5, 6], days=15)
    visits_on_days(patchy, patron(), 2019, [4, 5], days=15)  # 2 of 3 < ceil(0.75 × 3) = 3
    result = period_indicators(period=Period.parse("2019-Q2"), today=AFTER_2019)
    rows = {p.point: (p.effective_months, p.counted_months, p.effective) for p in result.points}
    assert rows == {"X-PATCHY": (2, 3, False), "X-STEADY": (3, 3, True)}
    assert result.effective_share == Fraction(1, 2)


def test_a_quarter_grows_on_the_same_quarter_a_year_earlier():
    point = SiteFactory()
    tally(point, dt.date(2018, 5, 2), visits=100, users=50)
    tally(point, dt.date(2018, 8, 2), visits=999, users=999)  # another quarter
    tally(point, dt.date(2019, 5, 2), visits=110, users=52)
    result = period_indicators(period=Period.parse("2019-Q2"), scope=point, today=AFTER_2019)
    assert (result.visits, result.users) == (110, 52)
    assert result.visits_growth == Fraction(10, 100)
    assert result.users_growth == Fraction(2, 50)


def test_a_month_not_yet_ended_is_not_counted():
    point = SiteFactory()
    computers(point, 1)
    visits_on_days(point, patron(), 2019, 6, days=20)
    result = period_indicators(period=Period.parse("2019-06"), today=dt.date(2019, 6, 25))
    assert result.sessions == 20 and result.counted_points == 0


def test_a_plan_period_adds_up_its_months_and_judges_each_of_its_years():
    plan = plan_create(
        actor=None, name="2018–2019", start=dt.date(2018, 3, 1), end=dt.date(2019, 12, 31)
    )
    point = SiteFactory()
    tally(point, dt.date(2018, 1, 5), visits=7, users=7)  # before the plan
    tally(point, dt.date(2018, 5, 2), visits=100, users=50)
    tally(point, dt.date(2019, 5, 2), visits=105, users=60)
    result = period_indicators(period=Period.of_plan(plan), scope=point, today=AFTER_2019)
    assert (result.visits, result.users) == (205, 110)
    assert result.visits_growth is None  # yearly targets: judged year by year below
    assert [(y.year, y.status["visits_growth"]) for y in result.years] == [
        (2018, None),
        (2019, "missed"),  # 105 / 107 − 1 < 5 %
    ]


def run(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_quarter_as_json():
    point = SiteFactory(code="X-Q")
    tally(point, dt.date(2019, 5, 2), visits=10, users=4)
    data = json.loads(
        run("--period", "2019-Q2", "--scope", "X-Q", "--format", "json", "--today", "2020-01-15")
    )
    assert (data["period"], data["start"], data["end"]) == ("2019-Q2", "2019-04-01", "2019-06-30")
    assert (data["visits"], data["users"], data["points"][0]["point"]) == (10, 4, "X-Q")


def test_the_command_refuses_an_unknown_period():
    with pytest.raises(CommandError, match="2019-Q2"):
        run("--period", "Q2", "--format", "json")
