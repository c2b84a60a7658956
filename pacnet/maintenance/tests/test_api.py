"""The maintenance API: plans for every role that views them, visits only of points in scope."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record

PLANS = "/api/maintenance/plans/"
VISITS = "/api/maintenance/visits/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def plan(demo_network):
    return maintenance_plan_create(
        actor=None,
        name="Bảo trì máy tính hằng quý",
        kind=Equipment.Kind.COMPUTER,
        interval_months=3,
        tasks=["Vệ sinh bụi quạt", "Cập nhật Windows"],
        created_on=dt.date(2013, 1, 1),
    )


def visit(plan, code: str, day: dt.date):
    first, second = plan.tasks.order_by("position")
    return maintenance_visit_record(
        actor=None,
        site=Site.objects.get(code=code),
        plan=plan,
        visited_on=day,
        results={first.pk: "done", second.pk: "not_done"},
        done_by_name="Kỹ thuật viên",
    )


@pytest.fixture
def visits(plan):
    return {
        "X-DAKLAO": visit(plan, "X-DAKLAO", dt.date(2024, 5, 2)),
        "X-DAKLAO-old": visit(plan, "X-DAKLAO", dt.date(2024, 1, 10)),
        "TV-TINH": visit(plan, "TV-TINH", dt.date(2024, 5, 3)),
    }


def test_a_point_user_lists_only_the_visits_of_their_point(daklao_staff, visits):
    rows = client_for(daklao_staff).get(VISITS).json()["results"]
    assert [(row["site"], row["visited_on"]) for row in rows] == [
        ("X-DAKLAO", "2024-05-02"),
        ("X-DAKLAO", "2024-01-10"),
    ]


def test_a_visit_shows_its_items_and_its_checklist_as_ticked(daklao_staff, visits):
    row = client_for(daklao_staff).get(f"{VISITS}{visits['X-DAKLAO'].pk}/").json()
    assert row["plan_name"] == "Bảo trì máy tính hằng quý"
    assert row["items"] == [f"X-DAKLAO-PC0{n}" for n in range(1, 6)]
    assert row["results"] == [
        {"task": "Vệ sinh bụi quạt", "outcome": "done"},
        {"task": "Cập nhật Windows", "outcome": "not_done"},
    ]
    assert row["done_by_name"] == "Kỹ thuật viên"


def test_a_visit_out_of_scope_answers_like_a_missing_one(daklao_staff, visits):
    client = client_for(daklao_staff)
    assert client.get(f"{VISITS}{visits['TV-TINH'].pk}/").status_code == 404
    assert client.get(f"{VISITS}999999999/").status_code == 404


def test_the_visits_filter_by_point_plan_and_dates(province_admin, plan, visits):
    client = client_for(province_admin)
    sites = [r["site"] for r in client.get(VISITS, {"site": "TV-TINH"}).json()["results"]]
    assert sites == ["TV-TINH"]
    since = client.get(VISITS, {"visited_from": "2024-05-01", "plan": plan.pk}).json()
    assert {r["site"] for r in since["results"]} == {"X-DAKLAO", "TV-TINH"}
    until = client.get(VISITS, {"visited_until": "2024-02-01"}).json()
    assert [r["visited_on"] for r in until["results"]] == ["2024-01-10"]


def test_a_point_out_of_scope_is_refused_as_a_filter(daklao_staff, visits):
    response = client_for(daklao_staff).get(VISITS, {"site": "TV-TINH"})
    assert response.status_code == 400
    assert "site" in response.json()


def test_every_role_that_views_plans_reads_them_with_their_checklist(daklao_staff, plan):
    client = client_for(daklao_staff)
    rows = client.get(PLANS).json()["results"]
    assert [r["name"] for r in rows] == ["Bảo trì máy tính hằng quý"]
    one = client.get(f"{PLANS}{plan.pk}/").json()
    assert (one["kind"], one["interval_months"], one["active"]) == ("computer", 3, True)
    assert one["checklist"] == ["Vệ sinh bụi quạt", "Cập nhật Windows"]
    assert client.get(f"{PLANS}999999999/").status_code == 404


def test_the_api_is_read_only(province_admin, plan, visits):
    client = client_for(province_admin)
    assert client.post(VISITS, {}).status_code == 405
    assert client.delete(f"{PLANS}{plan.pk}/").status_code == 405


def test_anonymous_is_refused(client, visits):
    assert client.get(VISITS).status_code in (401, 403)
    assert client.get(PLANS).status_code in (401, 403)


def test_the_visit_list_costs_the_same_queries_for_one_visit_as_for_many(
    province_admin, plan, django_assert_max_num_queries
):
    client = client_for(province_admin)
    visit(plan, "X-DAKLAO", dt.date(2024, 5, 2))
    client.get(VISITS)  # warm the session and scope caches
    with django_assert_max_num_queries(16) as one:
        client.get(VISITS)
    for code in ("X-NAMDA", "TV-TINH", "TV-DAKMIL"):
        visit(plan, code, dt.date(2024, 5, 2))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(VISITS)
