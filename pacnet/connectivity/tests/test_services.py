"""Internet lines and outages: fees, bandwidth per computer, and what the services refuse."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from pacnet.accounts.tests.factories import UserFactory
from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.connectivity.selectors import bandwidth_per_computer
from pacnet.connectivity.services import (
    internet_line_add,
    internet_line_update,
    line_outage_end,
    line_outage_record,
    line_outage_start,
)
from pacnet.core.audit import audit_entries_for
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.factories import SiteFactory, UnitFactory
from pacnet.inventory.models import Equipment
from pacnet.inventory.services import equipment_status_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Refusals are matched on their English text."""
    with translation.override("en"):
        yield


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def daklao(demo_network):
    return Site.objects.get(code="X-DAKLAO")


def line_at(site, mbps=4, fee=300000, discount=70):
    return internet_line_add(
        actor=None,
        site=site,
        provider="Viettel",
        bandwidth_mbps=Decimal(mbps),
        monthly_fee=fee,
        discount_percent=discount,
        active_from=dt.date(2012, 6, 1),
    )


@pytest.fixture
def line(daklao):
    return line_at(daklao)


def writes():
    return LineOutage.objects.count(), AuditEntry.objects.count()


# --- Adding a line --------------------------------------------------------------------------


@pytest.fixture
def actor(db):
    return UserFactory(username="editor")


@pytest.fixture
def site(db):
    commune = UnitFactory(code="XA-TEST", name="Xã Thử", level=AdministrativeUnit.Level.COMMUNE)
    return SiteFactory(code="X-TEST", name="Thư viện xã Thử", unit=commune)


def only_entry(instance) -> AuditEntry:
    [entry] = audit_entries_for(instance)
    return entry


def test_adding_an_internet_line_is_audited_with_its_discount(actor, site):
    line = internet_line_add(
        actor=actor,
        site=site,
        provider="Viettel",
        bandwidth_mbps=Decimal("30"),
        monthly_fee=Decimal("250000"),
        discount_percent=Decimal("70"),
        active_from=dt.date(2017, 10, 1),
    )
    assert line.fee_after_discount == Decimal("75000")
    entry = only_entry(site)
    assert entry.actor == actor
    assert entry.changes == {"Internet line": ["", "Viettel 30 Mbit/s −70%"]}


def test_a_new_internet_line_ends_the_previous_one_the_day_before(actor, site):
    def add(day, fee):
        return internet_line_add(
            actor=actor,
            site=site,
            provider="VNPT",
            bandwidth_mbps=20,
            monthly_fee=fee,
            active_from=day,
        )

    old = add(dt.date(2015, 1, 1), 200000)
    new = add(dt.date(2019, 7, 1), 180000)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.active_to == dt.date(2019, 6, 30)
    assert new.active_to is None


def test_a_new_line_from_the_same_day_leaves_the_other_line_as_it_was(actor, site):
    def add(provider):
        return internet_line_add(
            actor=actor,
            site=site,
            provider=provider,
            bandwidth_mbps=20,
            monthly_fee=200000,
            active_from=dt.date(2019, 7, 1),
        )

    first = add("VNPT")
    add("Viettel")
    first.refresh_from_db()
    assert first.active_to is None  # never an end before its own start


def test_a_discount_over_100_percent_is_refused_and_nothing_is_written(actor, site):
    with pytest.raises(ValidationError) as refused:
        internet_line_add(
            actor=actor,
            site=site,
            provider="Viettel",
            bandwidth_mbps=30,
            monthly_fee=250000,
            discount_percent=120,
        )
    assert "discount_percent" in refused.value.message_dict
    assert not InternetLine.objects.exists()
    assert not audit_entries_for(site).exists()


# --- Fees and bandwidth -------------------------------------------------------------------


def test_the_fee_paid_is_the_fee_less_the_discount(line):
    assert line.fee_after_discount == 90000  # 300 000 × (1 − 70 %)


def test_the_fee_paid_is_rounded_to_the_dong(daklao):
    assert line_at(daklao, fee=333333, discount=Decimal("12.5")).fee_after_discount == 291666


def test_bandwidth_is_shared_by_the_computers_in_service(daklao, line):
    share = bandwidth_per_computer(site_ids=[daklao.pk], day=dt.date(2024, 1, 1))[daklao.pk]
    assert (share.download_kbps, share.computers, share.per_computer_kbps) == (4000, 5, 800)
    assert not share.below_benchmark


def test_a_retired_computer_no_longer_shares_the_line(daklao, line):
    computer = Equipment.objects.get(code="X-DAKLAO-PC05")
    equipment_status_change(
        actor=None, item=computer, status="retired", effective_on=dt.date(2023, 1, 1)
    )
    share = bandwidth_per_computer(site_ids=[daklao.pk], day=dt.date(2024, 1, 1))[daklao.pk]
    assert share.per_computer_kbps == 1000


