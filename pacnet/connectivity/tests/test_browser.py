"""A librarian on a phone: the line drops, she presses "Line is down", then "Line is back"."""

import datetime as dt
from decimal import Decimal

import pytest

from pacnet.connectivity.models import LineOutage
from pacnet.connectivity.services import internet_line_add
from pacnet.geography.models import Site
from pacnet.geography.tests.test_browser import log_in, shoot

pytestmark = pytest.mark.browser


def test_point_staff_reports_an_outage_from_a_phone(transactional_db, phone_page, daklao_staff):
    internet_line_add(
        actor=None,
        site=Site.objects.get(code="X-DAKLAO"),
        provider="Viettel",
        bandwidth_mbps=Decimal(4),
        monthly_fee=300000,
        discount_percent=70,
        active_from=dt.date(2012, 6, 1),
    )
    page = phone_page
    log_in(page, "daklao")
    page.goto("/points/X-DAKLAO/")
    down = page.locator("#line-down")
    assert down.bounding_box()["height"] >= 44  # big enough for a thumb
    page.select_option("#id_cause", "power")
    down.click()
    # A stray tap records nothing: the next page asks first, within the phone's width.
    page.wait_for_selector("#confirm-yes")
    assert not LineOutage.objects.exists()
    assert page.locator("#confirm-yes").bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "line-down-confirm-phone")
    page.click("#confirm-yes")
    page.wait_for_selector("#line-back")
    # Pressed by mistake: undone at once, as if never recorded.
    page.click("#line-down-undo")
    page.wait_for_selector("#line-down")
    assert not LineOutage.objects.exists()
    page.select_option("#id_cause", "power")
    page.click("#line-down")
    page.click("#confirm-yes")
    page.wait_for_selector("#line-back")
    assert "Mất mạng Internet từ" in page.locator("[data-outage=open]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "line-down-phone")
    page.click("#line-back")
    page.wait_for_selector("#line-down")
    outage = LineOutage.objects.get()
    assert outage.end is not None and outage.cause == "power"
    assert page.locator("#outages li").count() == 1
    assert "mất điện" in page.locator("#outages").inner_text()
    shoot(page, "line-back-phone")


def test_the_point_page_fits_a_phone_in_english_with_the_bandwidth_badge(
    transactional_db, phone_page, daklao_staff
):
    internet_line_add(
        actor=None,
        site=Site.objects.get(code="X-DAKLAO"),
        provider="Viettel",
        bandwidth_mbps=Decimal(4),
        monthly_fee=300000,
        discount_percent=70,
        active_from=dt.date(2012, 6, 1),
    )
    page = phone_page
    log_in(page, "daklao")
    page.goto("/points/X-DAKLAO/")
    page.click("nav button[name=language][value=en]")
    page.wait_for_selector("[data-benchmark]")
    assert "per computer" in page.locator("[data-benchmark]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
