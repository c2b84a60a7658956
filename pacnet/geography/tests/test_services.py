"""Writes to units and access points: validated, one transaction, and audited with who and what."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import (
    AdministrativeUnit,
    Site,
    SiteStaff,
    SiteSuspension,
)
from pacnet.geography.services import (
    site_create,
    site_staff_add,
    site_staff_remove,
    site_suspend,
    site_update,
    unit_create,
    unit_update,
)
from pacnet.geography.tests.factories import SiteFactory, UnitFactory

Level = AdministrativeUnit.Level
OPENED = dt.date(2012, 6, 1)


@pytest.fixture(autouse=True)
def in_english():
    """Audit entries name fields in the language of the day: these checks read them in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def actor(db):
    return UserFactory(username="editor")


@pytest.fixture
def commune(db):
    return UnitFactory(code="XA-TEST", name="Xã Thử", level=Level.COMMUNE)


@pytest.fixture
def site(commune):
    return SiteFactory(code="X-TEST", name="Thư viện xã Thử", unit=commune)


def only_entry(instance) -> AuditEntry:
    [entry] = audit_entries_for(instance)
    return entry


def new_site(actor, unit, **overrides) -> Site:
    data = {
        "actor": actor,
        "code": "X-NEW",
        "name": "Thư viện xã Mới",
        "kind": Site.Kind.COMMUNE_LIBRARY,
        "origin": Site.Origin.REPLICATED,
        "opened_on": dt.date(2020, 3, 1),
        "unit": unit,
    }
    return site_create(**(data | overrides))


# --- Units ---------------------------------------------------------------------------------


def test_creating_a_unit_records_who_created_it_and_under_which_parent(actor):
    province = UnitFactory(code="PROV")
    unit = unit_create(
        actor=actor, code="XA-MOI", name="Xã Mới", level=Level.COMMUNE, parent=province
    )
    entry = only_entry(unit)
    assert (entry.actor, entry.action) == (actor, AuditEntry.Action.CREATE)
    assert entry.changes["code"] == ["", "XA-MOI"]
    assert entry.changes["parent"] == ["", "PROV …–…"]


def test_a_unit_code_must_be_capitals(actor):
    with pytest.raises(ValidationError):
        unit_create(actor=actor, code="xa-moi", name="Xã Mới", level=Level.COMMUNE)
    assert not AdministrativeUnit.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_unit_cannot_start_under_a_parent_that_has_ended(actor):
    ended = UnitFactory(code="OLD", valid_to=dt.date(2025, 6, 30))
    with pytest.raises(DomainError):
        unit_create(
            actor=actor,
            code="XA-MOI",
            name="Xã Mới",
            level=Level.COMMUNE,
            parent=ended,
            valid_from=dt.date(2025, 7, 1),
        )
    assert not AdministrativeUnit.objects.filter(code="XA-MOI").exists()


def test_renaming_a_unit_records_the_old_and_new_name(actor, commune):
    unit_update(actor=actor, unit=commune, name="Xã Thử Mới")
    entry = only_entry(commune)
    assert entry.changes == {"name": ["Xã Thử", "Xã Thử Mới"]}


# --- Access points -------------------------------------------------------------------------


def test_creating_a_point_records_who_and_its_unit(actor, commune):
    site = new_site(actor, commune)
    entry = only_entry(site)
    assert (entry.actor, entry.action, entry.object_repr) == (
        actor,
        AuditEntry.Action.CREATE,
        "X-NEW – Thư viện xã Mới",
    )
    assert entry.changes["code"] == ["", "X-NEW"]
    assert entry.changes["unit"] == ["", "XA-TEST …–…"]
    assert entry.changes["kind"] == ["", "commune library"]


def test_a_point_code_in_lower_case_is_refused_and_nothing_is_written(actor, commune):
    with pytest.raises(ValidationError) as refused:
        new_site(actor, commune, code="x-new")
    assert "code" in refused.value.message_dict
    assert not Site.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_point_closed_before_it_opened_is_refused(actor, commune):
    with pytest.raises(ValidationError):
        new_site(actor, commune, closed_on=dt.date(2019, 1, 1))
    assert not Site.objects.exists()


def test_a_point_cannot_open_in_a_unit_that_no_longer_exists(actor):
    ended = UnitFactory(code="OLD", valid_to=dt.date(2019, 12, 31))
    with pytest.raises(DomainError):
        new_site(actor, ended, opened_on=dt.date(2020, 3, 1))
    assert not Site.objects.exists()


