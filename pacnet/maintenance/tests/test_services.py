"""Preventive maintenance: when a visit falls due, and how a visit is recorded."""

import datetime as dt

import pytest
from django.utils import translation

from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.maintenance.models import MaintenanceTaskResult, MaintenanceVisit, TaskOutcome
from pacnet.maintenance.selectors import (
    add_months,
    maintenance_schedule,
    overdue_items_count,
)
from pacnet.maintenance.services import (
    maintenance_plan_create,
    maintenance_plan_update,
    maintenance_visit_record,
)

OPENED = dt.date(2012, 6, 1)
TASKS = ["Vệ sinh bụi quạt", "Cập nhật Windows", "Cập nhật phần mềm diệt virus"]


@pytest.fixture(autouse=True)
def english():
    """The services' messages are read in English here; the pages' tests read Vietnamese."""
    with translation.override("en"):
        yield


def quarterly(created_on=dt.date(2012, 1, 1), kind=Equipment.Kind.COMPUTER, **kwargs):
    return maintenance_plan_create(
        actor=None,
        name=kwargs.pop("name", "Bảo trì máy tính hằng quý"),
        kind=kind,
        interval_months=kwargs.pop("interval_months", 3),
        tasks=TASKS,
        created_on=created_on,
        **kwargs,
    )


def point_with_computers(n=2, opened_on=OPENED):
    site = SiteFactory(opened_on=opened_on)
    for _ in range(n):
        EquipmentFactory(site=site, status_on=opened_on)
    return site


def all_done(plan) -> dict[int, str]:
    return {task.pk: TaskOutcome.DONE for task in plan.tasks.all()}


def visit(site, plan, day, **kwargs):
    return maintenance_visit_record(
        actor=None,
        site=site,
        plan=plan,
        visited_on=day,
        results=kwargs.pop("results", None) or all_done(plan),
        **kwargs,
    )


def only_row(site, day):
    (row,) = maintenance_schedule(site_ids=[site.pk], today=day)
    return row


def writes() -> tuple[int, int, int]:
    return (
        MaintenanceVisit.objects.count(),
        MaintenanceTaskResult.objects.count(),
        AuditEntry.objects.count(),
    )


# --- Adding months --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2012, 6, 1), 3, dt.date(2012, 9, 1)),
        (dt.date(2012, 11, 15), 3, dt.date(2013, 2, 15)),
        (dt.date(2013, 1, 31), 1, dt.date(2013, 2, 28)),
        (dt.date(2024, 8, 31), 6, dt.date(2025, 2, 28)),
        (dt.date(2024, 5, 10), -7, dt.date(2023, 10, 10)),
    ],
)
def test_months_are_added_on_the_calendar_the_last_day_when_shorter(day, months, expected):
    assert add_months(day, months) == expected


# --- When a visit falls due -----------------------------------------------------------


@pytest.mark.django_db
def test_a_point_never_visited_is_due_one_interval_after_it_opened():
    site = point_with_computers()
    quarterly(created_on=dt.date(2012, 1, 1))
    row = only_row(site, dt.date(2012, 8, 1))
    assert (row.last_visit, row.due_on, row.overdue) == (None, dt.date(2012, 9, 1), False)


@pytest.mark.django_db
def test_a_plan_created_after_the_point_opened_counts_from_its_creation():
    site = point_with_computers()
    quarterly(created_on=dt.date(2017, 9, 13))
    assert only_row(site, dt.date(2017, 10, 1)).due_on == dt.date(2017, 12, 13)


@pytest.mark.django_db
def test_a_visited_point_is_due_one_interval_after_its_last_visit():
    site = point_with_computers()
    plan = quarterly(interval_months=6)
    visit(site, plan, dt.date(2023, 3, 10))
    visit(site, plan, dt.date(2023, 11, 20))
    row = only_row(site, dt.date(2024, 1, 5))
    assert (row.last_visit, row.due_on) == (dt.date(2023, 11, 20), dt.date(2024, 5, 20))


@pytest.mark.django_db
def test_a_visit_is_overdue_the_day_after_it_falls_due_not_on_the_day():
    site = point_with_computers()
    plan = quarterly()
    visit(site, plan, dt.date(2024, 1, 15))
    on_the_day = only_row(site, dt.date(2024, 4, 15))
    day_after = only_row(site, dt.date(2024, 4, 16))
    assert (on_the_day.overdue, day_after.overdue, day_after.days_overdue) == (False, True, 1)


