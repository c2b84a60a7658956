"""The audit trail: who changed what, as readable text, and nothing when nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for, audit_record, snapshot
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.factories import SiteFactory, UnitFactory
from pacnet.plans.models import Plan
from pacnet.usage.tests.factories import SessionFactory


@pytest.fixture(autouse=True)
def in_english():
    """Field names are recorded in the language of the day: these checks read them in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def site(db):
    return SiteFactory(code="X-AUDIT", name="Thư viện xã", opened_on=dt.date(2012, 6, 1))


def test_a_creation_records_every_filled_field_as_text(site):
    entry = audit_record(actor=None, instance=site, action=AuditEntry.Action.CREATE)
    assert entry.changes["code"] == ["", "X-AUDIT"]
    assert entry.changes["opened on"] == ["", "2012-06-01"]
    assert entry.changes["kind"] == ["", "commune library"]  # the label, not the stored value
    assert "closed on" not in entry.changes  # empty before and after
    assert entry.object_repr == "X-AUDIT – Thư viện xã"


def test_an_entry_records_who_made_the_change(site):
    editor = UserFactory(username="editor")
    entry = audit_record(actor=editor, instance=site, action=AuditEntry.Action.CREATE)
    assert entry.actor == editor


def test_a_change_without_a_signed_in_user_is_recorded_without_actor(site):
    entry = audit_record(actor=AnonymousUser(), instance=site, action=AuditEntry.Action.CREATE)
    assert entry.actor is None


def test_an_update_records_only_the_fields_that_changed(site):
    before = snapshot(site)
    site.phone = "0261 3 544 123"
    entry = audit_record(
        actor=None, instance=site, action=AuditEntry.Action.UPDATE, before=before, source="web"
    )
    assert entry.changes == {"phone": ["", "0261 3 544 123"]}
    assert entry.source == "web"


def test_an_update_that_changed_nothing_leaves_no_entry(site):
    before = snapshot(site)
    assert (
        audit_record(actor=None, instance=site, action=AuditEntry.Action.UPDATE, before=before)
        is None
    )
    assert not AuditEntry.objects.exists()


def test_a_deletion_records_what_was_there(site):
    entry = audit_record(
        actor=None, instance=site, action=AuditEntry.Action.DELETE, before={"name": "Thư viện xã"}
    )
    assert entry.changes == {"name": ["Thư viện xã", ""]}


def test_many_to_many_values_are_shown_by_name_in_order(db):
    province = UnitFactory(code="LDG", name="Tỉnh Lâm Đồng")
    old = UnitFactory(code="DNO", name="Tỉnh Đắk Nông")
    older = UnitFactory(code="XXX", name="Tỉnh Cũ")
    old.successors.set([province, older])
    assert snapshot(old)["successor units"] == "Tỉnh Cũ, Tỉnh Lâm Đồng"


def test_an_empty_choice_is_shown_as_empty_text(db):
    unit = AdministrativeUnit(code="NEW", name="Mới")  # level not chosen yet
    assert snapshot(unit)["level"] == ""


def test_the_entries_of_an_object_are_its_own_newest_first(site):
    other = SiteFactory()
    first = audit_record(actor=None, instance=site, action=AuditEntry.Action.CREATE)
    audit_record(actor=None, instance=other, action=AuditEntry.Action.CREATE)
    site.phone = "1"
    second = audit_record(
        actor=None, instance=site, action=AuditEntry.Action.UPDATE, before={"phone": ""}
    )
    assert list(audit_entries_for(site)) == [second, first]
    assert all(e.content_type.model_class() is Site for e in audit_entries_for(site))


def test_a_time_is_recorded_on_the_local_clock_and_read_day_first(db):
    start = dt.datetime(2026, 3, 4, 2, 30, tzinfo=dt.UTC)
    session = SessionFactory(start=start, end=start + dt.timedelta(hours=1))
    entry = audit_record(actor=None, instance=session, action=AuditEntry.Action.CREATE)
    assert entry.changes["start"][1] == "2026-03-04 09:30"  # Asia/Ho_Chi_Minh, UTC+7
    assert ("start", "", "04/03/2026 09:30") in entry.change_rows


def test_a_share_is_recorded_as_the_percent_the_form_showed(db):
    plan = Plan.objects.create(
        name="Kế hoạch",
        start=dt.date(2021, 1, 1),
        end=dt.date(2025, 12, 31),
        visits_growth_max=Decimal("0.075"),
    )
    entry = audit_record(actor=None, instance=plan, action=AuditEntry.Action.CREATE)
    assert entry.changes["yearly visits growth target (from)"][1] == "5 %"
    assert entry.changes["yearly visits growth target (to)"][1] == "7.5 %"
    with translation.override("vi"):
        rows = {label: new for label, _old, new in entry.change_rows}
    assert rows["chỉ tiêu tăng lượt sử dụng hằng năm (đến)"] == "7,5 %"