def test_updating_a_point_records_only_what_changed(actor, site):
    site_update(actor=actor, site=site, phone="0261 3 544 123", opening_hours="mon-sun 7:30-17:00")
    entry = only_entry(site)
    assert (entry.actor, entry.action) == (actor, AuditEntry.Action.UPDATE)
    assert entry.changes == {
        "phone": ["", "0261 3 544 123"],
        "opening hours": ["", "mon-sun 07:30-17:00"],
    }


def test_an_update_that_changes_nothing_writes_no_audit_entry(actor, site):
    site_update(actor=actor, site=site, name=site.name, opened_on=site.opened_on)
    assert not audit_entries_for(site).exists()


def test_an_update_closing_a_point_before_it_opened_is_refused_and_changes_nothing(actor, site):
    with pytest.raises(ValidationError):
        site_update(actor=actor, site=site, closed_on=dt.date(2010, 1, 1))
    assert Site.objects.get(pk=site.pk).closed_on is None
    assert not audit_entries_for(site).exists()


def test_an_update_with_an_unknown_field_is_a_programming_error(actor, site):
    with pytest.raises(TypeError):
        site_update(actor=actor, site=site, colour="blue")


# --- Temporary closures --------------------------------------------------------------------


def test_a_temporary_closure_is_recorded_and_audited(actor, site):
    site_suspend(
        actor=actor, site=site, start=dt.date(2018, 3, 1), end=dt.date(2018, 3, 31), reason="lũ"
    )
    assert site.suspensions.count() == 1
    entry = only_entry(site)
    assert entry.actor == actor
    assert entry.changes == {"temporarily closed": ["", "2018-03-01–2018-03-31 lũ"]}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2018, 3, 31), dt.date(2018, 4, 10)),  # starts on the last day of the other
        (dt.date(2018, 2, 1), dt.date(2018, 3, 1)),  # ends on its first day
        (dt.date(2018, 3, 10), dt.date(2018, 3, 20)),  # inside it
        (dt.date(2018, 1, 1), None),  # open-ended, starting before it
    ],
)
def test_a_closure_overlapping_another_is_refused(actor, site, start, end):
    site_suspend(actor=actor, site=site, start=dt.date(2018, 3, 1), end=dt.date(2018, 3, 31))
    with pytest.raises(DomainError):
        site_suspend(actor=actor, site=site, start=start, end=end)
    assert site.suspensions.count() == 1
    assert audit_entries_for(site).count() == 1


def test_a_closure_starting_the_day_after_another_is_accepted(actor, site):
    site_suspend(actor=actor, site=site, start=dt.date(2018, 3, 1), end=dt.date(2018, 3, 31))
    site_suspend(actor=actor, site=site, start=dt.date(2018, 4, 1))
    assert site.suspensions.count() == 2


def test_a_closure_ending_before_it_starts_is_refused(actor, site):
    with pytest.raises(ValidationError):
        site_suspend(actor=actor, site=site, start=dt.date(2018, 3, 1), end=dt.date(2018, 2, 1))
    assert not SiteSuspension.objects.exists()


# --- Staff -----------------------------------------------------------------------------------


def test_adding_a_staff_member_is_audited_on_the_point(actor, site):
    member = site_staff_add(actor=actor, site=site, full_name="Nguyễn Thị Hoa", position="Văn thư")
    assert member.part_time is True
    entry = only_entry(site)
    assert entry.actor == actor
    assert entry.changes == {"part-time staff member": ["", "Nguyễn Thị Hoa (Văn thư)"]}


def test_removing_a_staff_member_is_audited_on_the_point(actor, site):
    member = SiteStaff.objects.create(
        site=site, full_name="Y Bri", position="Cán bộ văn hóa", part_time=False
    )
    site_staff_remove(actor=actor, member=member)
    assert not SiteStaff.objects.exists()
    entry = only_entry(site)
    assert entry.changes == {"staff member": ["Y Bri (Cán bộ văn hóa)", ""]}


def test_a_staff_member_needs_a_name(actor, site):
    with pytest.raises(ValidationError):
        site_staff_add(actor=actor, site=site, full_name="")
    assert not SiteStaff.objects.exists()
    assert not audit_entries_for(site).exists()