@pytest.mark.django_db
def test_visits_after_the_day_asked_do_not_count():
    site = point_with_computers()
    plan = quarterly()
    visit(site, plan, dt.date(2024, 1, 15))
    visit(site, plan, dt.date(2024, 4, 10))
    assert only_row(site, dt.date(2024, 3, 1)).last_visit == dt.date(2024, 1, 15)


@pytest.mark.django_db
def test_only_points_with_items_of_the_plans_kind_in_service_are_scheduled():
    with_pc = point_with_computers()
    retired = SiteFactory()
    EquipmentFactory(site=retired, status_on=dt.date(2012, 6, 1))
    EquipmentFactory(site=retired, status_on__status=EquipmentStatus.RETIRED)
    printers_only = SiteFactory()
    EquipmentFactory(site=printers_only, kind=Equipment.Kind.PRINTER)
    quarterly()
    rows = maintenance_schedule(
        site_ids=[with_pc.pk, retired.pk, printers_only.pk], today=dt.date(2024, 1, 1)
    )
    assert [(r.site_id, r.items) for r in rows] == [(with_pc.pk, 2), (retired.pk, 1)]


@pytest.mark.django_db
def test_a_plan_no_longer_in_use_is_not_scheduled():
    site = point_with_computers()
    quarterly(active=False)
    assert maintenance_schedule(site_ids=[site.pk], today=dt.date(2024, 1, 1)) == []


@pytest.mark.django_db
def test_a_closed_point_is_not_scheduled():
    site = point_with_computers()
    Site.objects.filter(pk=site.pk).update(closed_on=dt.date(2020, 1, 1))
    quarterly()
    assert maintenance_schedule(site_ids=[site.pk], today=dt.date(2024, 1, 1)) == []


@pytest.mark.django_db
def test_overdue_items_are_the_items_of_points_whose_visit_is_overdue():
    late = point_with_computers(3)
    on_time = point_with_computers(2)
    plan = quarterly()
    printers = maintenance_plan_create(
        actor=None,
        name="Máy in",
        kind=Equipment.Kind.PRINTER,
        interval_months=6,
        tasks=["Vệ sinh"],
        created_on=dt.date(2012, 1, 1),
    )
    EquipmentFactory(site=late, kind=Equipment.Kind.PRINTER)
    visit(late, plan, dt.date(2023, 9, 1))  # due 01/12/2023: overdue
    visit(on_time, plan, dt.date(2023, 12, 1))  # due 01/03/2024: not yet
    visit(late, printers, dt.date(2023, 10, 1))  # due 01/04/2024: not yet
    assert overdue_items_count(site_ids=[late.pk, on_time.pk], today=dt.date(2024, 1, 10)) == 3


def test_the_schedule_costs_three_queries_for_one_point_or_eighteen(
    demo_network, django_assert_num_queries
):
    quarterly()
    one = [Site.objects.get(code="X-DAKLAO").pk]
    with django_assert_num_queries(3):
        rows_one = maintenance_schedule(site_ids=one, today=dt.date(2024, 1, 1))
    with django_assert_num_queries(3):
        rows_all = maintenance_schedule(site_ids=None, today=dt.date(2024, 1, 1))
    assert (len(rows_one), len(rows_all)) == (1, 18)


# --- Recording a visit ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_visit_stores_each_answer_and_covers_the_items_in_service_by_default():
    site = point_with_computers(2)
    EquipmentFactory(site=site, kind=Equipment.Kind.PRINTER)
    plan = quarterly()
    first, second, third = plan.tasks.order_by("position")
    recorded = visit(
        site,
        plan,
        dt.date(2024, 5, 2),
        results={
            first.pk: TaskOutcome.DONE,
            second.pk: TaskOutcome.NOT_DONE,
            third.pk: TaskOutcome.NOT_APPLICABLE,
        },
        done_by_name="Anh Tuấn",
        note="Máy 2 quạt kêu to",
    )
    answers = [(r.task.text, r.outcome) for r in recorded.results.order_by("task__position")]
    assert answers == [
        ("Vệ sinh bụi quạt", "done"),
        ("Cập nhật Windows", "not_done"),
        ("Cập nhật phần mềm diệt virus", "not_applicable"),
    ]
    assert set(recorded.items.all()) == set(site.equipment.filter(kind=Equipment.Kind.COMPUTER))
    assert (recorded.done_by_name, recorded.note) == ("Anh Tuấn", "Máy 2 quạt kêu to")


