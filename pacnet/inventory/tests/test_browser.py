"""Equipment in a real browser: a point's staffer reports a broken PC from a phone."""

import os
from pathlib import Path

import pytest

from pacnet.inventory.models import EquipmentStatus, EquipmentStatusChange

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


def shoot(page, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def listed(page) -> list[str]:
    return page.locator("tr[data-code]").evaluate_all("rows => rows.map(r => r.dataset.code)")


def test_point_staff_report_a_broken_pc_in_two_taps_on_a_phone(
    transactional_db, phone_page, daklao_staff
):
    page = phone_page
    log_in(page, "daklao")
    page.goto("/equipment/")
    assert len(listed(page)) == 6
    shoot(page, "equipment-list-phone", full_page=False)
    page.click("text=X-DAKLAO-PC03")
    page.wait_for_selector("#status-panel")
    shoot(page, "equipment-detail-phone")
    page.fill("#id_note", "Không lên nguồn")
    page.click("button[name=status][value=faulty]")
    # htmx redraws the panel in place: the new status tops the history.
    page.wait_for_selector("#status-history tr[data-status=faulty]")
    assert page.locator("[data-current-status]").get_attribute("data-current-status") == "faulty"
    assert "Không lên nguồn" in page.locator("#status-history").inner_text()
    assert "web" in page.locator("#audit-trail [data-audit=update]").first.inner_text()  # redrawn
    shoot(page, "equipment-detail-phone-after")
    change = EquipmentStatusChange.objects.filter(equipment__code="X-DAKLAO-PC03").first()
    assert (change.status, change.note) == (EquipmentStatus.FAULTY, "Không lên nguồn")


def test_the_province_list_and_a_detail_on_a_laptop(transactional_db, page, province_admin):
    log_in(page, "tinh")
    page.goto("/equipment/")
    assert len(listed(page)) == 178
    shoot(page, "equipment-list-1366", full_page=False)
    page.select_option("#id_kind", "printer")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**kind=printer**")
    assert len(listed(page)) == 18
    page.goto("/equipment/TV-TINH-PC01/")
    shoot(page, "equipment-detail-1366")


def test_the_add_form_suggests_the_code_when_a_point_is_chosen(
    transactional_db, page, province_admin
):
    log_in(page, "tinh")
    page.goto("/equipment/new/")
    page.select_option("#id_site", "X-DAKLAO")
    page.wait_for_function("document.querySelector('#id_code').value === 'X-DAKLAO-PC06'")
    page.select_option("#id_kind", "printer")
    page.wait_for_function("document.querySelector('#id_code').value === 'X-DAKLAO-PR02'")
    shoot(page, "equipment-create-1366")
