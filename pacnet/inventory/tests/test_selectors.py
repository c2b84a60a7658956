"""Reads of equipment: status on any day, counts of computers, codes and search."""

import datetime as dt

import pytest

from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.selectors import (
    computer_counts_on,
    equipment_code_suggestion,
    equipment_current_change,
    equipment_for_list,
    equipment_matching,
    equipment_status_history,
    equipment_status_on,
)
from pacnet.inventory.tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

START = dt.date(2012, 6, 1)


def change(item, status, day):
    EquipmentStatusChange.objects.create(equipment=item, status=status, effective_on=day)


def test_before_any_record_the_status_is_none():
    item = EquipmentFactory(status_on=START)
    assert equipment_status_on(item, START - dt.timedelta(days=1)) is None
    assert equipment_current_change(item, START - dt.timedelta(days=1)) is None
    listed = equipment_for_list(Equipment.objects.all(), START - dt.timedelta(days=1)).get()
    assert (listed.status_on, listed.status_since) == (None, None)


def test_the_status_on_a_day_is_the_latest_change_up_to_that_day():
    item = EquipmentFactory(status_on=START)
    change(item, EquipmentStatus.FAULTY, dt.date(2020, 5, 1))
    change(item, EquipmentStatus.WORKING, dt.date(2020, 6, 1))
    assert equipment_status_on(item, dt.date(2020, 4, 30)) == EquipmentStatus.WORKING
    assert equipment_status_on(item, dt.date(2020, 5, 1)) == EquipmentStatus.FAULTY
    assert equipment_status_on(item, dt.date(2020, 5, 31)) == EquipmentStatus.FAULTY
    listed = equipment_for_list(Equipment.objects.all(), dt.date(2020, 5, 20)).get()
    assert (listed.status_on, listed.status_since) == (EquipmentStatus.FAULTY, dt.date(2020, 5, 1))


def test_the_history_is_newest_first():
    item = EquipmentFactory(status_on=START)
    change(item, EquipmentStatus.FAULTY, dt.date(2020, 5, 1))
    assert [c.effective_on for c in equipment_status_history(item)] == [
        dt.date(2020, 5, 1),
        START,
    ]


def test_retired_computers_are_not_counted_in_service():
    site = SiteFactory()
    working, faulty, retired = (EquipmentFactory(site=site) for _ in range(3))
    EquipmentFactory(site=site, kind=Equipment.Kind.PRINTER)
    day = dt.date(2021, 1, 1)
    change(faulty, EquipmentStatus.FAULTY, day)
    change(retired, EquipmentStatus.RETIRED, day)
    assert computer_counts_on([site.pk], day)[site.pk] == {"in_service": 2, "working": 1}
    before = day - dt.timedelta(days=1)
    assert computer_counts_on([site.pk], before)[site.pk] == {"in_service": 3, "working": 3}


def test_computers_not_yet_recorded_are_not_counted_and_empty_points_count_zero():
    site, empty = SiteFactory(), SiteFactory()
    EquipmentFactory(site=site, status_on=dt.date(2022, 1, 1))
    counts = computer_counts_on([site.pk, empty.pk], dt.date(2021, 12, 31))
    assert counts == {
        site.pk: {"in_service": 0, "working": 0},
        empty.pk: {"in_service": 0, "working": 0},
    }


def test_the_suggested_code_is_one_more_than_the_highest_number_of_its_kind():
    site = SiteFactory(code="X-TEST")
    for code in ("X-TEST-PC01", "X-TEST-PC02", "X-TEST-PC07", "X-TEST-PC07B"):
        EquipmentFactory(site=site, code=code)
    assert equipment_code_suggestion(site, Equipment.Kind.COMPUTER) == "X-TEST-PC08"
    assert equipment_code_suggestion(site, Equipment.Kind.PRINTER) == "X-TEST-PR01"


def test_search_matches_code_serial_or_model_whatever_the_case():
    EquipmentFactory(code="A-PC01", serial="SN777", model="Dell OptiPlex")
    EquipmentFactory(code="B-PC01", model="HP ProDesk")
    found = equipment_matching(Equipment.objects.all(), "optiplex")
    assert [i.code for i in found] == ["A-PC01"]
    assert [i.code for i in equipment_matching(Equipment.objects.all(), "sn777")] == ["A-PC01"]
    assert equipment_matching(Equipment.objects.all(), "pc01 hp").get().code == "B-PC01"
