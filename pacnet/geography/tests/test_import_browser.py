"""The import page in real Chromium: htmx upload with a progress bar, then the result."""

import os
from pathlib import Path

import pytest

from pacnet.geography.models import Site
from pacnet.geography.tests.import_samples import row, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.urls("pacnet.geography.tests.urls_with_import")]
SHOTS = os.environ.get("PACNET_SHOTS")  # a folder to keep screenshots for a human to look at

ROWS = [
    row("unit", "XA-DAKWIL", "Xã Đắk Wil", level="xã", parent="LDG"),
    row("point", "X-DAKWIL", "Thư viện xã Đắk Wil", unit="XA-DAKWIL", kind="thư viện xã",
        origin="nhân rộng", opened_on="01/03/2024"),
]  # fmt: skip


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pacnet-test")
    with page.expect_navigation():
        page.click("main button[type=submit]")  # not the language button of the menu bar


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_checking_then_importing_a_file_shows_progress_and_the_result(
    transactional_db, page, province_admin, tmp_path
):
    log_in(page, "tinh")
    page.goto("/points/import/")
    page.set_input_files("#id_file", str(write_csv(tmp_path / "points.csv", ROWS)))

    page.get_by_role("button", name="Chỉ kiểm tra").click()
    page.wait_for_selector("[data-result=checked]")
    assert not Site.objects.filter(code="X-DAKWIL").exists()
    shoot(page, "import-checked-1366")

    page.get_by_role("button", name="Nhập dữ liệu").click()  # the file is still chosen
    page.wait_for_selector("[data-result=imported]")
    assert Site.objects.filter(code="X-DAKWIL").exists()
    assert page.locator("#import-progress .progress-bar").evaluate("b => b.style.width") == "100%"
    shoot(page, "import-done-1366")


def test_the_errors_table_fits_a_phone(transactional_db, phone_page, province_admin, tmp_path):
    bad = [row("point", "X-BAD", "Điểm", unit="XA-NOWHERE", kind="thư viện", origin="?")]
    log_in(phone_page, "tinh")
    phone_page.goto("/points/import/")
    phone_page.set_input_files("#id_file", str(write_csv(tmp_path / "bad.csv", bad)))

    phone_page.get_by_role("button", name="Chỉ kiểm tra").click()
    phone_page.wait_for_selector("#import-errors")

    assert phone_page.locator("#import-errors tbody tr").count() == 4
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shoot(phone_page, "import-errors-390")
