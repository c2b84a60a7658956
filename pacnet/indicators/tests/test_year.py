"""A year's indicators for a scope: growth, effective share, status against the plan."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.selectors import year_indicators
from pacnet.indicators.tests.builders import computers, patron, session, tally, visits_on_days
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.selectors import plan_for_year, plan_in_force, thresholds_for_year
from pacnet.plans.services import plan_create

pytestmark = pytest.mark.django_db

AFTER_2019 = dt.date(2020, 1, 15)


def test_growth_is_none_when_the_previous_year_is_zero():
    point = SiteFactory()
    tally(point, dt.date(2019, 5, 2), visits=10, users=4)
    result = year_indicators(year=2019, scope=point, today=AFTER_2019)
    assert result.users_growth is None and result.visits_growth is None
    assert result.as_dict()["visits_growth"] is None
    assert result.status["visits_growth"] is None


def test_growth_is_this_year_over_the_previous_minus_one():
    point = SiteFactory()
    tally(point, dt.date(2018, 5, 2), visits=200, users=100)
    tally(point, dt.date(2019, 5, 2), visits=210, users=102)
    result = year_indicators(year=2019, scope=point, today=AFTER_2019)
    assert result.visits_growth == Fraction(5, 100)  # 210 / 200 − 1
    assert result.users_growth == Fraction(2, 100)  # 102 / 100 − 1
    assert result.as_dict()["visits_growth"] == 0.05
    assert result.as_dict()["users_growth"] == 0.02


def test_an_ended_year_is_met_at_exactly_the_target_and_missed_below():
    demo_plan_load()  # 2019: judged against plan 484/KH-UBND
    point = SiteFactory()
    tally(point, dt.date(2018, 5, 2), visits=200, users=100)
    tally(point, dt.date(2019, 5, 2), visits=210, users=102)
    status = year_indicators(year=2019, scope=point, today=AFTER_2019).status
    assert status["visits_growth"] == "met"  # +5 % meets 5–7 %
    assert status["users_growth"] == "missed"  # +2 % < 3 %


def test_a_year_in_progress_is_judged_on_the_months_ended_against_the_same_months_before():
    demo_plan_load()  # 2019: judged against plan 484/KH-UBND
    point = SiteFactory()
    tally(point, dt.date(2018, 3, 1), visits=100, users=100)
    tally(point, dt.date(2018, 9, 1), visits=1000, users=1000)  # after the cut: not compared
    tally(point, dt.date(2019, 3, 1), visits=104, users=103)
    result = year_indicators(year=2019, scope=point, today=dt.date(2019, 7, 1))
    assert result.status == {
        "users_growth": "met",  # +3 % on track
        "visits_growth": "at_risk",  # +4 % so far
        "effective_share": "at_risk",  # no effective point so far
    }
    assert not result.year_ended
    assert result.visits_growth == Fraction(104, 1100) - 1  # the definition, year to date
    assert result.months_ended == 6
    assert result.growth_so_far == {
        "users_growth": Fraction(3, 100),
        "visits_growth": Fraction(4, 100),
    }


def test_the_effective_share_counts_only_points_with_a_counted_month():
    opened_in_december = SiteFactory(opened_on=dt.date(2019, 12, 10))
    working = SiteFactory()
    computers(working, 5)
    visits_on_days(working, patron(), 2019, range(1, 10), days=15)
    tally(opened_in_december, dt.date(2019, 12, 20), visits=3, users=3)
    result = year_indicators(year=2019, today=AFTER_2019)
    assert (result.counted_points, result.effective_points) == (1, 1)
    assert result.effective_share == 1
    assert [p.point for p in result.points] == [working.code]
    assert result.visits == 9 * 15 + 3  # its usage still counts in the totals


def test_effective_share_is_none_without_counted_points():
    point = SiteFactory(opened_on=dt.date(2019, 12, 10))
    result = year_indicators(year=2019, scope=point, today=AFTER_2019)
    assert result.effective_share is None and result.status["effective_share"] is None


def test_a_unit_of_2019_keeps_its_points_after_the_2025_reform(demo_network):
    krongno = AdministrativeUnit.objects.get(code="DNO-KRONGNO")
    sites = {s.code: s for s in Site.objects.filter(code__in=["TV-KRONGNO", "X-NAMDA", "X-DAKDRO"])}
    visits_on_days(sites["X-NAMDA"], patron(), 2019, range(1, 13), days=15)
    visits_on_days(sites["TV-KRONGNO"], patron(), 2019, range(1, 10), days=15)
    visits_on_days(sites["X-DAKDRO"], patron(), 2019, range(1, 9), days=15)
    result = year_indicators(year=2019, scope=krongno, today=dt.date(2026, 1, 15)).as_dict()
    assert result["scope"] == "DNO-KRONGNO"
    assert [p["point"] for p in result["points"]] == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]
    assert result["sessions"] == result["visits"] == 15 * (12 + 9 + 8)
    assert result["users"] == 3
    assert (result["counted_points"], result["effective_points"]) == (3, 2)
    assert result["effective_share"] == 0.6667  # 2 / 3, rounded to 4 decimals
    assert {p["point"]: p["effective_months"] for p in result["points"]} == {
        "TV-KRONGNO": 9,
        "X-DAKDRO": 8,
        "X-NAMDA": 12,
    }


def test_the_province_of_today_covers_the_points_of_its_predecessor(demo_network):
    lam_dong = AdministrativeUnit.objects.get(code="LDG")
    result = year_indicators(year=2019, scope=lam_dong, today=dt.date(2026, 1, 15))
    assert result.counted_points == 18


def test_site_ids_restrict_the_scope(demo_network):
    daklao = Site.objects.get(code="X-DAKLAO")
    result = year_indicators(year=2019, site_ids=[daklao.pk], today=dt.date(2026, 1, 15))
    assert [p.point for p in result.points] == ["X-DAKLAO"]


def test_the_number_of_queries_does_not_grow_with_the_number_of_points(
    django_assert_max_num_queries,
):
    def add_points(count):
        for _ in range(count):
            point = SiteFactory()
            computers(point, 2)
            session(point, patron(), dt.datetime(2019, 4, 2, 9, 0))
            tally(point, dt.date(2019, 4, 3), visits=2, users=1)

    add_points(2)
    with CaptureQueriesContext(connection) as two_points:
        year_indicators(year=2019, today=dt.date(2019, 7, 1))
    add_points(8)
    with django_assert_max_num_queries(len(two_points)):
        result = year_indicators(year=2019, today=dt.date(2019, 7, 1))
    assert result.counted_points == 10


def test_the_2019_figures_read_at_most_a_fixed_number_of_queries(
    demo_network, django_assert_max_num_queries
):
    with django_assert_max_num_queries(36):  # first read: counts and caches the scopes' users
        year_indicators(year=2019, today=dt.date(2026, 1, 15))
    with django_assert_max_num_queries(28):  # later reads: the cached figures
        year_indicators(year=2019, today=dt.date(2026, 1, 15))


def test_a_write_at_one_of_its_points_makes_the_cached_figures_recount():
    point = SiteFactory()
    someone = patron()
    session(point, someone, dt.datetime(2019, 4, 2, 9, 0))
    assert year_indicators(year=2019, today=AFTER_2019).users == 1
    session(point, patron(), dt.datetime(2019, 4, 2, 10, 0))
    session(point, someone, dt.datetime(2019, 5, 2, 10, 0))
    result = year_indicators(year=2019, today=AFTER_2019)
    assert (result.users, result.visits, result.sessions) == (2, 3, 3)


# --- The plan in force ----------------------------------------------------------------


def test_the_seed_plan_is_in_force_from_its_signature_to_the_end_of_2020():
    plan = demo_plan_load()
    assert plan_in_force(dt.date(2017, 9, 12)) is None
    assert plan_in_force(dt.date(2017, 9, 13)) == plan
    assert plan_in_force(dt.date(2020, 12, 31)) == plan
    assert plan_for_year(2017) == plan_for_year(2020) == plan
    assert plan_for_year(2021) is None


def test_without_a_plan_the_brief_s_defaults_apply():
    thresholds = thresholds_for_year(2024)
    assert thresholds.plan is None
    assert (thresholds.days_with_visit_min, thresholds.working_ratio_min) == (15, Decimal("0.6"))
    assert thresholds.effective_months_share == Decimal("0.75")
    assert thresholds.users_growth_min == Decimal("0.03")
    assert thresholds.visits_growth_min == Decimal("0.05")
    assert thresholds.effective_share_min == Decimal("0.8")


def test_a_plan_ending_mid_year_still_governs_that_year():
    plan = plan_create(actor=None, name="H1", start=dt.date(2021, 1, 1), end=dt.date(2021, 6, 30))
    assert plan_for_year(2021) == plan


def test_the_plan_on_the_year_s_last_day_wins_over_an_earlier_one():
    plan_create(actor=None, name="A", start=dt.date(2021, 1, 1), end=dt.date(2021, 6, 30))
    later = plan_create(actor=None, name="B", start=dt.date(2021, 7, 1), end=dt.date(2025, 12, 31))
    assert plan_for_year(2021) == later


def test_the_plan_in_force_sets_the_thresholds():
    plan_create(
        actor=None,
        name="Lenient",
        start=dt.date(2019, 1, 1),
        end=dt.date(2019, 12, 31),
        days_with_visit_min=10,
        effective_months_share=Decimal("0.5"),
    )
    point = SiteFactory()
    computers(point, 5)
    visits_on_days(point, patron(), 2019, range(1, 7), days=10)  # 6 of 12 months
    result = year_indicators(year=2019, scope=point, today=AFTER_2019)
    assert result.points[0].effective_months == 6
    assert result.points[0].effective


def test_each_indicator_has_its_rule_in_one_line_with_the_plan_s_numbers():
    with translation.override("en"):
        rules = year_indicators(year=2019, today=AFTER_2019).rules
    assert set(rules) == {"users_growth", "visits_growth", "effective_share"}
    assert "3 %" in rules["users_growth"]
    assert "5 %–7 %" in rules["visits_growth"]
    assert "80 %" in rules["effective_share"] and "15 days" in rules["effective_share"]


def test_units_in_one_batch_have_the_figures_each_has_alone(demo_network):
    from pacnet.indicators.selectors import units_year_indicators

    tally(Site.objects.get(code="X-DAKLAO"), dt.date(2018, 5, 2), visits=100, users=40)
    tally(Site.objects.get(code="X-DAKLAO"), dt.date(2019, 5, 2), visits=110, users=41)
    tally(Site.objects.get(code="TV-DAKMIL"), dt.date(2019, 6, 3), visits=7, users=5)
    units = list(AdministrativeUnit.objects.filter(code__in=["DNO-DAKMIL", "DNO-KRONGNO"]))
    today = dt.date(2026, 1, 15)
    for unit, batched in units_year_indicators(units=units, year=2019, today=today):
        alone = year_indicators(year=2019, scope=unit, today=today)
        assert batched.as_dict() | {"points": []} == alone.as_dict() | {"points": []}
        assert batched.status == alone.status


def test_units_in_one_batch_see_only_the_points_they_are_given(demo_network):
    from pacnet.indicators.selectors import units_year_indicators

    daklao = Site.objects.get(code="X-DAKLAO")
    tally(daklao, dt.date(2019, 5, 2), visits=110, users=41)
    tally(Site.objects.get(code="TV-DAKMIL"), dt.date(2019, 6, 3), visits=7, users=5)
    dakmil = AdministrativeUnit.objects.get(code="DNO-DAKMIL")
    ((_, only_daklao),) = units_year_indicators(
        units=[dakmil], year=2019, site_ids=[daklao.pk], today=dt.date(2026, 1, 15)
    )
    assert (only_daklao.visits, only_daklao.users, only_daklao.counted_points) == (110, 41, 1)
