"""Faults and repairs happened: none dated to come or before 2000 (issue 9, item 4)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from pacnet.core.errors import DomainError
from pacnet.faults import services
from pacnet.faults.models import Fault, Repair
from pacnet.faults.tests.helpers import at, report
from pacnet.inventory.models import Equipment


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def record_repair(done_on: dt.date):
    return services.repair_record(
        actor=None,
        kind=Repair.Kind.REPAIR,
        done_on=done_on,
        done_by="Thư viện tỉnh",
        equipment=Equipment.objects.get(code="X-DAKLAO-PC01"),
    )


@pytest.mark.parametrize("day", [dt.date(2099, 1, 1), dt.date(9999, 12, 31)])
def test_a_repair_dated_to_come_is_refused_on_its_date(demo_network, day):
    with pytest.raises(DomainError) as caught:
        record_repair(day)
    assert caught.value.message_dict["done_on"] == ["This date is in the future."]
    assert not Repair.objects.exists()


def test_a_repair_before_2000_is_refused(demo_network):
    with pytest.raises(DomainError) as caught:
        record_repair(dt.date(1999, 5, 2))
    assert "check the year" in caught.value.message_dict["done_on"][0]


def test_the_repair_form_shows_the_refusal_on_the_date(client, thuvien):
    client.force_login(thuvien)
    response = client.post(
        reverse("faults:repair_create_for_item", kwargs={"equipment_code": "X-DAKLAO-PC01"}),
        {"kind": "repair", "done_on": "31/12/2099", "done_by": "Thư viện tỉnh"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"] == ["Ngày này chưa tới."]
    assert not Repair.objects.exists()


def test_a_fault_reported_in_the_future_is_refused(demo_network):
    with pytest.raises(DomainError) as caught:
        report(day=timezone.localdate() + dt.timedelta(days=2))
    assert "reported_at" in caught.value.message_dict
    assert not Fault.objects.exists()


def test_a_fault_cannot_move_on_at_a_time_to_come(demo_network, thuvien):
    fault = report(day=dt.date(2024, 5, 2))
    with pytest.raises(DomainError):
        services.fault_assign(
            actor=thuvien, fault=fault, technician=thuvien, at=at(dt.date(2099, 5, 2))
        )
    fault.refresh_from_db()
    assert fault.assigned_to is None
