"""The effective-point rule follows a status history imported by `import_equipment_status`."""

import datetime as dt
from io import BytesIO

import pytest

from pacnet.geography.tests.factories import SiteFactory
from pacnet.indicators.effective import points_year
from pacnet.indicators.tests.builders import patron, visits_on_days
from pacnet.inventory.imports.statuses import equipment_statuses_import
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.plans.selectors import Thresholds

pytestmark = pytest.mark.django_db

HEADER = "equipment,status,date\n"


@pytest.fixture
def point():
    site = SiteFactory(code="X-TEST")
    for number in range(1, 6):
        EquipmentFactory(code=f"X-TEST-PC0{number}", site=site, acquired_on=dt.date(2012, 6, 1))
    return site


def run(text: str):
    return equipment_statuses_import(actor=None, file=BytesIO(text.encode()), name="s.csv")


def test_a_month_stops_being_effective_when_imported_faults_drop_below_60_percent(point):
    visits_on_days(point, patron(), 2019, 3, days=20)
    visits_on_days(point, patron(), 2019, 4, days=20)

    def effective_months():
        (year,) = points_year(
            site_ids=[point.pk], year=2019, today=dt.date(2020, 1, 15), thresholds=Thresholds()
        )
        return {m for m in year.effective_months if m in (3, 4)}

    assert effective_months() == {3, 4}
    run(HEADER + "X-TEST-PC01,faulty,2019-04-05\nX-TEST-PC02,faulty,2019-04-05\n")
    assert effective_months() == {3, 4}  # 3 of 5 working is 60 %: still effective
    run(HEADER + "X-TEST-PC03,under_repair,2019-04-29\n")
    assert effective_months() == {3}  # 2 of 5 on 30 April
