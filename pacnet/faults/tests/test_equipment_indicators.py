"""Equipment indicators per point and month, each checked against figures worked out by hand.

X-DAKLAO (demo network) has 5 computers and a printer, working since 01/06/2012, warranty
ended 01/06/2015, expected end of life 01/06/2019.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.faults import services as faults
from pacnet.faults.selectors import mean_time_to_repair
from pacnet.faults.selectors.equipment import equipment_indicators
from pacnet.faults.tests.helpers import at
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.inventory.models import Equipment
from pacnet.inventory.selectors import computer_counts_on_days
from pacnet.inventory.services import equipment_status_change, equipment_update
from pacnet.maintenance.selectors import overdue_items_count
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record

TODAY = dt.date(2024, 5, 15)


@pytest.fixture
def daklao(demo_network) -> Site:
    return Site.objects.get(code="X-DAKLAO")


@pytest.fixture
def technician(demo_network):
    return UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )


def item(code: str) -> Equipment:
    return Equipment.objects.get(code=code)


def status(code: str, value: str, day: dt.date) -> None:
    equipment_status_change(actor=None, item=item(code), status=value, effective_on=day)


def point(site: Site, year: int, month: int, today: dt.date = TODAY):
    figures = equipment_indicators(site_ids=[site.pk], year=year, month=month, today=today)
    return figures.points[0]


def repaired_fault(technician, site_code, reported: dt.datetime, closed: dt.datetime, outcome):
    fault = faults.fault_report(
        actor=None, site=Site.objects.get(code=site_code), description="Hỏng", at=reported
    )
    faults.fault_assign(actor=None, fault=fault, technician=technician, at=reported)
    return faults.fault_close(actor=None, fault=fault, outcome=outcome, at=closed)


def test_working_ratio_is_working_over_in_service_on_the_months_last_day(daklao):
    status("X-DAKLAO-PC01", "faulty", dt.date(2024, 4, 10))
    status("X-DAKLAO-PC02", "retired", dt.date(2024, 4, 20))
    status("X-DAKLAO-PC03", "faulty", dt.date(2024, 5, 1))  # after April's last day
    april = point(daklao, 2024, 4)
    assert (april.in_service, april.working, april.working_ratio) == (4, 3, 0.75)
    counts = computer_counts_on_days([daklao.pk], [dt.date(2024, 4, 30)])
    assert counts[dt.date(2024, 4, 30)][daklao.pk] == {"in_service": 4, "working": 3}


def test_the_running_month_is_read_on_today(daklao):
    status("X-DAKLAO-PC01", "faulty", dt.date(2024, 5, 20))  # after today: not yet
    may = point(daklao, 2024, 5)
    assert (may.in_service, may.working) == (5, 5)


def test_a_point_without_computers_has_no_ratio_and_is_below_the_minimum(daklao):
    for number in range(1, 6):
        status(f"X-DAKLAO-PC{number:02d}", "retired", dt.date(2024, 4, 1))
    figures = equipment_indicators(site_ids=[daklao.pk], year=2024, month=4, today=TODAY)
    assert figures.points[0].working_ratio is None
    assert figures.below_minimum(figures.points[0])


def test_mean_time_to_repair_covers_faults_fixed_or_replaced_in_the_month(technician):
    repaired_fault(
        technician, "X-DAKLAO", at(dt.date(2024, 4, 1)), at(dt.date(2024, 4, 4)), "fixed"
    )
    repaired_fault(technician, "X-NAMDA", at(dt.date(2024, 4, 2)), at(dt.date(2024, 4, 3)), "fixed")
    repaired_fault(
        technician, "X-NAMDA", at(dt.date(2024, 4, 5)), at(dt.date(2024, 4, 7)), "replaced"
    )
    # Written off, or closed in May: not in April's mean.
    repaired_fault(
        technician, "X-NAMDA", at(dt.date(2024, 4, 1)), at(dt.date(2024, 4, 20)), "written_off"
    )
    repaired_fault(
        technician, "X-DAKLAO", at(dt.date(2024, 4, 25)), at(dt.date(2024, 5, 2)), "fixed"
    )
    sites = Site.objects.filter(code__in=["X-DAKLAO", "X-NAMDA"])
    figures = equipment_indicators(site_ids=[s.pk for s in sites], year=2024, month=4, today=TODAY)
    by_code = {p.code: p.mean_time_to_repair for p in figures.points}
    assert by_code == {"X-DAKLAO": 3.0, "X-NAMDA": 1.5}
    assert figures.total.mean_time_to_repair == 2.0  # (3 + 1 + 2) / 3 faults, not a mean of means
    same_rule = mean_time_to_repair(
        [s.pk for s in sites], dt.date(2024, 4, 1), dt.date(2024, 4, 30)
    )
    assert {s.code: same_rule[s.pk] for s in sites} == by_code


def test_open_faults_are_counted_by_age_on_the_months_last_day(daklao, technician):
    for day in [
        dt.date(2024, 4, 30),  # 0 days
        dt.date(2024, 4, 23),  # 7
        dt.date(2024, 4, 22),  # 8
        dt.date(2024, 3, 31),  # 30
        dt.date(2024, 3, 30),  # 31
        dt.date(2024, 1, 31),  # 90
        dt.date(2024, 1, 30),  # 91
    ]:
        faults.fault_report(actor=None, site=daklao, description="Mất mạng", at=at(day))
    repaired_fault(
        technician, "X-DAKLAO", at(dt.date(2024, 4, 1)), at(dt.date(2024, 4, 15)), "fixed"
    )
    april = point(daklao, 2024, 4)
    assert april.open_by_age == {"0-7": 2, "8-30": 2, "31-90": 2, "90+": 1}
    assert april.open_faults == 7


def test_warranties_ending_within_90_days_count_day_0_to_day_90(daklao):
    equipment_update(actor=None, item=item("X-DAKLAO-PC01"), warranty_ends_on=TODAY)
    equipment_update(
        actor=None, item=item("X-DAKLAO-PC02"), warranty_ends_on=TODAY + dt.timedelta(days=90)
    )
    equipment_update(
        actor=None, item=item("X-DAKLAO-PC03"), warranty_ends_on=TODAY + dt.timedelta(days=91)
    )
    equipment_update(
        actor=None, item=item("X-DAKLAO-PR01"), warranty_ends_on=TODAY - dt.timedelta(days=1)
    )
    equipment_update(
        actor=None, item=item("X-DAKLAO-PC04"), warranty_ends_on=TODAY + dt.timedelta(days=10)
    )
    status("X-DAKLAO-PC04", "retired", dt.date(2024, 5, 1))  # out of service: not counted
    assert point(daklao, 2024, 5).warranties_ending == 2


def test_computers_past_end_of_life_are_those_in_service_with_the_date_before_the_day(daklao):
    equipment_update(actor=None, item=item("X-DAKLAO-PC01"), end_of_life_on=dt.date(2019, 6, 30))
    status("X-DAKLAO-PC02", "retired", dt.date(2019, 6, 15))
    june = point(daklao, 2019, 6)  # read on 30/06/2019; the printer is not a computer
    assert june.past_end_of_life == 3
    may = point(daklao, 2019, 5)
    assert may.past_end_of_life == 0


def test_overdue_maintenance_counts_the_items_of_overdue_visits(daklao):
    plan = maintenance_plan_create(
        actor=None,
        name="Vệ sinh máy",
        kind="computer",
        interval_months=3,
        tasks=["Vệ sinh"],
        created_on=dt.date(2024, 1, 1),
    )
    assert point(daklao, 2024, 5).overdue_maintenance == 5  # due 01/04/2024, never visited
    assert overdue_items_count(site_ids=[daklao.pk], today=TODAY) == 5
    maintenance_visit_record(
        actor=None,
        site=daklao,
        plan=plan,
        visited_on=dt.date(2024, 5, 2),
        results={plan.tasks.get().pk: "done"},
    )
    assert point(daklao, 2024, 5).overdue_maintenance == 0


def test_the_network_total_adds_the_points(demo_network):
    figures = equipment_indicators(site_ids=None, year=2024, month=4, today=TODAY)
    assert len(figures.points) == 18
    assert figures.total.in_service == 160
    assert figures.total.past_end_of_life == 160


def test_the_query_count_does_not_grow_with_the_number_of_points(demo_network, technician):
    repaired_fault(
        technician, "X-DAKLAO", at(dt.date(2024, 4, 1)), at(dt.date(2024, 4, 4)), "fixed"
    )
    two = list(Site.objects.filter(code__in=["X-DAKLAO", "X-NAMDA"]).values_list("pk", flat=True))
    every = list(Site.objects.values_list("pk", flat=True))
    counts = []
    for ids in (two, every):
        with CaptureQueriesContext(connection) as queries:
            equipment_indicators(site_ids=ids, year=2024, month=4, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
