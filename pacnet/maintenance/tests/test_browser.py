"""Preventive maintenance in a real browser: a point's staffer ticks the checklist on a phone."""

import datetime as dt

import pytest

from pacnet.inventory.models import Equipment
from pacnet.inventory.tests.test_browser import log_in, shoot
from pacnet.maintenance.models import MaintenanceVisit
from pacnet.maintenance.services import maintenance_plan_create

pytestmark = pytest.mark.browser


# The answers of a task, left to right: done, not done, not applicable.
DONE, NOT_APPLICABLE = 0, 2


def answer(task, which: int) -> None:
    task.locator("label").nth(which).click()


def overdue_flag(page, site_code: str) -> str:
    return page.locator(f"#upkeep-schedule tr[data-site={site_code}]").get_attribute("data-overdue")


def test_point_staff_record_a_visit_on_a_phone_and_the_point_is_no_longer_overdue(
    transactional_db, phone_page, daklao_staff
):
    maintenance_plan_create(
        actor=None,
        name="Bảo trì máy tính hằng quý",
        kind=Equipment.Kind.COMPUTER,
        interval_months=3,
        tasks=["Vệ sinh bụi quạt", "Cập nhật Windows", "Kiểm tra ổ cứng"],
        created_on=dt.date(2013, 1, 1),
    )
    page = phone_page
    log_in(page, "daklao")
    page.goto("/maintenance/")
    assert overdue_flag(page, "X-DAKLAO") == "yes"
    shoot(page, "upkeep-schedule-phone", full_page=False)
    page.click("#upkeep-schedule tr[data-site=X-DAKLAO] a")
    page.wait_for_selector("#visit-form")
    tasks = page.locator("#checklist [data-task]")
    answer(tasks.nth(0), DONE)
    answer(tasks.nth(1), DONE)
    answer(tasks.nth(2), NOT_APPLICABLE)
    shoot(page, "upkeep-visit-phone")
    page.click("#visit-form button[type=submit]")
    page.wait_for_url("**/maintenance/")
    assert overdue_flag(page, "X-DAKLAO") == "no"
    visit = MaintenanceVisit.objects.get()
    assert sorted(visit.results.values_list("outcome", flat=True)) == [
        "done",
        "done",
        "not_applicable",
    ]
    assert visit.items.count() == 5
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
