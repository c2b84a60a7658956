"""The plans API: read-only, every role that may view plans reads them all, as numbers."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.services import plan_create

PLANS = "/api/plans/plans/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def two_plans(db):
    seed = demo_plan_load()
    later = plan_create(
        actor=None, name="Kế hoạch 2021–2025", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31)
    )
    return seed, later


def test_the_list_holds_every_plan_latest_first_with_its_settings_as_numbers(
    province_admin, two_plans
):
    seed, later = two_plans
    rows = client_for(province_admin).get(PLANS).json()["results"]
    assert [row["id"] for row in rows] == [later.pk, seed.pk]
    first = rows[1]
    assert first["reference"] == "484/KH-UBND"
    assert (first["start"], first["end"]) == ("2017-09-13", "2020-12-31")
    assert (first["users_growth_min"], first["visits_growth_min"]) == (0.03, 0.05)
    assert (first["effective_share_min"], first["days_with_visit_min"]) == (0.8, 15)


def test_point_staff_read_every_plan_since_a_plan_applies_to_the_whole_network(
    daklao_staff, two_plans
):
    seed, _later = two_plans
    client = client_for(daklao_staff)
    assert len(client.get(PLANS).json()["results"]) == 2
    assert client.get(f"{PLANS}{seed.pk}/").json()["name"] == seed.name


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.INSPECTOR, Role.LIBRARY_STAFF])
def test_every_role_that_may_view_plans_reads_them(demo_network, two_plans, role):
    response = client_for(UserFactory(role=role)).get(PLANS)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_the_plan_in_force_on_a_day_is_found_by_filter(province_admin, two_plans):
    seed, later = two_plans
    client = client_for(province_admin)
    assert [
        r["id"] for r in client.get(PLANS, {"in_force_on": "2019-05-01"}).json()["results"]
    ] == [seed.pk]
    assert client.get(PLANS, {"in_force_on": "2030-01-01"}).json()["results"] == []
    assert client.get(PLANS, {"in_force_on": "not a day"}).status_code == 400


def test_a_missing_plan_is_not_found(province_admin, two_plans):
    client = client_for(province_admin)
    assert client.get(f"{PLANS}999999/").status_code == 404
    assert client.get(f"{PLANS}abc/").status_code == 404


def test_plans_are_not_written_through_the_api(province_admin, two_plans):
    seed, _later = two_plans
    client = client_for(province_admin)
    assert client.post(PLANS, {"name": "x"}).status_code == 405
    assert client.patch(f"{PLANS}{seed.pk}/", {"name": "x"}).status_code == 405
    assert client.delete(f"{PLANS}{seed.pk}/").status_code == 405


def test_anonymous_is_refused(two_plans):
    assert APIClient().get(PLANS).status_code in {401, 403}
