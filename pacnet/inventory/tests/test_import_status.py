"""`pacnet import_equipment_status FILE.csv`: dated status changes, checked first, all or none."""

import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.selectors import today
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.imports.statuses import equipment_statuses_import
from pacnet.inventory.models import EquipmentStatusChange
from pacnet.inventory.selectors import computer_counts_on, computer_counts_on_days
from pacnet.inventory.tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

HEADER = "equipment,status,date\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def point():
    site = SiteFactory(code="X-TEST")
    for number in range(1, 6):
        EquipmentFactory(code=f"X-TEST-PC0{number}", site=site, acquired_on=dt.date(2012, 6, 1))
    return site


def run(text: str, *, actor=None, dry_run=False):
    return equipment_statuses_import(
        actor=actor, file=BytesIO(text.encode()), name="s.csv", dry_run=dry_run
    )


def history() -> set[tuple[str, str, dt.date]]:
    return set(
        EquipmentStatusChange.objects.values_list("equipment__code", "status", "effective_on")
    )


def errors(summary) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in summary.errors]


def test_a_row_records_the_status_from_its_date(point):
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\n")
    assert summary.ok and summary.created == 1
    assert ("X-TEST-PC01", "faulty", dt.date(2019, 3, 10)) in history()


def test_dates_may_be_written_dd_mm_yyyy_and_statuses_in_vietnamese(point):
    summary = run(HEADER + "X-TEST-PC01,hỏng,10/03/2019\nX-TEST-PC02,Đang sửa,11/03/2019\n")
    assert summary.ok
    assert {("X-TEST-PC01", "faulty", dt.date(2019, 3, 10))} <= history()
    assert ("X-TEST-PC02", "under_repair", dt.date(2019, 3, 11)) in history()


def test_the_change_is_audited_as_an_import(point):
    run(HEADER + "X-TEST-PC01,faulty,2019-03-10\n")
    assert AuditEntry.objects.filter(source="import", object_repr="X-TEST-PC01").count() == 1


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("X-NOPE-PC01,faulty,2019-03-10", "equipment"),
        ("X-TEST-PC01,broken,2019-03-10", "status"),
        ("X-TEST-PC01,faulty,31/02/2019", "date"),
        ("X-TEST-PC01,faulty,", "date"),
        ("X-TEST-PC01,faulty,2011-12-31", "date"),  # before it was acquired
    ],
    ids=["unknown equipment", "bad status", "bad date", "no date", "before acquisition"],
)
def test_a_wrong_row_is_reported_with_its_row_number_and_column(point, row, column):
    summary = run(HEADER + "X-TEST-PC02,faulty,2019-03-10\n" + row + "\n")
    assert errors(summary) == [(3, column)]


def test_a_date_in_the_future_is_refused(point):
    tomorrow = today() + dt.timedelta(days=1)
    summary = run(HEADER + f"X-TEST-PC01,faulty,{tomorrow.isoformat()}\n")
    assert errors(summary) == [(2, "date")]
    assert "future" in summary.errors[0].message


def test_two_rows_giving_one_item_two_statuses_on_one_day_are_refused(point):
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-TEST-PC01,working,10/03/2019\n")
    assert errors(summary) == [(3, "status")]
    assert "Row 2" in summary.errors[0].message


def test_the_same_row_twice_is_recorded_once(point):
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-TEST-PC01,faulty,2019-03-10\n")
    assert summary.ok and summary.created == 1 and summary.unchanged == 1


def test_every_error_is_reported_at_once(point):
    summary = run(HEADER + "X-NOPE,faulty,2019-03-10\nX-TEST-PC01,broken,bad\n")
    assert errors(summary) == [(2, "equipment"), (3, "status"), (3, "date")]


def test_one_wrong_row_writes_nothing(point):
    before = (history(), AuditEntry.objects.count())
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-TEST-PC02,broken,2019-03-10\n")
    assert not summary.ok
    assert (history(), AuditEntry.objects.count()) == before


def test_a_missing_column_is_reported_on_the_header_row(point):
    summary = run("equipment,status\nX-TEST-PC01,faulty\n")
    assert errors(summary) == [(1, "date")]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(point):
    text = HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-TEST-PC01,working,2019-04-02\n"
    run(text)
    before = (history(), AuditEntry.objects.count())
    summary = run(text)
    assert summary.ok and summary.created == 0 and summary.unchanged == 2
    assert (history(), AuditEntry.objects.count()) == before


def test_another_status_on_a_recorded_day_replaces_it_and_is_audited(point):
    run(HEADER + "X-TEST-PC01,faulty,2019-03-10\n")
    audits = AuditEntry.objects.count()
    summary = run(HEADER + "X-TEST-PC01,under_repair,2019-03-10\n")
    assert summary.replaced == 1
    changes = EquipmentStatusChange.objects.filter(
        equipment__code="X-TEST-PC01", effective_on=dt.date(2019, 3, 10)
    )
    assert list(changes.values_list("status", flat=True)) == ["under_repair"]
    assert AuditEntry.objects.count() == audits + 1


def test_a_dry_run_checks_and_writes_nothing(point):
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\n", dry_run=True)
    assert summary.ok and summary.created == 1
    assert ("X-TEST-PC01", "faulty", dt.date(2019, 3, 10)) not in history()


def test_a_user_may_not_import_statuses_of_items_outside_their_area(point):
    other = SiteFactory(code="X-OTHER")
    staff = UserFactory(role=Role.POINT_STAFF, scope_sites=[other])
    summary = run(HEADER + "X-TEST-PC01,faulty,2019-03-10\n", actor=staff)
    assert errors(summary) == [(2, "equipment")]
    assert "outside your area" in summary.errors[0].message


# --- The indicators follow the imported history -------------------------------------------


def test_working_computers_follow_imported_status_changes(point):
    run(HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-TEST-PC02,retired,2019-03-20\n")
    counts = computer_counts_on_days([point.pk], [dt.date(2019, 3, 9), dt.date(2019, 3, 31)])
    assert counts[dt.date(2019, 3, 9)][point.pk] == {"in_service": 5, "working": 5}
    assert counts[dt.date(2019, 3, 31)][point.pk] == {"in_service": 4, "working": 3}


# --- The command ----------------------------------------------------------------------------


def test_the_command_records_the_file_and_prints_a_summary(point, tmp_path):
    path = tmp_path / "inspection.csv"
    path.write_text(HEADER + "X-TEST-PC01,faulty,2019-03-10\n", encoding="utf-8")
    out = StringIO()
    call_command("import_equipment_status", str(path), "--language", "en", stdout=out)
    assert "1 status changes recorded" in out.getvalue()
    assert computer_counts_on([point.pk], dt.date(2019, 3, 10))[point.pk]["working"] == 4


def test_the_command_lists_every_error_with_its_row_and_writes_nothing(point, tmp_path):
    path = tmp_path / "inspection.csv"
    path.write_text(HEADER + "X-TEST-PC01,faulty,2019-03-10\nX-NOPE,faulty,bad\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_equipment_status", str(path), "--language", "en")
    assert "row 3, column equipment" in str(raised.value)
    assert "row 3, column date" in str(raised.value)
    assert not EquipmentStatusChange.objects.filter(status="faulty").exists()
