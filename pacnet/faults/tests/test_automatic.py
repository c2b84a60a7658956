"""Automatic faults: silent computers (`pacnet raise_faults`) and Internet line outages."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pacnet.faults import services
from pacnet.faults.models import Fault
from pacnet.faults.tests.helpers import at
from pacnet.geography.models import Site
from pacnet.geography.services import site_suspend
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on
from pacnet.usage.services import patron_register, session_start

TODAY = dt.date(2024, 6, 30)


@pytest.fixture
def only_daklao_in_use(demo_network):
    """Every point but X-DAKLAO closed, so that only its five computers are candidates."""
    Site.objects.exclude(code="X-DAKLAO").update(closed_on=dt.date(2013, 1, 1))
    return Site.objects.get(code="X-DAKLAO")


def use(code: str, day: dt.date) -> None:
    item = Equipment.objects.get(code=code)
    patron = patron_register(actor=None, site=item.site, consent=True, display_name="Lan")
    session_start(
        actor=None, site=item.site, computer=item, person_code=patron.card_number, start=at(day)
    )


def silent_codes() -> list[str]:
    return sorted(
        Fault.objects.filter(rule=Fault.Rule.SILENT_COMPUTER).values_list(
            "equipment__code", flat=True
        )
    )


def test_a_computer_with_no_session_for_14_days_gets_a_fault(only_daklao_in_use):
    for n in (1, 2, 3, 4):
        use(f"X-DAKLAO-PC0{n}", TODAY - dt.timedelta(days=13))
    raised = services.faults_raise_automatic(today=TODAY)
    assert [f.equipment.code for f in raised] == ["X-DAKLAO-PC05"]
    fault = raised[0]
    assert (fault.source, fault.category, fault.reported_by) == ("automatic", "hardware", None)
    assert "14" in fault.description


def test_the_silent_computer_fault_is_raised_once_while_it_is_open(only_daklao_in_use):
    first = services.faults_raise_automatic(today=TODAY)
    again = services.faults_raise_automatic(today=TODAY + dt.timedelta(days=1))
    assert len(first) == 5 and again == []
    assert len(silent_codes()) == 5


def test_a_closed_silent_fault_lets_the_rule_raise_a_new_one(only_daklao_in_use, thuvien):
    fault = services.faults_raise_automatic(today=TODAY)[0]
    fault = services.fault_assign(actor=thuvien, fault=fault, technician=thuvien)
    services.fault_close(actor=thuvien, fault=fault, outcome="fixed", at=at(TODAY))
    raised = services.faults_raise_automatic(today=TODAY + dt.timedelta(days=1))
    assert [f.equipment_id for f in raised] == [fault.equipment_id]


def test_a_silent_computer_is_only_suspected_its_status_stays_working(only_daklao_in_use):
    services.faults_raise_automatic(today=TODAY)
    assert equipment_status_on(Equipment.objects.get(code="X-DAKLAO-PC01"), TODAY) == "working"


def test_a_computer_not_working_for_n_days_yet_is_left_alone(only_daklao_in_use):
    from pacnet.inventory.services import equipment_status_change

    item = Equipment.objects.get(code="X-DAKLAO-PC01")
    equipment_status_change(
        actor=None, item=item, status="faulty", effective_on=TODAY - dt.timedelta(days=30)
    )
    equipment_status_change(
        actor=None, item=item, status="working", effective_on=TODAY - dt.timedelta(days=5)
    )
    assert "X-DAKLAO-PC01" not in silent_codes_after_raise()


def silent_codes_after_raise() -> list[str]:
    services.faults_raise_automatic(today=TODAY)
    return silent_codes()


def test_a_suspended_point_raises_nothing(only_daklao_in_use):
    site_suspend(
        actor=None, site=only_daklao_in_use, start=TODAY - dt.timedelta(days=20), reason="Tết"
    )
    assert services.faults_raise_automatic(today=TODAY) == []


def test_the_number_of_days_is_a_setting(only_daklao_in_use, settings):
    use("X-DAKLAO-PC01", TODAY - dt.timedelta(days=5))
    settings.PACNET_SILENT_DAYS = 3
    raised = services.faults_raise_automatic(today=TODAY)
    assert "X-DAKLAO-PC01" in [f.equipment.code for f in raised]


def test_the_command_raises_and_says_how_many(only_daklao_in_use):
    out = StringIO()
    call_command("raise_faults", "--days", "7", stdout=out)
    assert len(silent_codes()) == 5
    assert "X-DAKLAO-PC05" in out.getvalue()
    call_command("raise_faults", stdout=StringIO())
    assert len(silent_codes()) == 5


# --- Line outages ------------------------------------------------------------------------


def test_a_line_outage_raises_one_internet_line_fault_per_point(demo_network):
    site = Site.objects.get(code="X-DAKLAO")
    start = timezone.now() - dt.timedelta(hours=2)
    first = services.fault_raise_for_line_outage(site=site, started_at=start, note="Mất mạng")
    second = services.fault_raise_for_line_outage(site=site, started_at=timezone.now(), note="x")
    assert first.pk == second.pk
    assert (first.category, first.source, first.equipment, first.reported_at) == (
        "internet_line",
        "automatic",
        None,
        start,
    )
    assert Fault.objects.count() == 1


def test_an_outage_joins_the_line_fault_a_person_already_reported(demo_network):
    site = Site.objects.get(code="X-DAKLAO")
    reported = services.fault_report(
        actor=None, site=site, category="internet_line", description="Không vào được mạng"
    )
    assert services.fault_raise_for_line_outage(site=site, started_at=timezone.now()) == reported


def test_after_the_line_fault_is_closed_a_new_outage_raises_a_new_one(demo_network, thuvien):
    site = Site.objects.get(code="X-DAKLAO")
    first = services.fault_raise_for_line_outage(site=site, started_at=timezone.now())
    first = services.fault_assign(actor=thuvien, fault=first, technician=thuvien)
    services.fault_close(actor=thuvien, fault=first, outcome="fixed")
    second = services.fault_raise_for_line_outage(site=site, started_at=timezone.now())
    assert second.pk != first.pk


def test_the_status_of_equipment_is_not_touched_by_an_outage(demo_network):
    site = Site.objects.get(code="X-DAKLAO")
    services.fault_raise_for_line_outage(site=site, started_at=timezone.now())
    statuses = {equipment_status_on(i) for i in Equipment.objects.filter(site=site)}
    assert statuses == {EquipmentStatus.WORKING}
