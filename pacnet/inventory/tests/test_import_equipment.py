"""The equipment register import: identified by code, checked first, all or nothing, idempotent."""

import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.imports import COLUMNS, equipment_import, template_csv
from pacnet.inventory.models import ComputerProfile, Equipment, EquipmentStatusChange
from pacnet.inventory.tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "code,point,kind,model,funding_source,acquired_on,acquisition_cost,warranty_ends_on,"
    "end_of_life_on,os,os_version,ram_mb\n"
)
PC = (
    "X-TEST-PC06,X-TEST,computer,Dell OptiPlex 3080,state_budget,15/03/2024,12.500.000,"
    "15/03/2027,15/03/2031,Windows,10 22H2,8192\n"
)
ROUTER = "X-TEST-RT01,X-TEST,router,TP-Link,donor,2024-03-15,850000,,,,,\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def point():
    return SiteFactory(code="X-TEST")


def run(text: str, *, actor=None, dry_run=False, name="e.csv"):
    data = text if isinstance(text, bytes) else text.encode()
    return equipment_import(actor=actor, file=BytesIO(data), name=name, dry_run=dry_run)


def errors(summary) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in summary.errors]


def state() -> tuple:
    return (
        sorted(Equipment.objects.values_list()),
        sorted(ComputerProfile.objects.values_list("equipment__code", "os", "os_version")),
        EquipmentStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_new_row_creates_the_item_with_its_register_details(point):
    summary = run(HEADER + PC)
    assert summary.ok and summary.created == 1
    item = Equipment.objects.get(code="X-TEST-PC06")
    assert (item.site, item.kind, item.funding_source) == (point, "computer", "state_budget")
    assert item.acquisition_cost == 12_500_000
    assert item.warranty_ends_on == dt.date(2027, 3, 15)
    assert item.end_of_life_on == dt.date(2031, 3, 15)


def test_a_new_computer_gets_its_profile_marked_as_imported(point):
    run(HEADER + PC)
    profile = ComputerProfile.objects.get(equipment__code="X-TEST-PC06")
    assert (profile.os, profile.os_version, profile.ram_mb) == ("Windows", "10 22H2", 8192)
    assert profile.source == ComputerProfile.Source.IMPORT


def test_a_new_item_is_working_from_its_acquisition_unless_the_row_says_otherwise(point):
    run(HEADER + PC)
    (change,) = EquipmentStatusChange.objects.filter(equipment__code="X-TEST-PC06")
    assert (change.status, change.effective_on) == ("working", dt.date(2024, 3, 15))


def test_importing_the_same_file_twice_changes_nothing(point):
    run(HEADER + PC + ROUTER)
    before = state()
    summary = run(HEADER + PC + ROUTER)
    assert summary.ok and (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert state() == before


def test_a_row_with_other_values_updates_only_what_changed(point):
    run(HEADER + PC)
    summary = run(HEADER + PC.replace("12.500.000", "13000000").replace("10 22H2", "11 23H2"))
    assert summary.updated == 1
    assert summary.updated_codes == [("X-TEST-PC06", ["acquisition_cost", "os_version"])]
    item = Equipment.objects.get(code="X-TEST-PC06")
    assert item.acquisition_cost == 13_000_000 and item.profile.os_version == "11 23H2"


def test_a_column_left_out_of_the_file_is_left_as_it_is(point):
    run(HEADER + PC)
    summary = run("code,serial\nX-TEST-PC06,SN-1\n")
    assert summary.updated == 1
    item = Equipment.objects.get(code="X-TEST-PC06")
    assert (item.serial, item.acquisition_cost, item.profile.os) == ("SN-1", 12_500_000, "Windows")


def test_vietnamese_words_are_accepted_for_kind_and_funding_source(point):
    summary = run(
        "code,point,kind,funding_source,acquired_on\nX-TEST-MD01,X-TEST,usb 3g,"
        "Dự án BMGF-VN,01/06/2012\n"
    )
    assert summary.ok
    item = Equipment.objects.get(code="X-TEST-MD01")
    assert (item.kind, item.funding_source) == ("usb_modem", "bmgf_vn")


def test_an_xlsx_file_is_read_like_a_csv(point):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "point", "kind", "acquired_on", "acquisition_cost"])
    sheet.append(["X-TEST-PR02", "X-TEST", "printer", dt.datetime(2020, 1, 2), 3_200_000])
    data = BytesIO()
    book.save(data)
    summary = run(data.getvalue(), name="e.xlsx")
    assert summary.ok
    item = Equipment.objects.get(code="X-TEST-PR02")
    assert (item.acquired_on, item.acquisition_cost) == (dt.date(2020, 1, 2), 3_200_000)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("X-TEST-PC07,X-NOPE,computer,,,01/06/2012,,,,,,", "point"),
        ("X-TEST-PC07,X-TEST,laptop,,,01/06/2012,,,,,,", "kind"),
        ("X-TEST-PC07,,computer,,,01/06/2012,,,,,,", "point"),
        ("X-TEST-PC07,X-TEST,,,,01/06/2012,,,,,,", "kind"),
        ("x test pc07,X-TEST,computer,,,01/06/2012,,,,,,", "code"),
        ("X-TEST-PC07,X-TEST,computer,,gates,01/06/2012,,,,,,", "funding_source"),
        ("X-TEST-PC07,X-TEST,computer,,,2012-13-01,,,,,,", "acquired_on"),
        ("X-TEST-PC07,X-TEST,computer,,,01/06/2012,12.5,,,,,", "acquisition_cost"),
        ("X-TEST-PC07,X-TEST,computer,,,01/06/2012,-5,,,,,", "acquisition_cost"),
        ("X-TEST-PC07,X-TEST,computer,,,01/06/2012,,31/05/2012,,,,", "warranty_ends_on"),
        ("X-TEST-PC07,X-TEST,computer,,,01/06/2012,,,01/01/2010,,,", "end_of_life_on"),
        ("X-TEST-PC07,X-TEST,computer,,,01/06/2012,,,,,,lots", "ram_mb"),
        ("X-TEST-PR07,X-TEST,printer,,,01/06/2012,,,,Windows,,", "os"),
        ("X-TEST-PC07,X-TEST,computer,,,,,,,,,", "status_on"),
        ("X-TEST-PC06,X-TEST,computer,,,01/06/2012,,,,,,", "code"),  # the code of row 2 again
    ],
    ids=[
        "unknown point",
        "unknown kind",
        "new item without point",
        "new item without kind",
        "malformed code",
        "unknown funding source",
        "bad date",
        "decimal cost",
        "negative cost",
        "warranty before acquisition",
        "end of life before acquisition",
        "memory not a number",
        "profile of a printer",
        "no date for the first status",
        "duplicate code",
    ],
)
def test_a_wrong_row_is_reported_with_its_row_and_column_and_nothing_is_written(point, row, column):
    before = state()
    summary = run(HEADER + PC + row + "\n")
    assert errors(summary) == [(3, column)]
    assert state() == before


