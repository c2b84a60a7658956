"""The plan pages in a browser: the province administrator adds the next plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pacnet.plans.demo import demo_plan_load
from pacnet.plans.models import Plan
from pacnet.plans.selectors import plan_for_year
from pacnet.plans.tests.test_views import NEW_URL, NEXT_PLAN, PASSWORD, detail_url


@pytest.mark.browser
def test_the_province_admin_adds_the_2021_2025_plan_in_the_browser(
    transactional_db, page, province_admin
):
    seed = demo_plan_load()
    page.goto("/accounts/login/")
    page.fill("#id_username", "tinh")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.click(f"nav a[href='{reverse('plans:plan_list')}']")
    page.click(f"main a[href='{NEW_URL}']")
    for name in ("name", "reference", "start", "end", "users_growth_min", "visits_growth_min"):
        page.fill(f"#id_{name}", NEXT_PLAN[name])
    page.fill("#id_reference", "01/KH-UBND")
    page.click("main button[type=submit]")
    page.wait_for_selector("#years")
    plan = Plan.objects.get(reference="01/KH-UBND")
    assert page.url.endswith(detail_url(plan))
    assert page.get_attribute("#years [data-years]", "data-years") == "2021,2022,2023,2024,2025"
    assert plan.users_growth_min == Decimal("0.03")
    assert plan.effective_share_min == Decimal("0.8")  # the form's default, 80 %
    assert plan_for_year(2020) == seed and plan_for_year(2021) == plan
