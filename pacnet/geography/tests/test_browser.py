"""The access-point list in a real browser: logging in, scope, language, phone screens."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "pacnet-test"
# Set PACNET_SHOTS=/some/dir to keep screenshots of the pages for a human to look at.
SHOTS = os.environ.get("PACNET_SHOTS")


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def listed(page) -> list[str]:
    return page.locator("#site-table tbody tr[data-site]").evaluate_all(
        "rows => rows.map(r => r.dataset.site)"
    )


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_point_staff_sees_only_its_point(transactional_db, page, daklao_staff):
    log_in(page, "daklao")
    page.get_by_role("link", name="Điểm truy nhập").first.click()
    page.wait_for_selector("#site-table")
    assert listed(page) == ["X-DAKLAO"]
    page.click("text=X-DAKLAO")
    page.wait_for_selector("#equipment")
    shoot(page, "detail-daklao-staff-1366")


def test_province_admin_sees_all_18_points(transactional_db, page, province_admin):
    log_in(page, "tinh")
    page.goto("/points/")
    assert len(listed(page)) == 18
    shoot(page, "list-1366")
    page.fill("#id_q", "dak lao")
    page.press("#id_q", "Enter")
    page.wait_for_url("**q=dak+lao**")
    assert listed(page) == ["X-DAKLAO"]
    page.goto("/points/TV-TINH/")
    shoot(page, "detail-1366")


def test_language_switch_to_english_and_back(transactional_db, page, province_admin):
    log_in(page, "tinh")
    page.goto("/points/")
    assert page.locator("h1").inner_text() == "Điểm truy nhập"
    page.click("button[name=language][value=en]")
    page.wait_for_selector("button[name=language][value=vi]")
    assert page.locator("h1").inner_text() == "Access points"
    assert page.url.endswith("/points/")
    page.click("button[name=language][value=vi]")
    page.wait_for_selector("button[name=language][value=en]")
    assert page.locator("h1").inner_text() == "Điểm truy nhập"


def test_list_is_usable_on_a_phone(transactional_db, phone_page, province_admin):
    page = phone_page
    log_in(page, "tinh")
    page.goto("/points/")
    assert len(listed(page)) == 18
    # Nothing wider than the screen: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    search = page.locator("#id_q")
    assert search.bounding_box()["height"] >= 36
    search.fill("nam da")
    search.press("Enter")
    page.wait_for_url("**q=nam+da**")
    assert listed(page) == ["X-NAMDA"]
    page.goto("/points/")
    shoot(page, "list-phone")
    page.click("text=TV-TINH")
    page.wait_for_selector("#equipment")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "detail-phone")
