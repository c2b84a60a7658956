"""In a real browser at phone size: a librarian reports a fault, the technician fixes it."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from pacnet.faults.models import Fault
from pacnet.faults.tests.conftest import jpeg_bytes
from pacnet.geography.models import Site
from pacnet.inventory.selectors import computer_counts_on

pytestmark = pytest.mark.browser

PASSWORD = "pacnet-test"
SHOTS = os.environ.get("PACNET_SHOTS")  # a folder: keep screenshots for a human to look at


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def working_at_daklao() -> int:
    site = Site.objects.get(code="X-DAKLAO")
    return computer_counts_on([site.pk], timezone.localdate())[site.pk]["working"]


def test_a_librarian_reports_from_a_phone_and_the_technician_fixes_it(
    transactional_db, phone_page, daklao_staff, thuvien
):
    page = phone_page
    assert working_at_daklao() == 5
    log_in(page, "daklao")
    page.goto("/faults/report/")
    page.select_option("#id_target", "X-DAKLAO-PC04")
    assert page.input_value("#id_category") == "hardware"
    page.fill("#id_description", "Máy không lên hình")
    page.set_input_files(
        "#id_photo", files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    # Nothing wider than the phone: no sideways scrolling on the report page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "fault-report-phone")
    page.click("#fault-report button[type=submit]")
    page.wait_for_selector("#fault-timeline [data-event=reported]")
    assert page.locator("#fault-photo").is_visible()
    fault = Fault.objects.get()
    assert (fault.equipment.code, fault.status, bool(fault.photo)) == (
        "X-DAKLAO-PC04",
        "reported",
        True,
    )
    assert working_at_daklao() == 4

    log_in(page, "thuvien")
    page.goto(f"/faults/{fault.pk}/")
    page.select_option("#assign_technician", str(thuvien.pk))
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("#fault-timeline [data-event=assigned]")
    shoot(page, "fault-detail-phone-assigned")
    page.fill("#close_note", "Thay cáp màn hình")
    page.click("#close-form button[name=outcome][value=fixed]")
    page.wait_for_selector("#fault-timeline [data-event=fixed]")
    assert (
        page.locator("#fault-status [data-fault-status]").get_attribute("data-fault-status")
        == "fixed"
    )
    shoot(page, "fault-detail-phone-fixed")
    assert working_at_daklao() == 5
