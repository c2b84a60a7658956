"""Dates of equipment events are plausible: none to come, none before 2000 (issue 9, item 4)."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from pacnet.core.errors import DomainError
from pacnet.geography.selectors import today
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory import services
from pacnet.inventory.imports.statuses import equipment_statuses_import
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.tests.factories import EquipmentFactory

FUTURE = [dt.date(2099, 1, 1), dt.date(9999, 12, 31)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def item(db):
    return EquipmentFactory(code="X-TEST-PC01", site=SiteFactory(code="X-TEST"))


def changes_of(code: str) -> int:
    return EquipmentStatusChange.objects.filter(equipment__code=code).count()


@pytest.mark.parametrize("day", [*FUTURE, today() + dt.timedelta(days=1)])
def test_a_status_change_to_come_is_refused_on_its_date(item, day):
    with pytest.raises(DomainError) as caught:
        services.equipment_status_change(
            actor=None, item=item, status=EquipmentStatus.FAULTY, effective_on=day
        )
    assert "future" in caught.value.message_dict["effective_on"][0]
    assert changes_of("X-TEST-PC01") == 1


def test_a_status_change_before_2000_is_refused(item):
    with pytest.raises(DomainError) as caught:
        services.equipment_status_change(
            actor=None, item=item, status=EquipmentStatus.FAULTY, effective_on=dt.date(1999, 12, 31)
        )
    assert "check the year" in caught.value.message_dict["effective_on"][0]


def test_a_status_change_today_is_accepted(item):
    services.equipment_status_change(
        actor=None, item=item, status=EquipmentStatus.FAULTY, effective_on=today()
    )
    assert changes_of("X-TEST-PC01") == 2


def test_an_item_acquired_in_the_future_is_refused(db):
    with pytest.raises(DomainError) as caught:
        services.equipment_create(
            actor=None,
            code="X-TEST-PC09",
            site=SiteFactory(code="X-TEST"),
            kind=Equipment.Kind.COMPUTER,
            acquired_on=dt.date(2099, 1, 1),
            status_on=dt.date(2099, 1, 1),
        )
    assert "acquired_on" in caught.value.message_dict
    assert not Equipment.objects.filter(code="X-TEST-PC09").exists()


@pytest.mark.parametrize("day", ["2099-01-01", "9999-12-31"])
def test_the_api_answers_400_naming_the_date(daklao_staff, day):
    client = APIClient()
    client.force_login(daklao_staff)
    response = client.post(
        "/api/inventory/equipment/X-DAKLAO-PC03/status/", {"status": "faulty", "effective_on": day}
    )
    assert response.status_code == 400
    assert "effective_on" in response.json()
    assert changes_of("X-DAKLAO-PC03") == 1


def test_the_web_form_shows_the_refusal_on_the_date(client, daklao_staff):
    client.force_login(daklao_staff)
    url = reverse("inventory:equipment_status_change", kwargs={"equipment_code": "X-DAKLAO-PC03"})
    response = client.post(url, {"status": "faulty", "effective_on": "31/12/9999"})
    assert response.status_code == 200
    assert response.context["form"].errors["effective_on"] == ["Ngày này chưa tới."]
    assert changes_of("X-DAKLAO-PC03") == 1


def test_the_status_import_reports_a_date_before_2000_on_its_row_and_column(item):
    text = "equipment,status,date\nX-TEST-PC01,faulty,2019-03-10\nX-TEST-PC01,faulty,1999-03-10\n"
    summary = equipment_statuses_import(actor=None, file=BytesIO(text.encode()), name="s.csv")
    assert [(e.row, e.column) for e in summary.errors] == [(3, "date")]
    assert changes_of("X-TEST-PC01") == 1
