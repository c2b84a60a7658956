"""The demo's fault and repair history: plausible, consistent with the equipment, loaded once."""

import pytest
from django.utils import timezone

from pacnet.accounts.demo import demo_users_create
from pacnet.faults.demo import demo_faults_load
from pacnet.faults.models import Fault, FaultStatus, Repair
from pacnet.inventory.demo import demo_equipment_extras_load
from pacnet.inventory.models import EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on

ITEM_STATUS_AT_CLOSE = {
    FaultStatus.FIXED: EquipmentStatus.WORKING,
    FaultStatus.REPLACED: EquipmentStatus.RETIRED,
    FaultStatus.WRITTEN_OFF: EquipmentStatus.RETIRED,
}


@pytest.fixture
def demo(demo_network):
    demo_equipment_extras_load()
    demo_users_create()
    return demo_faults_load()


def test_the_demo_has_faults_of_every_category_since_2013(demo):
    assert demo > 50
    assert set(Fault.objects.values_list("category", flat=True)) == set(Fault.Category.values)
    assert Fault.objects.order_by("reported_at").first().reported_at.year == 2013
    assert Repair.objects.filter(kind="replacement").exists()


def test_the_demo_leaves_a_few_faults_open(demo):
    open_statuses = set(
        Fault.objects.filter(closed_at__isnull=True).values_list("status", flat=True)
    )
    assert open_statuses == {"reported", "assigned", "in_repair"}


def test_the_equipment_status_follows_every_demo_fault(demo):
    for fault in Fault.objects.exclude(equipment=None).select_related("equipment"):
        reported = timezone.localdate(fault.reported_at)
        assert equipment_status_on(fault.equipment, reported) != EquipmentStatus.WORKING
        if fault.closed_at:
            closed = timezone.localdate(fault.closed_at)
            assert (
                equipment_status_on(fault.equipment, closed) == ITEM_STATUS_AT_CLOSE[fault.status]
            )


def test_usb_modems_only_fail_once_out_of_warranty(demo):
    modems = Fault.objects.filter(equipment__kind="usb_modem", source="person")
    assert modems.exists()
    assert all(f.reported_at.date().isoformat() >= "2015-06-01" for f in modems)


def test_loading_the_demo_twice_changes_nothing(demo):
    count = Fault.objects.count()
    assert demo_faults_load() == 0
    assert Fault.objects.count() == count