@pytest.mark.django_db
def test_unanswered_tasks_are_left_out_of_the_visit():
    site = point_with_computers()
    plan = quarterly()
    first = plan.tasks.order_by("position").first()
    recorded = visit(site, plan, dt.date(2024, 5, 2), results={first.pk: TaskOutcome.DONE})
    assert recorded.results.count() == 1


@pytest.mark.django_db
def test_a_visit_is_audited_with_its_answers():
    site = point_with_computers()
    plan = quarterly()
    recorded = visit(site, plan, dt.date(2024, 5, 2))
    (entry,) = audit_entries_for(recorded)
    assert entry.action == AuditEntry.Action.CREATE
    assert "Vệ sinh bụi quạt: done" in entry.changes["checklist results"][1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "field"),
    [
        (lambda: today() + dt.timedelta(days=1), "visited_on"),
        (lambda: OPENED - dt.timedelta(days=1), "visited_on"),
    ],
    ids=["in the future", "before the point opened"],
)
def test_a_visit_on_an_impossible_day_is_refused_and_nothing_written(day, field):
    site = point_with_computers()
    plan = quarterly()
    before = writes()
    with pytest.raises(DomainError) as refused:
        visit(site, plan, day())
    assert field in refused.value.error_dict
    assert writes() == before


@pytest.mark.django_db
def test_a_visit_with_no_task_answered_is_refused():
    site = point_with_computers()
    plan = quarterly()
    before = writes()
    with pytest.raises(DomainError, match="at least one task"):
        visit(site, plan, dt.date(2024, 5, 2), results={t.pk: "" for t in plan.tasks.all()})
    assert writes() == before


@pytest.mark.django_db
def test_a_second_visit_under_the_same_plan_on_the_same_day_is_refused():
    site = point_with_computers()
    plan = quarterly()
    visit(site, plan, dt.date(2024, 5, 2))
    before = writes()
    with pytest.raises(DomainError, match="already recorded"):
        visit(site, plan, dt.date(2024, 5, 2))
    assert writes() == before


@pytest.mark.django_db
def test_a_visit_may_not_cover_another_points_item():
    site = point_with_computers()
    elsewhere = EquipmentFactory()
    plan = quarterly()
    before = writes()
    with pytest.raises(DomainError) as refused:
        visit(site, plan, dt.date(2024, 5, 2), items=[elsewhere])
    assert "items" in refused.value.error_dict
    assert writes() == before


@pytest.mark.django_db
def test_a_task_of_another_plan_is_refused():
    site = point_with_computers()
    plan = quarterly()
    other = quarterly(name="Khác")
    before = writes()
    with pytest.raises(DomainError, match="checklist"):
        visit(site, plan, dt.date(2024, 5, 2), results=all_done(other))
    assert writes() == before


# --- Plans and checklists -------------------------------------------------------------


@pytest.mark.django_db
def test_a_plan_needs_at_least_one_task():
    with pytest.raises(DomainError, match="at least one task"):
        maintenance_plan_create(
            actor=None, name="Trống", kind="computer", interval_months=3, tasks=["", "  "]
        )


@pytest.mark.django_db
def test_a_checklist_edit_keeps_answered_tasks_retired_and_drops_unused_ones():
    site = point_with_computers()
    plan = quarterly()
    first = plan.tasks.order_by("position").first()
    visit(site, plan, dt.date(2024, 5, 2), results={first.pk: TaskOutcome.DONE})
    maintenance_plan_update(
        actor=None,
        plan=plan,
        name=plan.name,
        kind=plan.kind,
        interval_months=3,
        active=True,
        tasks=["Kiểm tra ổ cứng", "Cập nhật Windows"],
    )
    in_use = list(plan.tasks.filter(active=True).values_list("text", flat=True))
    retired = list(plan.tasks.filter(active=False).values_list("text", flat=True))
    assert (in_use, retired) == (["Kiểm tra ổ cứng", "Cập nhật Windows"], ["Vệ sinh bụi quạt"])
    assert plan.tasks.count() == 3  # the unanswered antivirus task is gone


@pytest.mark.django_db
def test_the_kind_of_a_plan_with_visits_cannot_change():
    site = point_with_computers()
    plan = quarterly()
    visit(site, plan, dt.date(2024, 5, 2))
    with pytest.raises(DomainError) as refused:
        maintenance_plan_update(
            actor=None,
            plan=plan,
            name=plan.name,
            kind=Equipment.Kind.PRINTER,
            interval_months=3,
            active=True,
            tasks=TASKS,
        )
    assert "kind" in refused.value.error_dict