def test_every_problem_of_the_file_is_reported_at_once(point):
    summary = run(HEADER + "X-TEST-PC07,X-NOPE,laptop,,,bad,,,,,,\n" + PC)
    assert errors(summary) == [(2, "point"), (2, "kind"), (2, "acquired_on")]


def test_an_acquisition_date_after_the_first_recorded_status_is_refused(point):
    EquipmentFactory(code="X-TEST-PC01", site=point, status_on=dt.date(2012, 6, 1))
    summary = run("code,acquired_on\nX-TEST-PC01,01/01/2015\n")
    assert errors(summary) == [(2, "acquired_on")]


def test_a_status_column_records_a_dated_status_change_on_an_existing_item(point):
    EquipmentFactory(code="X-TEST-PC01", site=point)
    summary = run("code,status,status_on\nX-TEST-PC01,faulty,02/05/2024\n")
    assert summary.updated_codes == [("X-TEST-PC01", ["status"])]
    assert EquipmentStatusChange.objects.filter(
        equipment__code="X-TEST-PC01", status="faulty", effective_on=dt.date(2024, 5, 2)
    ).exists()
    assert run("code,status,status_on\nX-TEST-PC01,faulty,02/05/2024\n").unchanged == 1


def test_a_dry_run_reports_what_would_change_and_writes_nothing(point):
    before = state()
    summary = run(HEADER + PC, dry_run=True)
    assert summary.ok and summary.created == 1
    assert "Check only: nothing was written." in summary.lines()
    assert state() == before


