"""Plans in the back office: a later plan is added there, an overlapping one is refused."""

import pytest

from pacnet.core.audit import audit_entries_for
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.models import Plan

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kế hoạch 2021–2025",
    "reference": "",
    "users_growth_min": "0.03",
    "visits_growth_min": "0.05",
    "visits_growth_max": "0.07",
    "effective_share_min": "0.80",
    "effective_share_max": "1.00",
    "days_with_visit_min": "15",
    "working_ratio_min": "0.60",
    "effective_months_share": "0.75",
}


def test_a_later_plan_is_added_in_the_back_office(admin_client):
    demo_plan_load()
    response = admin_client.post(
        "/admin/plans/plan/add/", FORM | {"start": "01/01/2021", "end": "31/12/2025"}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(name="Kế hoạch 2021–2025")
    assert audit_entries_for(plan).filter(action="create").exists()


def test_an_overlapping_plan_is_refused_next_to_its_start(admin_client):
    demo_plan_load()
    response = admin_client.post(
        "/admin/plans/plan/add/", FORM | {"start": "01/06/2020", "end": "31/12/2025"}
    )
    assert response.status_code == 200
    assert "start" in response.context["adminform"].form.errors
    assert Plan.objects.count() == 1
