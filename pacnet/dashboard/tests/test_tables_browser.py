"""Dashboard tables on a 390 px phone: the name and key figures first, the table scrolls in its
own box with a visible cue, and the page itself is never wider than the screen."""

import datetime as dt
import re

import pytest

from pacnet.dashboard.tests.test_dashboard_browser import log_in, shoot
from pacnet.geography.models import Site
from pacnet.indicators.tests.builders import patron, tally, visits_on_days

pytestmark = pytest.mark.browser

YEAR = 2024
UNITS = "#table-units"


@pytest.fixture
def usage(demo_network):
    daklao = Site.objects.get(code="X-DAKLAO")
    visits_on_days(daklao, patron(), YEAR, range(1, 13), days=15)
    tally(daklao, dt.date(YEAR - 1, 5, 2), visits=100, users=10)


def header_x(page, table: str, text: str) -> float:
    exact = re.compile(f"^{re.escape(text)}$")
    return page.locator(f"{table} thead th").filter(has_text=exact).bounding_box()["x"]


def test_on_a_phone_the_tables_show_key_figures_first_and_scroll_with_a_cue(
    transactional_db, phone_page, province_admin, usage
):
    page = phone_page
    log_in(page, "tinh")
    page.goto(f"/dashboard/unit/DNO/?year={YEAR}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no page overflow
    hint = page.locator(f"{UNITS} .table-swipe-hint")
    assert hint.is_visible() and hint.inner_text() == "← vuốt để xem thêm →"
    box = page.locator(f"{UNITS} .table-responsive")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, inside its box
    fade = page.locator(f"{UNITS} .table-scroll").evaluate(
        "el => getComputedStyle(el, '::after').backgroundImage"
    )
    assert "linear-gradient" in fade
    # The unit's name, then sessions, visits, users and effective points, then the rest.
    name, visits = header_x(page, UNITS, "Đơn vị"), header_x(page, UNITS, "Lượt sử dụng")
    assert name < visits < 390 < header_x(page, UNITS, "Tăng trưởng lượt sử dụng")
    assert visits < header_x(page, UNITS, "Mã")
    shoot(page, "unit-tables-phone")
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    first = page.locator(f"{UNITS} tbody tr").first.locator("td.col-p1")
    assert abs(first.bounding_box()["x"] - box.bounding_box()["x"]) < 2  # the name stays


def test_on_a_laptop_the_tables_keep_their_order_and_no_hint(
    transactional_db, page, province_admin, usage
):
    log_in(page, "tinh")
    page.goto(f"/dashboard/unit/DNO/?year={YEAR}")
    assert not page.locator(f"{UNITS} .table-swipe-hint").is_visible()
    assert header_x(page, UNITS, "Mã") < header_x(page, UNITS, "Đơn vị")
    assert header_x(page, UNITS, "Đơn vị") < header_x(page, UNITS, "Số điểm được tính")


def test_on_a_phone_the_equipment_indicators_table_scrolls_in_its_box(
    transactional_db, phone_page, province_admin
):
    page = phone_page
    log_in(page, "tinh")
    page.goto("/equipment/indicators/")
    table = "#table-equipment"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(f"{table} .table-swipe-hint").is_visible()
    assert page.locator(f"{table} .table-responsive").evaluate(
        "el => el.scrollWidth > el.clientWidth"
    )
    name = header_x(page, table, "Điểm truy nhập")
    assert name < header_x(page, table, "Máy tính hoạt động tốt") < header_x(page, table, "Mã")