def test_less_than_512_kbps_per_computer_is_below_the_benchmark(daklao):
    line_at(daklao, mbps=2)
    share = bandwidth_per_computer(site_ids=[daklao.pk], day=dt.date(2024, 1, 1))[daklao.pk]
    assert share.per_computer_kbps == 400
    assert share.below_benchmark


def test_a_point_without_a_line_has_no_bandwidth_share(daklao):
    assert bandwidth_per_computer(site_ids=[daklao.pk], day=dt.date(2024, 1, 1)) == {
        daklao.pk: None
    }


def test_editing_a_line_is_audited(line, province_admin):
    internet_line_update(
        actor=province_admin, line=line, contract_number="HĐ-01", status=InternetLine.Status.ENDED
    )
    entry = audit_entries_for(line).get(action="update")
    assert entry.actor == province_admin
    assert entry.changes["contract number"] == ["", "HĐ-01"]


def test_a_contract_ending_before_it_starts_is_refused(line):
    with pytest.raises(ValidationError):
        internet_line_update(actor=None, line=line, active_to=dt.date(2010, 1, 1))
    line.refresh_from_db()
    assert line.active_to is None


# --- Outages --------------------------------------------------------------------------------


def test_the_line_goes_down_now_and_comes_back(line, daklao_staff):
    outage = line_outage_start(actor=daklao_staff, line=line, cause="power")
    assert outage.end is None
    assert outage.reported_by == daklao_staff
    line_outage_end(actor=daklao_staff, outage=outage)
    outage.refresh_from_db()
    assert outage.start <= outage.end <= timezone.now()
    actions = audit_entries_for(outage).values_list("action", flat=True)
    assert sorted(actions) == ["create", "update"]


def test_a_second_open_outage_on_one_line_is_refused(line):
    line_outage_start(actor=None, line=line)
    before = writes()
    with pytest.raises(ValidationError, match="already down"):
        line_outage_start(actor=None, line=line)
    assert writes() == before


def test_a_start_in_the_future_is_refused(line):
    before = writes()
    with pytest.raises(ValidationError):
        line_outage_start(actor=None, line=line, start=timezone.now() + dt.timedelta(hours=1))
    assert writes() == before


def test_an_outage_cannot_end_before_it_started(line):
    outage = line_outage_start(actor=None, line=line, start=local(2024, 5, 2, 10))
    before = writes()
    with pytest.raises(ValidationError):
        line_outage_end(actor=None, outage=outage, end=local(2024, 5, 2, 9))
    outage.refresh_from_db()
    assert outage.end is None
    assert writes() == before


def test_an_outage_ends_only_once(line):
    outage = line_outage_start(actor=None, line=line, start=local(2024, 5, 2, 10))
    line_outage_end(actor=None, outage=outage, end=local(2024, 5, 2, 12))
    with pytest.raises(ValidationError):
        line_outage_end(actor=None, outage=outage)
    outage.refresh_from_db()
    assert outage.end == local(2024, 5, 2, 12)


def test_a_recorded_outage_overlapping_another_is_refused(line):
    line_outage_record(actor=None, line=line, start=local(2024, 5, 2, 8), end=local(2024, 5, 2, 12))
    before = writes()
    with pytest.raises(ValidationError, match="overlaps"):
        line_outage_record(
            actor=None, line=line, start=local(2024, 5, 2, 11), end=local(2024, 5, 2, 14)
        )
    assert writes() == before


def test_a_recorded_outage_may_start_when_the_previous_ended(line):
    line_outage_record(actor=None, line=line, start=local(2024, 5, 2, 8), end=local(2024, 5, 2, 12))
    line_outage_record(
        actor=None, line=line, start=local(2024, 5, 2, 12), end=local(2024, 5, 2, 14)
    )
    assert LineOutage.objects.count() == 2


def test_a_recorded_outage_during_an_open_one_is_refused(line):
    line_outage_start(actor=None, line=line, start=local(2024, 5, 2, 8))
    with pytest.raises(ValidationError, match="already down"):
        line_outage_record(
            actor=None, line=line, start=local(2024, 5, 3, 8), end=local(2024, 5, 3, 9)
        )
    assert LineOutage.objects.count() == 1


def test_a_recorded_outage_needs_its_end(line):
    before = writes()
    with pytest.raises(ValidationError):
        line_outage_record(actor=None, line=line, start=local(2024, 5, 2, 8), end=None)
    assert writes() == before


def test_a_line_outage_raises_one_open_internet_line_fault_at_the_point(line):
    from pacnet.faults.models import Fault

    first = line_outage_start(actor=None, line=line, cause="cable", note="Cáp bị đứt")
    line_outage_end(actor=None, outage=first)
    line_outage_start(actor=None, line=line)  # down again while the fault is still open
    fault = Fault.objects.get(site=line.site)
    assert fault.category == Fault.Category.INTERNET_LINE
    assert fault.source == Fault.Source.AUTOMATIC
    assert "Cáp bị đứt" in fault.description
