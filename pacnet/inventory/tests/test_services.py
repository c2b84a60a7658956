"""The equipment services: every write validated, in one transaction, and audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.services import (
    equipment_create,
    equipment_status_change,
    equipment_update,
)
from pacnet.inventory.tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

ACQUIRED = dt.date(2020, 1, 10)


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def item():
    return EquipmentFactory(acquired_on=ACQUIRED, status_on=ACQUIRED)


def create(user, **overrides):
    kwargs = {
        "actor": user,
        "code": "P-NEW-PC01",
        "site": SiteFactory(),
        "kind": Equipment.Kind.COMPUTER,
        "status_on": ACQUIRED,
        "acquired_on": ACQUIRED,
        "source": "test",
    }
    return equipment_create(**{**kwargs, **overrides})


def test_create_records_the_item_its_first_status_and_an_audit_entry(user):
    item = create(user, status=EquipmentStatus.FAULTY)
    change = item.status_changes.get()
    assert (change.status, change.effective_on, change.recorded_by) == (
        EquipmentStatus.FAULTY,
        ACQUIRED,
        user,
    )
    entry = audit_entries_for(item).get()
    assert (entry.action, entry.actor, entry.source) == (AuditEntry.Action.CREATE, user, "test")


def test_create_refuses_a_duplicate_code_and_writes_nothing(user, item):
    with pytest.raises(ValidationError) as error:
        create(user, code=item.code)
    assert "code" in error.value.error_dict
    assert Equipment.objects.count() == 1


def test_create_refuses_a_first_status_before_acquisition(user):
    with pytest.raises(DomainError) as error:
        create(user, status_on=ACQUIRED - dt.timedelta(days=1))
    assert "status_on" in error.value.error_dict
    assert not Equipment.objects.exists()
    assert not AuditEntry.objects.exists()


def test_update_changes_the_details_and_audits_before_and_after(user, item):
    equipment_update(actor=user, item=item, model="HP ProDesk", source="test")
    item.refresh_from_db()
    assert item.model == "HP ProDesk"
    entry = audit_entries_for(item).get(action=AuditEntry.Action.UPDATE)
    assert ["", "HP ProDesk"] in entry.changes.values()


def test_update_that_changes_nothing_leaves_no_audit_entry(user, item):
    equipment_update(actor=user, item=item, model="")
    assert not AuditEntry.objects.exists()


def test_update_refuses_unknown_fields(user, item):
    with pytest.raises(TypeError):
        equipment_update(actor=user, item=item, code="OTHER")


def test_update_refuses_an_acquisition_after_the_first_status(user, item):
    with pytest.raises(DomainError) as error:
        equipment_update(actor=user, item=item, acquired_on=ACQUIRED + dt.timedelta(days=1))
    assert "acquired_on" in error.value.error_dict
    item.refresh_from_db()
    assert item.acquired_on == ACQUIRED


@translation.override("en")
def test_status_change_records_the_new_status_from_its_day(user, item):
    day = dt.date(2024, 3, 15)
    change = equipment_status_change(
        actor=user, item=item, status=EquipmentStatus.FAULTY, effective_on=day, note="hỏng nguồn"
    )
    assert (change.status, change.effective_on, change.note, change.recorded_by) == (
        EquipmentStatus.FAULTY,
        day,
        "hỏng nguồn",
        user,
    )
    entry = audit_entries_for(item).get()
    assert entry.changes == {"status": ["", "faulty"], "effective on": ["", "2024-03-15"]}


def test_the_audit_of_a_status_change_reads_in_the_readers_language(user, item):
    equipment_status_change(
        actor=user, item=item, status=EquipmentStatus.FAULTY, effective_on=dt.date(2024, 3, 15)
    )
    entry = audit_entries_for(item).get()
    with translation.override("vi"):
        assert entry.change_rows == [
            ("tình trạng", "", "hỏng"),
            ("có hiệu lực từ", "", "15/03/2024"),
        ]
    with translation.override("en"):
        assert entry.change_rows == [("status", "", "faulty"), ("effective on", "", "15/03/2024")]


@translation.override("en")
def test_a_second_status_change_on_the_same_day_replaces_the_first(user, item):
    day = dt.date(2024, 3, 15)
    equipment_status_change(actor=user, item=item, status="faulty", effective_on=day)
    equipment_status_change(actor=user, item=item, status="under_repair", effective_on=day)
    assert list(item.status_changes.filter(effective_on=day).values_list("status", flat=True)) == [
        "under_repair"
    ]
    latest = audit_entries_for(item).first()
    assert latest.changes == {"status": ["faulty", "under repair"]}  # the day did not change


def test_repeating_the_same_status_change_writes_nothing_more(user, item):
    day = dt.date(2024, 3, 15)
    equipment_status_change(actor=user, item=item, status="faulty", effective_on=day)
    equipment_status_change(actor=user, item=item, status="faulty", effective_on=day)
    assert item.status_changes.count() == 2
    assert audit_entries_for(item).count() == 1


def test_status_change_refuses_an_unknown_status(user, item):
    with pytest.raises(DomainError) as error:
        equipment_status_change(actor=user, item=item, status="broken", effective_on=ACQUIRED)
    assert "status" in error.value.error_dict
    assert EquipmentStatusChange.objects.count() == 1


def test_status_change_refuses_a_day_before_acquisition(user, item):
    with pytest.raises(DomainError) as error:
        equipment_status_change(
            actor=user, item=item, status="faulty", effective_on=ACQUIRED - dt.timedelta(days=1)
        )
    assert "effective_on" in error.value.error_dict
    assert EquipmentStatusChange.objects.count() == 1
    assert not AuditEntry.objects.exists()
