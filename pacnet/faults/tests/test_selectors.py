"""The upkeep indicators read from faults and repairs (issue item 6 uses them)."""

import datetime as dt

from pacnet.faults import services
from pacnet.faults.selectors import mean_time_to_repair, open_faults_by_age, repair_cost_per_item
from pacnet.faults.tests.helpers import at, report
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment

DAY = dt.date(2024, 6, 30)


def close(fault, thuvien, day, outcome="fixed"):
    fault = services.fault_assign(actor=thuvien, fault=fault, technician=thuvien, at=at(day, 8))
    return services.fault_close(actor=thuvien, fault=fault, outcome=outcome, at=at(day, 9))


def test_open_faults_are_counted_per_point_by_age(demo_network, thuvien):
    daklao, tinh = Site.objects.get(code="X-DAKLAO"), Site.objects.get(code="TV-TINH")
    report("X-DAKLAO-PC01", day=DAY)  # 0 days
    report("X-DAKLAO-PC02", day=DAY - dt.timedelta(days=8))  # 8
    report("X-DAKLAO-PC03", day=DAY - dt.timedelta(days=31))  # 31
    report("TV-TINH-PC01", day=DAY - dt.timedelta(days=120))  # 120
    close(report("TV-TINH-PC02", day=DAY - dt.timedelta(days=5)), thuvien, DAY)  # closed
    report("TV-TINH-PC03", day=DAY + dt.timedelta(days=1))  # after the day
    counts = open_faults_by_age([daklao.pk, tinh.pk], DAY)
    assert counts[daklao.pk] == {"0-7": 1, "8-30": 1, "31-90": 1, "90+": 0}
    assert counts[tinh.pk] == {"0-7": 0, "8-30": 0, "31-90": 0, "90+": 1}


def test_a_fault_closed_after_the_day_was_open_on_that_day(demo_network, thuvien):
    site = Site.objects.get(code="X-DAKLAO")
    close(
        report("X-DAKLAO-PC01", day=DAY - dt.timedelta(days=3)), thuvien, DAY + dt.timedelta(days=2)
    )
    assert open_faults_by_age([site.pk], DAY)[site.pk]["0-7"] == 1


def test_mean_time_to_repair_counts_fixed_and_replaced_faults_closed_in_the_period(
    demo_network, thuvien
):
    site = Site.objects.get(code="X-DAKLAO")
    close(report("X-DAKLAO-PC01", day=dt.date(2024, 6, 1)), thuvien, dt.date(2024, 6, 3))
    close(
        report("X-DAKLAO-PC02", day=dt.date(2024, 6, 10)), thuvien, dt.date(2024, 6, 14), "replaced"
    )
    close(
        report("X-DAKLAO-PC03", day=dt.date(2024, 6, 10)),
        thuvien,
        dt.date(2024, 6, 30),
        "written_off",
    )
    close(report("X-DAKLAO-PC04", day=dt.date(2024, 5, 1)), thuvien, dt.date(2024, 5, 30))
    mttr = mean_time_to_repair([site.pk], dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert mttr == {site.pk: 3.0}  # (2 + 4) / 2 days


def test_mean_time_to_repair_is_none_without_a_repaired_fault(demo_network):
    site = Site.objects.get(code="X-DAKLAO")
    assert mean_time_to_repair([site.pk], DAY, DAY) == {site.pk: None}


def test_repair_cost_adds_up_per_item_and_period(demo_network, thuvien):
    pc1, pc2 = Equipment.objects.filter(code__in=["X-DAKLAO-PC01", "X-DAKLAO-PC02"]).order_by(
        "code"
    )
    for day, cost in ((dt.date(2023, 3, 1), 500_000), (dt.date(2024, 3, 1), 1_200_000)):
        services.repair_record(
            actor=thuvien, kind="repair", done_on=day, done_by="Minh Phát", equipment=pc1, cost=cost
        )
    services.repair_record(
        actor=thuvien, kind="upgrade_software", done_on=DAY, done_by="TV tỉnh", equipment=pc1
    )
    assert repair_cost_per_item([pc1.pk, pc2.pk]) == {pc1.pk: 1_700_000, pc2.pk: 0}
    assert repair_cost_per_item([pc1.pk], start=dt.date(2024, 1, 1)) == {pc1.pk: 1_200_000}


def test_under_warranty_defaults_from_the_items_warranty_end(demo_network, thuvien):
    item = Equipment.objects.get(code="X-DAKLAO-PC01")  # warranty until 1 June 2015
    before = services.repair_record(
        actor=thuvien, kind="repair", done_on=dt.date(2015, 6, 1), done_by="x", equipment=item
    )
    after = services.repair_record(
        actor=thuvien, kind="repair", done_on=dt.date(2015, 6, 2), done_by="x", equipment=item
    )
    told = services.repair_record(
        actor=thuvien,
        kind="repair",
        done_on=dt.date(2016, 1, 1),
        done_by="x",
        equipment=item,
        under_warranty=True,
    )
    assert (before.under_warranty, after.under_warranty, told.under_warranty) == (True, False, True)


def test_only_an_upgrade_changes_the_profile(demo_network, thuvien):
    import pytest

    from pacnet.core.errors import DomainError

    item = Equipment.objects.get(code="X-DAKLAO-PC01")
    with pytest.raises(DomainError):
        services.repair_record(
            actor=thuvien,
            kind="repair",
            done_on=DAY,
            done_by="x",
            equipment=item,
            profile={"ram_mb": 8192},
        )
    services.repair_record(
        actor=thuvien,
        kind="upgrade_hardware",
        done_on=DAY,
        done_by="x",
        equipment=item,
        profile={"ram_mb": 8192},
    )
    assert item.profile.ram_mb == 8192
