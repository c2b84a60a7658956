"""A unit's table adds up to the unit; a year outside every plan is not judged; a running
year says up to which day its figures go."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from pacnet.geography.models import Site
from pacnet.indicators.tests.builders import patron, visits_on_days
from pacnet.plans.demo import demo_plan_load
from pacnet.usage.demo import demo_usage_load

YEAR = 2024
SESSIONS, VISITS, USERS, COUNTED, EFFECTIVE = 3, 4, 7, 2, 10  # columns of the units table


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"]


def first_line(response) -> str:
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[0]


def tile(page, key):
    return next(t for t in page.tiles if t.key == key)


# --- Item 11: the points directly under a unit have a row --------------------------------


@pytest.fixture
def demo_history(demo_network):
    """The demo's synthetic usage from September 2017 to the end of March 2026."""
    demo_usage_load(until=dt.date(2026, 3, 31))


def test_the_rows_of_the_province_add_up_to_the_province_with_the_demo_history(
    client, province_admin, demo_history, django_assert_max_num_queries
):
    client.force_login(province_admin)
    for year in (2025, 2026):  # the reform year, and the first year after it
        page_of(client, f"/dashboard/unit/LDG/?year={year}")  # fills the cached figure sets
        with django_assert_max_num_queries(90):  # the bound of test_dashboard's query tests
            page = page_of(client, f"/dashboard/unit/LDG/?year={year}")
        table = page.table("units")
        rows, (total,) = table.rows, table.totals
        assert rows[-1][1].value == "Các điểm trực thuộc Tỉnh Lâm Đồng"  # the 8 libraries
        assert len(rows) == 11  # 10 communes, then the points directly under the province
        sums = {c: sum(row[c].value for row in rows) for c in (SESSIONS, VISITS, COUNTED)}
        sums[EFFECTIVE] = sum(row[EFFECTIVE].value for row in rows)
        assert sums[SESSIONS] == total[SESSIONS].value
        assert f"{sums[SESSIONS]:,}".replace(",", ".") == tile(page, "sessions").value
        assert f"{sums[VISITS]:,}".replace(",", ".") == tile(page, "visits_growth").value
        assert sums[VISITS] == total[VISITS].value
        assert sums[COUNTED] == total[COUNTED].value == 18
        assert f"{sums[EFFECTIVE]} / 18" == tile(page, "effective_share").value
        # Users are distinct persons: a patron of two points is one user of the province, so
        # the rows add up to at least the province's users, and the total is the province's.
        users = [row[USERS].value for row in rows]
        shown = int(tile(page, "users_growth").value.replace(".", ""))
        assert total[USERS].value == shown
        assert max(users) <= shown <= sum(users)


def test_a_unit_with_points_directly_under_it_gets_their_row(client, province_admin):
    daklao, tvdakmil = Site.objects.get(code="X-DAKLAO"), Site.objects.get(code="TV-DAKMIL")
    visits_on_days(daklao, patron(), YEAR, 3, days=4)
    visits_on_days(tvdakmil, patron(), YEAR, 3, days=6)
    client.force_login(province_admin)
    table = page_of(client, f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}").table("units")
    assert [(r[0].value, r[1].value, r[VISITS].value) for r in table.rows] == [
        ("XA-DAKLAO", "Xã Đắk Lao", 4),
        (None, "Các điểm trực thuộc Huyện Đắk Mil", 6),  # TV-DAKMIL, a district library
    ]
    assert table.totals[0][VISITS].value == 10


def test_a_person_at_points_of_two_rows_is_one_user_of_the_unit(client, province_admin):
    person = patron()
    for code in ("X-DAKLAO", "TV-DAKMIL"):
        visits_on_days(Site.objects.get(code=code), person, YEAR, 3, days=2)
    client.force_login(province_admin)
    page = page_of(client, f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}")
    table = page.table("units")
    assert [r[USERS].value for r in table.rows] == [1, 1]
    assert table.totals[0][USERS].value == 1 == int(tile(page, "users_growth").value)
    assert "một lần" in table.totals[0][USERS].note  # why the users do not add up


def test_the_units_csv_holds_the_direct_row_and_the_total(client, province_admin):
    visits_on_days(Site.objects.get(code="TV-DAKMIL"), patron(), YEAR, 3, days=6)
    client.force_login(province_admin)
    text = client.get(f"/dashboard/unit/DNO-DAKMIL/units.csv?year={YEAR}").content.decode()
    *_, direct, total = text.strip().splitlines()
    assert direct.startswith(",Các điểm trực thuộc Huyện Đắk Mil,")
    assert total.startswith(",Tổng,")


# --- Item 17: which plan judges the year -------------------------------------------------


def test_a_year_outside_every_plan_is_shown_without_judgement(client, province_admin):
    demo_plan_load()  # 2017–2020 only
    visits_on_days(Site.objects.get(code="X-DAKLAO"), patron(), YEAR, range(1, 13), days=15)
    client.force_login(province_admin)
    page = page_of(client, f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}")
    assert page.plan_note.startswith("Năm 2024 không có kế hoạch nào có hiệu lực")
    for key in ("visits_growth", "users_growth", "effective_share"):
        assert (tile(page, key).status, tile(page, key).assessed, tile(page, key).target) == (
            None,
            False,
            "",
        )
    assert tile(page, "visits_growth").value == "180"  # the figures are still there
    statuses = [c.status for row in page.table("units").rows for c in row if c.status]
    assert set(statuses) == {"none"}
    point = page.table("points").rows[1]
    assert (point[0].value, point[7].status) == ("X-DAKLAO", "none")
    assert (
        'id="plan-note"' in client.get(f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}").content.decode()
    )


def test_a_year_under_a_plan_says_whose_targets_judge_it(client, province_admin):
    demo_plan_load()
    visits_on_days(Site.objects.get(code="X-DAKLAO"), patron(), 2019, range(1, 13), days=15)
    client.force_login(province_admin)
    page = page_of(client, "/dashboard/unit/DNO-DAKMIL/?year=2019")
    assert page.plan_note == (
        "Đánh giá theo chỉ tiêu của kế hoạch 484/KH-UBND (13/09/2017–31/12/2020)."
    )
    assert tile(page, "effective_share").status == "missed"  # 1 of 2 points < 80 %


def test_a_running_year_says_up_to_which_day_on_the_page_and_in_its_files(client, province_admin):
    today = timezone.localdate()
    client.force_login(province_admin)
    html = client.get("/dashboard/unit/DNO-DAKMIL/").content.decode()
    up_to = f"{today.year}, đến ngày {today:%d/%m/%Y}"
    assert f"<title>Huyện Đắk Mil · {up_to}" in html.replace("\n", "")
    assert f"· {up_to}</span></h1>" in html
    response = client.get("/dashboard/unit/DNO-DAKMIL/points.csv")
    assert first_line(response) == f"Điểm truy nhập — Huyện Đắk Mil, năm {up_to}"


def test_an_ended_year_has_no_day_in_its_title(client, province_admin):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/unit/DNO-DAKMIL/points.csv?year={YEAR}")
    assert first_line(response) == "Điểm truy nhập — Huyện Đắk Mil, năm 2024"
