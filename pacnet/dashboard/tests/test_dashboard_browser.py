"""The dashboard in a real browser: drill down province → unit → point, download the XLSX."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pacnet.geography.models import Site
from pacnet.indicators.tests.builders import patron, plan_covering, tally, visits_on_days

pytestmark = pytest.mark.browser

PASSWORD = "pacnet-test"
SHOTS = Path(os.environ.get("PACNET_SHOTS", "/tmp/shots"))
YEAR = 2024


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)


def workbook(download):
    return load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active


@pytest.fixture
def usage(demo_network):
    plan_covering(2021, 2025)  # 2024 is judged against a plan's targets
    daklao = Site.objects.get(code="X-DAKLAO")
    visits_on_days(daklao, patron(), YEAR, range(1, 13), days=15)
    tally(daklao, dt.date(YEAR - 1, 5, 2), visits=100, users=10)


def test_province_admin_drills_down_to_a_point_and_downloads_the_xlsx(
    transactional_db, page, province_admin, usage
):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "tinh")
    page.goto(f"/dashboard/?year={YEAR}")
    for tile in ("visits_growth", "users_growth", "effective_share", "working_ratio"):
        assert page.locator(f"[data-tile={tile}]").count() == 1  # the plan's, then equipment
    page.wait_for_selector("canvas#chart-visits[data-drawn='1']")
    shoot(page, "network")
    page.click("#table-units a:text('DNO')")
    page.wait_for_selector("#dashboard-title:has-text('Tỉnh Đắk Nông')")
    page.click("#table-units a:text('DNO-DAKMIL')")
    page.wait_for_selector("#dashboard-title:has-text('Huyện Đắk Mil')")
    shoot(page, "unit")
    with page.expect_download() as download:
        page.click("#table-points [data-download=xlsx]")
    assert download.value.suggested_filename == f"pacnet-points-dno-dakmil-{YEAR}.xlsx"
    rows = list(workbook(download.value).iter_rows(values_only=True))
    assert ("X-DAKLAO", "Thư viện xã Đắk Lao", 180, 180, 1) in [r[:5] for r in rows]
    page.click("#table-points a:text('X-DAKLAO')")
    page.wait_for_selector("#dashboard-title[data-kind=point]")
    assert page.locator("[data-tile=effective_months] .tile-value").inner_text() == "12 / 12"
    shoot(page, "point")
    with page.expect_download() as download:
        page.click("#table-months [data-download=xlsx]")
    sheet = workbook(download.value)
    assert sheet["A3"].value == "01/2024"


def test_the_rule_of_a_tile_opens_with_a_tap_on_a_phone(
    transactional_db, phone_page, province_admin, usage
):
    page = phone_page
    log_in(page, "tinh")
    page.goto(f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}")
    rule = page.locator("#rule-visits_growth")
    assert not rule.is_visible()
    page.click("[data-tile=visits_growth] .rule-toggle")
    rule.wait_for(state="visible")
    assert "so với năm trước" in rule.inner_text()
    shoot(page, "unit-phone")
