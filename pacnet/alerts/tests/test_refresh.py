"""alerts_refresh: each kind of alert is raised once while true, and resolved when not.

The demo network's 160 computers passed their expected end of life on 01/06/2019; their
warranty ended on 01/06/2015. The day checked is 15/05/2024.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh
from pacnet.alerts.tests.conftest import TODAY
from pacnet.connectivity.services import internet_line_add, line_outage_record
from pacnet.faults import services as faults
from pacnet.faults.tests.helpers import at
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.inventory.services import equipment_status_change, equipment_update
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record

pytestmark = pytest.mark.usefixtures("demo_network")


def open_alerts(kind: str, site_code: str | None = None):
    alerts = Alert.objects.filter(kind=kind, resolved_on__isnull=True)
    if site_code:
        alerts = alerts.filter(site__code=site_code)
    return alerts


def item(code: str) -> Equipment:
    return Equipment.objects.get(code=code)


def status(code: str, value: str, day: dt.date) -> None:
    equipment_status_change(actor=None, item=item(code), status=value, effective_on=day)


def test_every_computer_past_its_end_of_life_raises_one_alert():
    result = alerts_refresh(today=TODAY)
    alerts = open_alerts(Alert.Kind.END_OF_LIFE)
    assert alerts.count() == 160
    assert result.raised == Alert.objects.count()
    first = alerts.get(subject_key__startswith=f"end_of_life:{item('X-DAKLAO-PC01').pk}:")
    assert first.site.code == "X-DAKLAO"
    assert first.raised_on == TODAY
    with translation.override("en"):
        assert (
            first.text == "Computer X-DAKLAO-PC01 reached its expected end of life on 01/06/2019."
        )


def test_the_message_is_stored_in_english_and_shown_in_the_readers_language():
    alerts_refresh(today=TODAY)
    alert = open_alerts(Alert.Kind.END_OF_LIFE, "X-DAKLAO").first()
    assert (
        alert.message == "Computer %(item)s reached its expected end of life on %(end_of_life_on)s."
    )
    assert alert.params["end_of_life_on"] == "2019-06-01"
    with translation.override("vi"):
        assert "01/06/2019" in alert.text
        assert alert.text.startswith("Máy tính X-DAKLAO-PC0")
        assert "đã hết niên hạn sử dụng dự kiến vào ngày 01/06/2019" in alert.text


def test_a_second_run_raises_nothing_new():
    alerts_refresh(today=TODAY)
    before = list(Alert.objects.values_list("pk", "raised_on", "resolved_on"))
    result = alerts_refresh(today=TODAY)
    assert (result.raised, result.resolved) == (0, 0)
    assert list(Alert.objects.values_list("pk", "raised_on", "resolved_on")) == before


def test_a_retired_computer_has_its_alert_resolved():
    alerts_refresh(today=TODAY)
    status("X-DAKLAO-PC01", "retired", TODAY)
    result = alerts_refresh(today=TODAY)
    alert = Alert.objects.get(subject_key__startswith=f"end_of_life:{item('X-DAKLAO-PC01').pk}:")
    assert alert.resolved_on == TODAY
    assert result.resolved == 1


def test_a_warranty_ending_within_90_days_raises_an_alert_and_91_days_does_not():
    equipment_update(
        actor=None, item=item("X-DAKLAO-PR01"), warranty_ends_on=TODAY + dt.timedelta(days=90)
    )
    equipment_update(
        actor=None, item=item("X-NAMDA-PR01"), warranty_ends_on=TODAY + dt.timedelta(days=91)
    )
    alerts_refresh(today=TODAY)
    (alert,) = open_alerts(Alert.Kind.WARRANTY_ENDING)
    assert alert.subject_key == f"warranty:{item('X-DAKLAO-PR01').pk}:2024-08-13"
    assert alert.site.code == "X-DAKLAO"


def test_a_warranty_alert_resolves_once_the_warranty_has_ended():
    equipment_update(actor=None, item=item("X-DAKLAO-PR01"), warranty_ends_on=TODAY)
    alerts_refresh(today=TODAY)
    alerts_refresh(today=TODAY + dt.timedelta(days=1))
    assert not open_alerts(Alert.Kind.WARRANTY_ENDING).exists()


def report_on_point(code: str, day: dt.date):
    return faults.fault_report(
        actor=None, site=Site.objects.get(code=code), description="Mất mạng", at=at(day)
    )


def test_a_fault_open_more_than_30_days_raises_an_alert(technician):
    old = report_on_point("X-DAKLAO", TODAY - dt.timedelta(days=31))
    report_on_point("X-NAMDA", TODAY - dt.timedelta(days=30))
    alerts_refresh(today=TODAY)
    (alert,) = open_alerts(Alert.Kind.FAULT_OPEN)
    assert alert.subject_key == f"fault:{old.pk}"
    with translation.override("en"):
        assert alert.text == f"Fault #{old.pk} on X-DAKLAO has been open since 14/04/2024."


def test_a_closed_fault_has_its_alert_resolved(technician):
    fault = report_on_point("X-DAKLAO", TODAY - dt.timedelta(days=40))
    alerts_refresh(today=TODAY)
    faults.fault_assign(actor=None, fault=fault, technician=technician, at=at(TODAY))
    faults.fault_close(actor=None, fault=fault, outcome="fixed", at=at(TODAY, 10))
    alerts_refresh(today=TODAY)
    assert Alert.objects.get(kind=Alert.Kind.FAULT_OPEN).resolved_on == TODAY


def test_overdue_maintenance_raises_an_alert_that_a_visit_resolves():
    plan = maintenance_plan_create(
        actor=None,
        name="Vệ sinh máy",
        kind="computer",
        interval_months=3,
        tasks=["Vệ sinh"],
        created_on=dt.date(2024, 1, 1),
    )
    alerts_refresh(today=TODAY)
    daklao = Site.objects.get(code="X-DAKLAO")
    alert = open_alerts(Alert.Kind.MAINTENANCE_OVERDUE, "X-DAKLAO").get()
    assert alert.subject_key == f"maintenance:{daklao.pk}:{plan.pk}:2024-04-01"
    assert alert.params["items"] == 5
    assert open_alerts(Alert.Kind.MAINTENANCE_OVERDUE).count() == 18
    maintenance_visit_record(
        actor=None, site=daklao, plan=plan, visited_on=TODAY, results={plan.tasks.get().pk: "done"}
    )
    alerts_refresh(today=TODAY)
    assert not open_alerts(Alert.Kind.MAINTENANCE_OVERDUE, "X-DAKLAO").exists()
    assert open_alerts(Alert.Kind.MAINTENANCE_OVERDUE).count() == 17


def test_a_point_below_60_percent_working_raises_an_alert():
    for number in (1, 2, 3):
        status(f"X-DAKLAO-PC{number:02d}", "faulty", TODAY)
    alerts_refresh(today=TODAY)
    (alert,) = open_alerts(Alert.Kind.LOW_WORKING_RATIO)
    assert alert.site.code == "X-DAKLAO"
    assert alert.params == {"working": 2, "in_service": 5, "ratio": 0.4, "minimum": 0.6}
    with translation.override("en"):
        assert alert.text == "Only 2 of 5 computers are working (40.0 %, below 60.0 %)."


def test_exactly_60_percent_working_raises_no_alert():
    for number in (1, 2):
        status(f"X-DAKLAO-PC{number:02d}", "faulty", TODAY)
    alerts_refresh(today=TODAY)
    assert not open_alerts(Alert.Kind.LOW_WORKING_RATIO).exists()


def test_a_point_that_falls_below_again_has_its_alert_reopened_and_e_mailed_again():
    for number in (1, 2, 3):
        status(f"X-DAKLAO-PC{number:02d}", "faulty", dt.date(2024, 5, 1))
    alerts_refresh(today=dt.date(2024, 5, 1))
    Alert.objects.update(emailed_at=timezone.now())
    for number in (1, 2, 3):
        status(f"X-DAKLAO-PC{number:02d}", "working", dt.date(2024, 5, 5))
    alerts_refresh(today=dt.date(2024, 5, 5))
    alert = Alert.objects.get(kind=Alert.Kind.LOW_WORKING_RATIO)
    assert alert.resolved_on == dt.date(2024, 5, 5)
    status("X-DAKLAO-PC01", "faulty", dt.date(2024, 5, 10))
    status("X-DAKLAO-PC02", "faulty", dt.date(2024, 5, 10))
    status("X-DAKLAO-PC03", "retired", dt.date(2024, 5, 10))
    result = alerts_refresh(today=dt.date(2024, 5, 10))
    alert.refresh_from_db()
    assert result.raised == 1
    assert (alert.raised_on, alert.resolved_on, alert.emailed_at) == (
        dt.date(2024, 5, 10),
        None,
        None,
    )
    assert alert.params["working"] == 2 and alert.params["in_service"] == 4


def test_no_line_no_line_alert():
    alerts_refresh(today=TODAY)
    assert not Alert.objects.filter(kind=Alert.Kind.LINE_AVAILABILITY).exists()


def line_of(code: str):
    return internet_line_add(
        actor=None,
        site=Site.objects.get(code=code),
        provider="Viettel",
        bandwidth_mbps=Decimal("20"),
        monthly_fee=Decimal("300000"),
        active_from=dt.date(2024, 1, 1),
    )


def test_a_line_up_less_than_95_percent_of_last_month_raises_an_alert():
    daklao, namda = line_of("X-DAKLAO"), line_of("X-NAMDA")
    april = timezone.make_aware(dt.datetime(2024, 4, 10, 8))
    # April has 30 days: 2 days down is 93.3 % up, 1 day down is 96.7 % up.
    line_outage_record(actor=None, line=daklao, start=april, end=april + dt.timedelta(days=2))
    line_outage_record(actor=None, line=namda, start=april, end=april + dt.timedelta(days=1))
    alerts_refresh(today=TODAY)
    (alert,) = open_alerts(Alert.Kind.LINE_AVAILABILITY)
    assert alert.site.code == "X-DAKLAO"
    assert alert.subject_key == f"line:{alert.site_id}:2024-04"
    with translation.override("en"):
        assert alert.text == "The Internet line was up 93.3 % of the time in 04/2024, below 95.0 %."


def test_a_line_alert_is_about_last_month_only():
    line = line_of("X-DAKLAO")
    april = timezone.make_aware(dt.datetime(2024, 4, 10, 8))
    line_outage_record(actor=None, line=line, start=april, end=april + dt.timedelta(days=2))
    alerts_refresh(today=TODAY)
    alerts_refresh(today=dt.date(2024, 6, 1))
    assert not open_alerts(Alert.Kind.LINE_AVAILABILITY).exists()


def test_points_not_open_raise_no_alert():
    daklao = Site.objects.get(code="X-DAKLAO")
    alerts_refresh(today=dt.date(2012, 5, 31))  # before the points opened
    assert not Alert.objects.exists()
    alerts_refresh(today=TODAY)
    assert Alert.objects.filter(site=daklao).exists()
