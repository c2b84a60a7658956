"""Preventive maintenance pages: who may record a visit where, and what the schedule shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment
from pacnet.maintenance.models import MaintenancePlan, MaintenanceTaskResult, MaintenanceVisit
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record

SCHEDULE = reverse("maintenance:schedule")
PLANS = reverse("maintenance:plan_list")
PLAN_CREATE = reverse("maintenance:plan_create")
SCHEDULE_MAX_QUERIES = 22  # 19 today: session, user, 10 for the scope, 3 schedule, visits, choices


@pytest.fixture
def plan(demo_network):
    return maintenance_plan_create(
        actor=None,
        name="Bảo trì máy tính hằng quý",
        kind=Equipment.Kind.COMPUTER,
        interval_months=3,
        tasks=["Vệ sinh bụi quạt", "Cập nhật Windows", "Kiểm tra ổ cứng"],
        created_on=dt.date(2013, 1, 1),
    )


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


def visit_url(site_code, plan):
    return reverse(
        "maintenance:visit_create",
        kwargs={"site_code": site_code, "maintenance_plan_id": plan.pk},
    )


def ticked(plan, day="02/05/2024", **extra):
    tasks = list(plan.tasks.order_by("position"))
    data = {"visited_on": day, f"task_{tasks[0].pk}": "done", f"task_{tasks[1].pk}": "not_done"}
    return data | extra


def writes():
    return (
        MaintenanceVisit.objects.count(),
        MaintenanceTaskResult.objects.count(),
        AuditEntry.objects.count(),
    )


def schedule_sites(response) -> list[str]:
    return [row.site_code for row in response.context["rows"]]


# --- Recording a visit ----------------------------------------------------------------


def test_point_staff_record_a_visit_at_their_point(staff_client, plan, daklao_staff):
    items = list(Equipment.objects.filter(site__code="X-DAKLAO", kind="computer"))
    data = ticked(plan, items=[i.pk for i in items[:3]], done_by_name="Anh Tuấn")
    response = staff_client.post(visit_url("X-DAKLAO", plan), data)
    assert response.status_code == 302
    visit = MaintenanceVisit.objects.get()
    assert (visit.site.code, visit.visited_on, visit.done_by) == (
        "X-DAKLAO",
        dt.date(2024, 5, 2),
        daklao_staff,
    )
    assert sorted(visit.results.values_list("outcome", flat=True)) == ["done", "not_done"]
    assert set(visit.items.all()) == set(items[:3])


def test_the_visit_form_ticks_every_item_in_service_by_default(staff_client, plan):
    response = staff_client.get(visit_url("X-DAKLAO", plan))
    assert response.status_code == 200
    assert response.content.decode().count('name="items"') == 5
    assert len(response.context["form"].fields["items"].initial) == 5


def test_point_staff_may_not_record_a_visit_at_another_point(staff_client, plan):
    before = writes()
    assert staff_client.get(visit_url("TV-TINH", plan)).status_code == 404
    assert staff_client.post(visit_url("TV-TINH", plan), ticked(plan)).status_code == 404
    assert writes() == before


def test_an_inspector_may_see_the_schedule_but_not_record_a_visit(client, krongno_inspector, plan):
    client.force_login(krongno_inspector)
    assert client.get(SCHEDULE).status_code == 200
    assert client.post(visit_url("X-NAMDA", plan), ticked(plan)).status_code == 403
    assert MaintenanceVisit.objects.count() == 0


def test_a_visit_with_nothing_ticked_is_refused_next_to_the_form_and_nothing_written(
    staff_client, plan
):
    before = writes()
    response = staff_client.post(visit_url("X-DAKLAO", plan), {"visited_on": "02/05/2024"})
    assert response.status_code == 200
    assert "Hãy trả lời ít nhất một công việc trong danh mục." in response.content.decode()
    assert writes() == before


def test_a_visit_in_the_future_is_refused_next_to_the_date(staff_client, plan):
    future = (today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    before = writes()
    response = staff_client.post(visit_url("X-DAKLAO", plan), ticked(plan, day=future))
    assert response.context["form"].errors["visited_on"] == ["Ngày bảo trì chưa đến."]
    assert writes() == before


def test_a_visit_before_the_point_opened_is_refused(staff_client, plan):
    response = staff_client.post(visit_url("X-DAKLAO", plan), ticked(plan, day="31/05/2012"))
    assert "visited_on" in response.context["form"].errors
    assert MaintenanceVisit.objects.count() == 0


def test_a_visit_shows_its_checklist_only_to_users_who_see_its_point(
    staff_client, plan, client, province_admin
):
    visit = maintenance_visit_record(
        actor=None,
        site=Site.objects.get(code="TV-TINH"),
        plan=plan,
        visited_on=dt.date(2024, 5, 2),
        results={plan.tasks.first().pk: "done"},
    )
    url = reverse("maintenance:visit_detail", kwargs={"visit_id": visit.pk})
    assert staff_client.get(url).status_code == 404
    client.force_login(province_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "Vệ sinh bụi quạt" in response.content.decode()


# --- Plans ----------------------------------------------------------------------------


def test_the_province_admin_adds_a_plan_with_its_checklist(admin_client, demo_network):
    response = admin_client.post(
        PLAN_CREATE,
        {
            "name": "Máy in 6 tháng",
            "kind": "printer",
            "interval_months": "6",
            "active": "on",
            "tasks": "Vệ sinh đầu in\r\n\r\nKiểm tra hộp mực\r\n",
        },
    )
    assert response.status_code == 302
    plan = MaintenancePlan.objects.get()
    assert (plan.kind, plan.interval_months, plan.active) == ("printer", 6, True)
    assert list(plan.tasks.values_list("text", flat=True)) == ["Vệ sinh đầu in", "Kiểm tra hộp mực"]


def test_a_plan_with_no_interval_is_refused_and_nothing_written(admin_client, demo_network):
    response = admin_client.post(
        PLAN_CREATE, {"name": "X", "kind": "printer", "interval_months": "0", "tasks": "A"}
    )
    assert "interval_months" in response.context["form"].errors
    assert MaintenancePlan.objects.count() == 0


def test_point_staff_see_the_plans_but_may_not_change_them(staff_client, plan):
    edit = reverse("maintenance:plan_update", kwargs={"maintenance_plan_id": plan.pk})
    assert "Vệ sinh bụi quạt" in staff_client.get(PLANS).content.decode()
    assert staff_client.get(PLAN_CREATE).status_code == 403
    assert staff_client.post(edit, {"name": "Đổi", "tasks": "A"}).status_code == 403
    assert MaintenancePlan.objects.get().name == "Bảo trì máy tính hằng quý"


def test_the_provincial_library_edits_a_checklist(client, plan):
    client.force_login(UserFactory(role=Role.LIBRARY_STAFF))
    edit = reverse("maintenance:plan_update", kwargs={"maintenance_plan_id": plan.pk})
    response = client.post(
        edit,
        {"name": plan.name, "kind": "computer", "interval_months": "4", "tasks": "Chỉ một việc"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.interval_months == 4
    assert list(plan.tasks.values_list("text", flat=True)) == ["Chỉ một việc"]
    assert plan.active is False  # an unticked box is "no longer in use"


# --- The schedule ---------------------------------------------------------------------


def test_point_staff_see_only_their_point_in_the_schedule(staff_client, plan):
    response = staff_client.get(SCHEDULE)
    assert schedule_sites(response) == ["X-DAKLAO"]


def test_the_overdue_filter_keeps_overdue_rows_only(admin_client, plan):
    maintenance_visit_record(
        actor=None,
        site=Site.objects.get(code="X-DAKLAO"),
        plan=plan,
        visited_on=today(),
        results={plan.tasks.first().pk: "done"},
    )
    overdue = schedule_sites(admin_client.get(SCHEDULE, {"overdue": "on"}))
    assert len(overdue) == 17
    assert "X-DAKLAO" not in overdue


def test_the_schedule_filters_by_point(admin_client, plan):
    response = admin_client.get(SCHEDULE, {"site": "TV-DAKMIL", "plan": plan.pk})
    assert schedule_sites(response) == ["TV-DAKMIL"]


def test_the_schedule_costs_as_many_queries_for_18_points_as_for_one(
    admin_client, plan, django_assert_max_num_queries
):
    admin_client.get(SCHEDULE)  # warm the content-type and session caches
    with CaptureQueriesContext(connection) as every_point:
        admin_client.get(SCHEDULE)
    with CaptureQueriesContext(connection) as one_point:
        admin_client.get(SCHEDULE, {"site": "X-DAKLAO"})
    assert len(every_point) <= len(one_point) + 1  # +0: only the chosen point's lookup differs
    with django_assert_max_num_queries(SCHEDULE_MAX_QUERIES):
        admin_client.get(SCHEDULE)


def test_the_equipment_list_shows_the_next_visits_due(staff_client, plan):
    response = staff_client.get(reverse("inventory:equipment_list"))
    panel = [(row.site_code, row.overdue) for row in response.context["upkeep_due"]]
    assert panel == [("X-DAKLAO", True)]
    assert 'id="upkeep-due"' in response.content.decode()
