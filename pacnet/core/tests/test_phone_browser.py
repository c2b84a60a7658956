"""On a 390 px phone no page is wider than the screen: every menu page and the key detail pages."""

import pytest
from django.db.models import Count

from pacnet.accounts.demo import demo_users_create
from pacnet.connectivity.demo import demo_lines_load
from pacnet.core.tests.test_layout_browser import log_in
from pacnet.faults.demo import demo_faults_load
from pacnet.faults.models import Fault
from pacnet.inventory.demo import demo_equipment_extras_load
from pacnet.inventory.models import Equipment
from pacnet.maintenance.demo import demo_upkeep_load
from pacnet.maintenance.models import MaintenanceVisit
from pacnet.plans.demo import demo_plan_load

pytestmark = pytest.mark.browser
PHONE_WIDTH = 390
POINT = "X-DAKLAO"


@pytest.fixture
def demo_pages(province_admin, daklao_staff):
    """The demo's equipment, plan, lines, maintenance visits and faults at the demo's points."""
    demo_equipment_extras_load()
    demo_plan_load()
    demo_lines_load()
    demo_upkeep_load()
    demo_users_create()
    demo_faults_load()
    equipment = Equipment.objects.filter(site__code=POINT).order_by("code").first()
    # The visit covering the most items: their codes once made the page 1 945 px wide.
    visit = (
        MaintenanceVisit.objects.filter(site__code=POINT)
        .annotate(covered=Count("items"))
        .order_by("-covered", "-pk")
        .first()
    )
    fault = Fault.objects.filter(site__code=POINT).order_by("-pk").first()
    assert equipment and visit and fault, "the demo has no equipment, visit or fault there"
    return [
        f"/points/{POINT}/",
        f"/equipment/{equipment.code}/",
        f"/maintenance/visits/{visit.pk}/",
        f"/faults/{fault.pk}/",
    ]


def too_wide(page, paths: list[str]) -> dict[str, int]:
    widths = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            widths[path] = width
    return widths


@pytest.mark.parametrize("username", ["tinh", "daklao"])
def test_no_page_of_the_menu_is_wider_than_a_phone(phone_page, demo_pages, username):
    log_in(phone_page, username)
    menu = phone_page.locator("nav .navbar-nav .nav-link")
    paths = ["/", *(menu.nth(i).get_attribute("href") for i in range(menu.count()))]
    assert len(paths) >= 4
    assert too_wide(phone_page, paths + demo_pages) == {}
