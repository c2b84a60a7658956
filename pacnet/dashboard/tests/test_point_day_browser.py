"""The point's day on a phone (390 px) as the staff of X-DAKLAO: one screen, few taps."""

import pytest

from pacnet.geography.models import Site
from pacnet.usage import services
from pacnet.usage.models import Session
from pacnet.usage.tests.test_browser import log_in, shoot

pytestmark = pytest.mark.browser


def test_point_staff_start_a_session_from_their_home_on_a_phone(
    transactional_db, phone_page, daklao_staff, province_admin
):
    patron = services.patron_register(
        actor=province_admin, site=Site.objects.get(code="X-DAKLAO"), consent=True
    )
    page = phone_page
    log_in(page, "daklao")
    page.goto("/")
    page.wait_for_selector("[data-point-day=X-DAKLAO]")
    shoot(page, "point-day-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # The usual tasks are on the first screen, before the computers.
    assert page.locator("[data-action=register]").bounding_box()["y"] < 844
    tile = page.locator("[data-computer=X-DAKLAO-PC01]")
    tile.locator("input[name=person_code]").fill(patron.card_number)
    tile.locator("[data-action=start]").click()
    page.wait_for_selector("[data-computer=X-DAKLAO-PC01][data-state=busy]")
    assert Session.objects.get().patron == patron