def test_an_unknown_column_is_reported_on_the_header_row(point):
    summary = run("code,colour\nX-TEST-PC06,red\n")
    assert errors(summary) == [(1, "colour")]


def test_the_import_is_audited_as_an_import(point):
    run(HEADER + PC)
    assert AuditEntry.objects.filter(source="import", object_repr="X-TEST-PC06").exists()


# --- Scope ----------------------------------------------------------------------------------


def test_a_librarian_may_not_import_items_of_a_point_outside_their_area(point):
    own = SiteFactory(code="X-OWN")
    EquipmentFactory(code="X-TEST-PC01", site=point)
    librarian = UserFactory(role=Role.LIBRARY_STAFF, scope_sites=[own])
    before = state()
    summary = run(
        "code,point,kind,acquired_on,serial\n"
        "X-OWN-PC01,X-OWN,computer,01/06/2012,\n"
        "X-TEST-PC09,X-TEST,computer,01/06/2012,\n"
        "X-TEST-PC01,,,,SN-STOLEN\n",
        actor=librarian,
    )
    assert errors(summary) == [(3, "point"), (4, "code")]
    assert all("outside your area" in e.message for e in summary.errors)
    assert state() == before


def test_a_librarian_imports_the_items_of_their_own_point(point):
    librarian = UserFactory(role=Role.LIBRARY_STAFF, scope_sites=[point])
    summary = run(HEADER + PC, actor=librarian)
    assert summary.ok and summary.created == 1


def test_point_staff_may_not_import_the_register(point):
    staff = UserFactory(role=Role.POINT_STAFF, scope_sites=[point])
    summary = run(HEADER + PC, actor=staff)
    assert errors(summary) == [(None, "")]


# --- The template, the sample and the command --------------------------------------------


def test_the_template_lists_every_column_and_imports_cleanly(point):
    SiteFactory(code="X-DAKLAO")
    text = template_csv()
    assert text.lstrip("\ufeff").splitlines()[0] == ",".join(COLUMNS)
    assert run(text.encode("utf-8")).ok


def test_the_documented_sample_file_imports_cleanly(point, settings):
    from pathlib import Path

    for code in ("X-DAKLAO", "TV-DAKMIL"):
        SiteFactory(code=code)
    sample = Path(settings.BASE_DIR) / "docs" / "samples" / "equipment-import.csv"
    summary = run(sample.read_bytes(), name=sample.name)
    assert summary.ok, summary.lines()
    assert summary.created == 4


def test_the_command_imports_and_a_second_run_reports_everything_unchanged(point, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + PC + ROUTER, encoding="utf-8")
    out = StringIO()
    call_command("import_equipment", str(path), "--language", "en", stdout=out)
    assert "2 created" in out.getvalue()
    out = StringIO()
    call_command("import_equipment", str(path), "--language", "en", stdout=out)
    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()


def test_the_command_dry_run_writes_nothing(point, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + PC, encoding="utf-8")
    call_command("import_equipment", str(path), "--dry-run", "--language", "en", stdout=StringIO())
    assert not Equipment.objects.exists()


def test_the_command_fails_with_every_error_and_writes_nothing(point, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + PC + "X-TEST-PC07,X-NOPE,laptop,,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_equipment", str(path), "--language", "en")
    assert "row 3, column point" in str(raised.value)
    assert "row 3, column kind" in str(raised.value)
    assert not Equipment.objects.exists()
