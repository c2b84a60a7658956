"""The live board in a real browser, on a phone: no sideways scrolling, and an extension."""

import os
from pathlib import Path

import pytest

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.tests.test_layout_browser import log_in
from pacnet.kiosk.models import PrintJob, Reservation
from pacnet.kiosk.services.sessions import kiosk_sign_in
from pacnet.kiosk.tests.conftest import seen
from pacnet.usage.models import Session

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("PACNET_SHOTS", "/tmp/shots"))


def test_the_board_fits_a_phone_and_extends_a_session(transactional_db, phone_page, point, patron):
    UserFactory(username="bang", role=Role.POINT_STAFF, scope_sites=[point])
    pc1, pc2 = point.equipment.order_by("code")
    seen(pc1)
    seen(pc2)
    kiosk_sign_in(computer=pc1, person_code=patron.card_number)
    Reservation.objects.create(site=point, label="Nguyễn Thị Hoa Một Cái Tên Rất Dài")
    PrintJob.objects.create(computer=pc1, pages=3, file_name="don-xin-viec-rat-dai-ten.pdf")
    page = phone_page
    log_in(page, "bang")
    page.goto("/kiosk/points/X-KIOSK/board/")
    page.wait_for_selector("[data-computer='X-KIOSK-PC01'][data-state='in_use']")
    page.click("[data-computer='X-KIOSK-PC01'] summary >> nth=1")  # commands open wide
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "kiosk-board-phone.png"), full_page=True)
    page.click("[data-computer='X-KIOSK-PC01'] summary >> nth=1")
    page.click("[data-computer='X-KIOSK-PC01'] [data-action='extend-15']")
    page.wait_for_selector("[data-notice]")
    assert Session.objects.get().minutes_allowed == 75
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_rules_page_fits_a_phone_and_shows_bad_hours_on_their_field(
    transactional_db, phone_page, point
):
    UserFactory(username="bang", role=Role.POINT_STAFF, scope_sites=[point])
    point.kiosk_closures.create(
        start="2027-01-28", end="2027-02-03", reason="Nghỉ Tết Nguyên Đán, đóng cửa cả tuần"
    )
    page = phone_page
    log_in(page, "bang")
    page.goto("/kiosk/points/X-KIOSK/rules/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_hours", "thứ hai 25:00-26:00")
    page.click("#rules button[type=submit]")
    page.wait_for_selector("#id_hours.is-invalid")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "kiosk-rules-phone.png"), full_page=True)
    page.fill("#id_hours", "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30")
    page.click("#rules button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "07:30" in page.input_value("#id_hours")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(SHOTS / "kiosk-rules-wide.png"), full_page=True)
