"""import_equipment and import_equipment_status, by command and on the import page, on hostile
files: each bad cell is an error on its row and column, checking goes on, nothing is written."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from pacnet.core.models import AuditEntry
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import ComputerProfile, Equipment, EquipmentStatusChange
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.testing.imports import (
    CONTROL,
    FORMULA,
    MEGABYTE,
    file_written,
    refused,
    workbook_written,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request in English leaves English active in the thread: later tests expect Vietnamese."""
    language = translation.get_language()
    yield
    translation.activate(language)


REGISTER = "code,point,kind,model,serial,acquired_on,acquisition_cost,ram_mb\n"


def item(n: int, *, model="Dell", serial="SN1", cost="12.500.000", ram="8192") -> str:
    return f"X-TEST-PC1{n},X-TEST,computer,{model},{serial},15/03/2024,{cost},{ram}\n"


@pytest.fixture
def point():
    site = SiteFactory(code="X-TEST")
    EquipmentFactory(code="X-TEST-PC01", site=site, acquired_on=dt.date(2012, 6, 1))
    return site


def state() -> tuple:
    return (
        sorted(Equipment.objects.values_list()),
        sorted(ComputerProfile.objects.values_list()),
        EquipmentStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def csv_file(tmp_path, text: str | bytes, name="file.csv"):
    return file_written(tmp_path / name, text)


def xlsx_file(tmp_path, rows, name="file.xlsx"):
    return workbook_written(tmp_path / name, rows)


# --- import_equipment -----------------------------------------------------------------------


def test_equipment_nul_megabyte_and_control_characters_are_errors_of_their_cells(point, tmp_path):
    before = state()
    text = (
        REGISTER
        + item(1, serial="SN\x001")
        + item(2, model=MEGABYTE)
        + item(3)
        + item(4, model="Dell\x07")
    )

    message = refused("import_equipment", csv_file(tmp_path, text))

    assert f"row 2, column serial: {CONTROL}" in message
    assert "row 3, column model: The value is too long: at most 1000 characters." in message
    assert f"row 5, column model: {CONTROL}" in message
    assert state() == before


@pytest.mark.parametrize("cost", ["١٢.٥٠٠.٠٠٠", "１２５００", "12.5²0", "²"])
def test_equipment_a_sum_in_other_digits_is_not_a_number(point, tmp_path, cost):
    before = state()
    text = REGISTER + item(1, cost=cost) + item(2) + item(3, ram="٨١٩٢")

    message = refused("import_equipment", csv_file(tmp_path, text))

    assert f"row 2, column acquisition_cost: “{cost}” is not a whole number" in message
    assert "row 4, column ram_mb: “٨١٩٢” is not a whole number" in message
    assert state() == before


def test_equipment_ten_to_the_23_is_out_of_range(point, tmp_path):
    before = state()
    text = REGISTER + item(1, cost=str(10**23)) + item(2, ram=str(10**23))

    message = refused("import_equipment", csv_file(tmp_path, text))

    assert f"row 2, column acquisition_cost: {10**23} is out of range" in message
    assert f"row 3, column ram_mb: {10**23} is out of range" in message
    assert state() == before


def test_equipment_a_formula_cell_is_refused_and_does_not_blank_the_field(point, tmp_path):
    Equipment.objects.filter(code="X-TEST-PC01").update(model="HP ProDesk", serial="SN-KEEP")
    before = state()
    rows = [
        ["code", "model", "serial"],
        ["X-TEST-PC01", "=A1", "SN-KEEP"],
        ["X-TEST-PC01", "HP ProDesk", '=CONCAT("SN-", "1")'],
    ]

    message = refused("import_equipment", xlsx_file(tmp_path, rows))

    assert f"row 2, column model: {FORMULA}" in message
    assert f"row 3, column serial: {FORMULA}" in message
    assert Equipment.objects.get(code="X-TEST-PC01").model == "HP ProDesk"
    assert state() == before


def test_equipment_the_page_shows_each_bad_cell_and_writes_nothing(admin_client, point):
    before = state()
    text = REGISTER + item(1, serial="\x00") + item(2) + item(3, cost=str(10**23))
    upload = SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")

    response = admin_client.post(
        reverse("inventory:equipment_import"),
        {"file": upload, "mode": "import"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-row="2" data-column="serial"' in html
    assert 'data-row="4" data-column="acquisition_cost"' in html
    assert CONTROL in html and "is out of range" in html
    assert state() == before


def test_equipment_the_page_refuses_a_formula_cell(admin_client, point, tmp_path):
    before = state()
    path = xlsx_file(tmp_path, [["code", "model"], ["X-TEST-PC01", "=B1"], ["X-TEST-PC02", "=1"]])

    response = admin_client.post(
        reverse("inventory:equipment_import"),
        {"file": SimpleUploadedFile("r.xlsx", path.read_bytes()), "mode": "import"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert 'data-row="2" data-column="model"' in html
    assert 'data-row="3" data-column="model"' in html
    assert "paste it as values" in html
    assert state() == before


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "r.csv", "The file is empty."),
        (REGISTER.encode(), "r.csv", "The file has a header but no rows."),
        (b"model\nDell\n", "r.csv", "row 1, column code: This column is missing."),
        (b"code,code\nA,B\n", "r.csv", "row 1, column code: This column appears twice."),
        (b"code\nX-TEST-PC01\n", "r.xlsx", "could not be read as an Excel workbook"),
        ("code,model\nX-TEST-PC01,Đà\n".encode("cp1258"), "r.csv", "is not UTF-8 text"),
    ],
    ids=["empty", "header-only", "missing", "twice", "csv-as-xlsx", "cp1258"],
)
def test_equipment_a_bad_file_is_a_clear_error(point, tmp_path, content, name, expected):
    before = state()
    assert expected in refused("import_equipment", csv_file(tmp_path, content, name))
    assert state() == before


def test_equipment_a_file_with_a_byte_order_mark_is_read(point, tmp_path):
    path = csv_file(tmp_path, (REGISTER + item(1)).encode("utf-8-sig"))
    call_command("import_equipment", str(path), stdout=StringIO())
    assert Equipment.objects.filter(code="X-TEST-PC11").exists()


# --- import_equipment_status ----------------------------------------------------------------

STATUS = "equipment,status,date,note\n"


def test_statuses_a_nul_note_a_megabyte_note_and_odd_digits_are_errors_of_their_cells(
    point, tmp_path
):
    before = state()
    text = (
        STATUS
        + "X-TEST-PC01,faulty,2019-03-10,màn hình\x00 hỏng\n"
        + f"X-TEST-PC01,faulty,2019-03-11,{MEGABYTE}\n"
        + "X-TEST-PC01,working,2019-03-12,\n"
        + "X-TEST-PC01,working,١٣/٠٣/٢٠١٩,\n"
    )

    message = refused("import_equipment_status", csv_file(tmp_path, text))

    assert f"row 2, column note: {CONTROL}" in message
    assert "row 3, column note: The value is too long" in message
    assert "row 5, column date" in message
    assert state() == before


def test_statuses_a_formula_cell_is_refused(point, tmp_path):
    before = state()
    rows = [
        ["equipment", "status", "date"],
        ["X-TEST-PC01", '=IF(TRUE, "faulty")', "2019-03-10"],
        ["X-TEST-PC01", "working", "=TODAY()"],
    ]

    message = refused("import_equipment_status", xlsx_file(tmp_path, rows))

    assert f"row 2, column status: {FORMULA}" in message
    assert f"row 3, column date: {FORMULA}" in message
    assert state() == before


def test_the_page_explains_a_formula_in_vietnamese(admin_client, point, tmp_path):
    path = xlsx_file(tmp_path, [["code", "model"], ["X-TEST-PC01", "=B1"]])

    response = admin_client.post(
        reverse("inventory:equipment_import"),
        {"file": SimpleUploadedFile("r.xlsx", path.read_bytes()), "mode": "check"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    assert "Ô này chứa công thức. Hãy sao chép cột rồi dán dưới dạng giá trị" in (
        response.content.decode()
    )
