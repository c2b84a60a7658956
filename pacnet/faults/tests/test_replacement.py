"""The replacement plan: each reason, the prices, the scope, and a constant query count.

Plan for 2025 made on 15/05/2024. X-DAKLAO's 2012 computers (demo network) cost 12,500,000
VND and reached their expected end of life on 01/06/2019.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pacnet.faults import services as faults
from pacnet.faults.selectors.replacement import PRICES, plan_by_point, replacement_plan
from pacnet.faults.tests.helpers import at
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.inventory.services import equipment_create, equipment_status_change

TODAY = dt.date(2024, 5, 15)
YEAR = 2025


@pytest.fixture
def daklao(demo_network) -> Site:
    return Site.objects.get(code="X-DAKLAO")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def item(code: str) -> Equipment:
    return Equipment.objects.get(code=code)


def reasons(site: Site, code: str, year: int = YEAR, today: dt.date = TODAY) -> list[str]:
    rows = replacement_plan(site_ids=[site.pk], year=year, today=today)
    return next((r.reasons for r in rows if r.code == code), [])


def new_item(code: str, *, acquired_on=dt.date(2022, 1, 1), **fields) -> Equipment:
    """A computer of X-DAKLAO bought for 12,500,000 VND, no end of life recorded unless given."""
    return equipment_create(
        actor=None,
        code=code,
        site=Site.objects.get(code="X-DAKLAO"),
        kind="computer",
        status_on=acquired_on,
        acquired_on=acquired_on,
        acquisition_cost=12_500_000,
        **fields,
    )


def test_an_item_past_its_end_of_life_is_replaced(daklao):
    assert reasons(daklao, "X-DAKLAO-PC01") == ["Past its expected end of life (01/06/2019)."]


def test_an_item_reaching_its_end_of_life_during_the_year_is_replaced(daklao):
    new_item("X-DAKLAO-PC11", end_of_life_on=dt.date(2025, 12, 31))
    new_item("X-DAKLAO-PC12", end_of_life_on=dt.date(2026, 1, 1))
    assert reasons(daklao, "X-DAKLAO-PC11") == ["Reaches its expected end of life on 31/12/2025."]
    assert reasons(daklao, "X-DAKLAO-PC12") == []


def test_an_item_7_years_old_at_the_years_end_without_end_of_life_is_replaced(daklao):
    new_item("X-DAKLAO-PC11", acquired_on=dt.date(2018, 1, 1))
    new_item("X-DAKLAO-PC12", acquired_on=dt.date(2019, 1, 1))
    assert reasons(daklao, "X-DAKLAO-PC11") == [
        "7 years old at the end of 2025 (acquired 01/01/2018), no end of life recorded."
    ]
    assert reasons(daklao, "X-DAKLAO-PC12") == []


def repair(code: str, cost: int, day: dt.date = dt.date(2023, 3, 1)) -> None:
    faults.repair_record(
        actor=None, kind="repair", done_on=day, done_by="Minh Phát", equipment=item(code), cost=cost
    )


def test_repairs_over_half_the_acquisition_cost_make_an_item_replaced(daklao):
    new_item("X-DAKLAO-PC11")
    new_item("X-DAKLAO-PC12")
    repair("X-DAKLAO-PC11", 4_000_000)
    repair("X-DAKLAO-PC11", 3_000_000)  # 7,000,000 > 12,500,000 / 2
    repair("X-DAKLAO-PC12", 6_250_000)  # exactly half: kept
    assert reasons(daklao, "X-DAKLAO-PC11") == [
        "Repairs so far cost 7.000.000\u00a0đ, 56 % of its acquisition cost (12.500.000\u00a0đ)."
    ]
    assert reasons(daklao, "X-DAKLAO-PC12") == []


def report(code: str, day: dt.date) -> None:
    thing = item(code)
    faults.fault_report(
        actor=None, site=thing.site, equipment=thing, description="Hỏng", at=at(day)
    )


def test_three_faults_in_the_last_12_months_make_an_item_replaced(daklao):
    new_item("X-DAKLAO-PC11")
    new_item("X-DAKLAO-PC12")
    for day in (dt.date(2023, 5, 16), dt.date(2023, 12, 1), TODAY):
        report("X-DAKLAO-PC11", day)
    # The first one a year ago to the day: out of the last 12 months.
    for day in (dt.date(2023, 5, 15), dt.date(2023, 12, 1), TODAY):
        report("X-DAKLAO-PC12", day)
    assert reasons(daklao, "X-DAKLAO-PC11") == ["3 faults in the last 12 months."]
    assert reasons(daklao, "X-DAKLAO-PC12") == []


def test_a_retired_item_not_replaced_stays_in_the_plan_until_its_point_has_its_count_again(daklao):
    equipment_status_change(
        actor=None, item=item("X-DAKLAO-PC05"), status="retired", effective_on=dt.date(2024, 3, 1)
    )
    assert reasons(daklao, "X-DAKLAO-PC05") == [
        "Retired on 01/03/2024 and not replaced: 4 in service at the point, against 5 before."
    ]
    equipment_create(
        actor=None,
        code="X-DAKLAO-PC06",
        site=daklao,
        kind="computer",
        status_on=dt.date(2024, 4, 1),
    )
    assert reasons(daklao, "X-DAKLAO-PC05") == []


def test_every_reason_of_an_item_is_listed(daklao):
    repair("X-DAKLAO-PC01", 7_000_000)
    assert len(reasons(daklao, "X-DAKLAO-PC01")) == 2


def test_an_item_without_reason_is_not_in_the_plan(daklao):
    new_item("X-DAKLAO-PC11")
    rows = replacement_plan(site_ids=[daklao.pk], year=YEAR, today=TODAY)
    assert "X-DAKLAO-PC11" not in {r.code for r in rows}


def test_the_estimated_cost_is_the_current_price_of_the_kind(daklao):
    rows = replacement_plan(site_ids=[daklao.pk], year=YEAR, today=TODAY)
    assert {r.code: r.cost for r in rows if r.code.endswith(("PC01", "PR01"))} == {
        "X-DAKLAO-PC01": 15_000_000,
        "X-DAKLAO-PR01": 4_000_000,
    }
    assert PRICES == {
        "computer": 15_000_000,
        "printer": 4_000_000,
        "usb_modem": 600_000,
        "router": 1_500_000,
        "ups": 2_500_000,
        "projector": 12_000_000,
        "other": 2_000_000,
    }
    (point,) = plan_by_point(rows)
    assert point.cost == 5 * 15_000_000 + 4_000_000


def test_a_plan_holds_only_the_points_asked(daklao):
    namda = Site.objects.get(code="X-NAMDA")
    rows = replacement_plan(site_ids=[namda.pk], year=YEAR, today=TODAY)
    assert rows and {r.site_code for r in rows} == {"X-NAMDA"}


def test_the_query_count_does_not_grow_with_the_number_of_points(daklao):
    equipment_status_change(
        actor=None, item=item("X-DAKLAO-PC05"), status="retired", effective_on=dt.date(2024, 3, 1)
    )
    counts = []
    for ids in ([daklao.pk], list(Site.objects.values_list("pk", flat=True))):
        with CaptureQueriesContext(connection) as queries:
            replacement_plan(site_ids=ids, year=YEAR, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
