"""Usage pages in a real browser: a point's staffer registers a patron and runs a session."""

import os
from pathlib import Path

import pytest

from pacnet.geography.models import Site
from pacnet.usage import services
from pacnet.usage.models import Patron, Session

pytestmark = pytest.mark.browser

PASSWORD = "pacnet-test"
# Screenshots for a human to look at; PACNET_SHOTS overrides the folder.
SHOTS = Path(os.environ.get("PACNET_SHOTS", "/tmp/shots"))


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot(page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"usage-{name}.png"), full_page=full_page)


def test_point_staff_register_a_patron_on_a_phone_and_get_the_printable_card(
    transactional_db, phone_page, daklao_staff
):
    page = phone_page
    log_in(page, "daklao")
    page.goto("/usage/")
    shoot(page, "home-phone", full_page=False)
    page.click("[data-action=register]")
    page.wait_for_selector("#patron-register")
    page.fill("#id_display_name", "H. T. Mai")
    page.fill("#id_birth_year", "1998")
    page.click("label[for=id_gender_0]")
    page.click("label[for=id_groups_0]")
    page.click("label[for=id_groups_1]")
    shoot(page, "register-phone")
    page.check("#id_consent")
    page.click("#patron-register button[type=submit]")
    page.wait_for_selector("#library-card svg.qr")
    patron = Patron.objects.get()
    assert page.locator("#library-card .card-number").inner_text() == patron.card_number
    assert (patron.display_name, patron.ethnic_minority, patron.farmer) == ("H. T. Mai", True, True)
    shoot(page, "card-phone")
    page.emulate_media(media="print")
    shoot(page, "card-print")


def test_registration_without_consent_shows_why_on_a_phone(
    transactional_db, phone_page, daklao_staff
):
    page = phone_page
    log_in(page, "daklao")
    page.goto("/usage/patrons/new/")
    page.fill("#id_display_name", "Không tick")
    page.click("#patron-register button[type=submit]")
    page.wait_for_selector("#patron-register .invalid-feedback")
    assert not Patron.objects.exists()
    shoot(page, "register-refused-phone")


def test_point_staff_start_and_end_a_session_on_the_computers_page(
    transactional_db, page, daklao_staff
):
    site = Site.objects.get(code="X-DAKLAO")
    patron = services.patron_register(actor=None, site=site, consent=True, display_name="Y Đoan")
    log_in(page, "daklao")
    page.goto("/usage/points/X-DAKLAO/computers/")
    tile = page.locator("[data-computer='X-DAKLAO-PC03']")
    tile.locator("input[name=person_code]").fill(patron.card_number)
    tile.locator("select[name=service]").select_option("e-government")
    tile.locator("button[data-action=start]").click()
    page.wait_for_selector("[data-computer='X-DAKLAO-PC03'][data-state=busy]")
    assert patron.card_number in page.locator("[data-computer='X-DAKLAO-PC03']").inner_text()
    shoot(page, "computers-1366")
    session = Session.objects.get()
    assert (session.computer.code, session.service, session.end) == (
        "X-DAKLAO-PC03",
        "e-government",
        None,
    )
    tile = page.locator("[data-computer='X-DAKLAO-PC03']")
    tile.locator("input[name=pages_printed]").fill("2")
    tile.locator("button[data-action=end]").click()
    page.wait_for_selector("[data-computer='X-DAKLAO-PC03'][data-state=free]")
    session.refresh_from_db()
    assert session.end is not None and session.pages_printed == 2


def test_the_other_pages_on_a_laptop_and_a_phone(transactional_db, page, phone_page, daklao_staff):
    site = Site.objects.get(code="X-DAKLAO")
    patron = services.patron_register(
        actor=None, site=site, consent=True, display_name="Nguyễn Thị Hoà", birth_year=1975
    )
    batch = services.guest_passes_issue(actor=None, site=site, count=9).batch
    guest = batch.passes.first()
    services.session_start(
        actor=None,
        site=site,
        computer=site.equipment.get(code="X-DAKLAO-PC01"),
        person_code=patron.card_number,
        service="web",
    )
    services.session_start(
        actor=None,
        site=site,
        computer=site.equipment.get(code="X-DAKLAO-PC04"),
        person_code=guest.code,
    )
    for p, size in ((page, "1366"), (phone_page, "phone")):
        log_in(p, "daklao")
        p.goto("/usage/points/X-DAKLAO/computers/")
        shoot(p, f"computers-busy-{size}")
        p.goto(f"/usage/guest-passes/{batch.pk}/")
        shoot(p, f"passes-{size}")
        p.goto("/usage/points/X-DAKLAO/tallies/2024/2/")
        p.fill("input[name=d02_visits]", "3")
        p.fill("input[name=d02_users]", "5")
        p.fill("input[name=d03_visits]", "8")
        p.fill("input[name=d03_users]", "6")
        p.click("#tally-form button[type=submit]")
        p.wait_for_selector("tr.row-error")
        shoot(p, f"tallies-{size}")
        p.goto("/usage/patrons/?q=hoa")
        shoot(p, f"search-{size}")
        p.goto(f"/usage/patrons/{patron.card_number}/")
        shoot(p, f"patron-{size}")
    page.goto(f"/usage/guest-passes/{batch.pk}/")
    page.emulate_media(media="print")
    shoot(page, "passes-print")


def test_pins_on_a_phone_the_sheet_after_issue_and_the_patron_pin_form(
    transactional_db, phone_page, daklao_staff
):
    page = phone_page
    patron = services.patron_register(
        actor=None, site=Site.objects.get(code="X-DAKLAO"), consent=True, display_name="H. T. M."
    )
    log_in(page, "daklao")
    page.goto("/usage/points/X-DAKLAO/guest-passes/")
    page.fill("#id_count", "4")
    page.click("#issue-passes button[type=submit]")
    page.wait_for_selector("#pins-held")
    assert page.locator("[data-pin]").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "passes-pins-phone")
    page.click("#pins-held button[type=submit]")
    page.wait_for_selector("[data-pin-printed]")
    assert page.locator("[data-pin]").count() == 0
    page.goto(f"/usage/patrons/{patron.card_number}/pin/")
    page.fill("#id_pin", "12a4")
    page.click("#patron-pin-set button[type=submit]")
    page.wait_for_selector(".invalid-feedback")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "patron-pin-phone")
