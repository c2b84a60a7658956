"""The dashboard pages: figures against the targets, drill-down, scope, and query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.dashboard import selectors as dashboard
from pacnet.geography.models import Site
from pacnet.geography.tests.factories import ParentageFactory, SiteFactory, UnitFactory
from pacnet.indicators.tests.builders import (
    computers,
    patron,
    plan_covering,
    session,
    tally,
    visits_on_days,
)

YEAR = 2024  # ended, and before the 2025 reform: Đắk Nông and its districts


@pytest.fixture
def usage(demo_network):
    """X-DAKLAO: 15 days with a visit every month of 2024 by one patron, 100 tallied visits
    by 10 users in 2023; TV-TINH: one session in 2024; a plan in force 2021–2025."""
    plan_covering(2021, 2025)
    daklao = Site.objects.get(code="X-DAKLAO")
    visits_on_days(daklao, patron(), YEAR, range(1, 13), days=15)
    tally(daklao, dt.date(YEAR - 1, 5, 2), visits=100, users=10)
    session(Site.objects.get(code="TV-TINH"), patron(), dt.datetime(YEAR, 3, 4, 9, 0))


def tile(response, key):
    return next(t for t in response.context["page"].tiles if t.key == key)


def table(response, name):
    return response.context["page"].table(name)


def column(tbl, header_index):
    return [row[header_index].value for row in tbl.rows]


def test_network_dashboard_shows_the_year_against_the_targets(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/?year={YEAR}")
    assert response.status_code == 200
    assert tile(response, "visits_growth").value == "181"
    assert tile(response, "effective_share").value == "1 / 18"
    assert tile(response, "effective_share").status == "missed"  # 1 of 18 < 80 %
    assert tile(response, "sessions").value == "181"
    assert 'data-tile="visits_growth"' in response.content.decode()


def test_network_dashboard_lists_the_topmost_units_of_the_year(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/?year={YEAR}")
    assert column(table(response, "units"), 0) == ["DNO"]  # Lâm Đồng had no point yet
    assert len(table(response, "points").rows) == 18


def test_a_unit_shows_its_points_and_child_units_with_growth(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}")
    assert response.status_code == 200
    visits = tile(response, "visits_growth")
    assert (visits.value, visits.detail, visits.status) == (
        "180",
        "+80,0 % so với năm trước",
        "met",
    )
    users = tile(response, "users_growth")
    assert (users.detail, users.status) == ("-90,0 % so với năm trước", "missed")
    units = table(response, "units")
    assert column(units, 0) == ["XA-DAKLAO", None]
    assert units.rows[1][1].value == "Các điểm trực thuộc Huyện Đắk Mil"  # TV-DAKMIL
    assert column(table(response, "points"), 0) == ["TV-DAKMIL", "X-DAKLAO"]
    assert column(table(response, "points"), 3) == [0, 180]


def test_a_unit_of_a_past_province_is_found_under_its_successor(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/unit/LDG/?year={YEAR}")
    assert "DNO-DAKMIL" in column(table(response, "units"), 0)  # Đắk Nông's districts
    assert tile(response, "visits_growth").value == "181"


def test_growth_without_a_previous_year_is_a_dash_with_the_reason(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/point/TV-TINH/?year={YEAR}")
    visits = tile(response, "visits_growth")
    assert visits.detail == "— so với năm trước"
    assert visits.note == f"Không có lượt sử dụng nào trong năm {YEAR - 1} để so sánh."


def test_a_point_shows_each_month_with_why_it_was_effective_or_not(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/point/X-DAKLAO/?year={YEAR}")
    assert tile(response, "effective_months").value == "12 / 12"
    months = table(response, "months")
    first = [c.value for c in months.rows[0]]
    assert first == ["01/2024", 15, 15, 1, 0, 0, 15, 5, 5, "✓", ""]
    response = client.get(f"/dashboard/point/TV-DAKMIL/?year={YEAR}")
    why = table(response, "months").rows[0][-1].value
    assert why == "0 ngày có lượt sử dụng, ít hơn 15."


def test_the_point_page_draws_its_charts_from_served_json(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/point/X-DAKLAO/?year={YEAR}")
    html = response.content.decode()
    assert 'id="chart-data-visits"' in html and 'data-chart="chart-data-visits"' in html
    assert re.search(r"/static/vendor/chartjs/chart\.umd\.[0-9a-f]{12}\.js", html)
    charts = response.context["page"].charts
    assert charts["visits"]["series"][0]["data"] == [15] * 12
    assert charts["visits"]["series"][1]["data"][4] == 100  # the 2023 tally, in May


def test_a_nonsense_year_falls_back_to_this_year():
    today = dt.date(2026, 3, 1)
    assert dashboard.asked_year("abc", today) == 2026
    assert dashboard.asked_year("1899", today) == 2026
    assert dashboard.asked_year("2019", today) == 2019


# --- Scope ------------------------------------------------------------------------------


def test_point_staff_sees_only_their_point_on_the_network_dashboard(client, daklao_staff, usage):
    client.force_login(daklao_staff)
    response = client.get(f"/dashboard/?year={YEAR}")
    assert column(table(response, "points"), 0) == ["X-DAKLAO"]
    assert column(table(response, "units"), 0) == ["XA-DAKLAO"]
    assert tile(response, "visits_growth").value == "180"  # not TV-TINH's session
    assert "TV-TINH" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/unit/DNO-GIANGHIA/",
        "/dashboard/unit/DNO-DAKMIL/",  # above the point: figures of others
        "/dashboard/point/TV-TINH/",
        "/dashboard/unit/DNO-GIANGHIA/points.xlsx",
        "/dashboard/point/TV-TINH/months.csv",
    ],
)
def test_pages_and_files_outside_the_scope_are_not_found(client, daklao_staff, url):
    client.force_login(daklao_staff)
    assert client.get(url).status_code == 404


def test_an_inspector_of_a_former_district_sees_its_points_history(
    client, krongno_inspector, usage
):
    client.force_login(krongno_inspector)
    response = client.get(f"/dashboard/unit/DNO-KRONGNO/?year={YEAR}")
    assert response.status_code == 200
    assert column(table(response, "points"), 0) == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]


def test_the_dashboard_needs_a_login(client, demo_network):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Query counts -----------------------------------------------------------------------


def unit_with_points(count: int, districts: int = 1):
    """A province with districts holding `count` points each, every point used in 2019 and 2018."""
    province = UnitFactory()
    person = patron()
    for _ in range(districts):
        district = ParentageFactory(parent=province, unit__level="district").unit
        for _ in range(count):
            point = SiteFactory(unit=district)
            computers(point, 2)
            visits_on_days(point, person, 2019, range(1, 13), days=2)
            tally(point, dt.date(2018, 6, 1), visits=5, users=2)
    return province


def test_a_unit_page_takes_as_many_queries_for_5_child_units_as_for_2(client, db):
    client.force_login(UserFactory(role=Role.INSPECTOR, is_superuser=True))
    small, large = unit_with_points(1, districts=2), unit_with_points(1, districts=5)
    for unit in (small, large):  # the first read fills the cached figure sets
        client.get(f"/dashboard/unit/{unit.code}/?year=2019")
    counts = [queries_of(client, f"/dashboard/unit/{u.code}/?year=2019") for u in (small, large)]
    assert counts[0] == counts[1]


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["unit", "points.xlsx"])
def test_unit_pages_take_as_many_queries_for_6_points_as_for_2(
    client, db, django_assert_max_num_queries, page
):
    client.force_login(UserFactory(role=Role.INSPECTOR, is_superuser=True))
    small, large = unit_with_points(2), unit_with_points(6)
    suffix = "" if page == "unit" else page
    counts = [
        queries_of(client, f"/dashboard/unit/{u.code}/{suffix}?year=2019") for u in (small, large)
    ]
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(90):
        client.get(f"/dashboard/unit/{large.code}/{suffix}?year=2019")


def test_the_point_page_has_a_small_fixed_number_of_queries(
    client, province_admin, usage, django_assert_max_num_queries
):
    client.force_login(province_admin)
    with django_assert_max_num_queries(60):
        assert client.get(f"/dashboard/point/X-DAKLAO/?year={YEAR}").status_code == 200


def test_the_dashboard_only_reads(client, province_admin):
    client.force_login(province_admin)
    assert client.post("/dashboard/").status_code == 405
