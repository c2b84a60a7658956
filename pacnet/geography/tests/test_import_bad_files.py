"""import_sites, by command and on the import page, on hostile files: each bad cell is an error
on its row and column, checking goes on, and nothing is written."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from pacnet.core.models import AuditEntry
from pacnet.core.tabular import MAX_ERRORS
from pacnet.geography.imports.reading import COLUMNS
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.import_samples import NETWORK, row, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request in English leaves English active in the thread: later tests expect Vietnamese."""
    language = translation.get_language()
    yield
    translation.activate(language)


MEGABYTE = "x" * 1024 * 1024
CONTROL = "The value contains an invisible control character"
FORMULA = "The cell holds a formula. Copy the column and paste it as values"


def refused(command: str, path, *args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(command, str(path), "--language", "en", *args, stdout=StringIO())
    return str(caught.value)


def counts() -> tuple[int, int, int]:
    return AdministrativeUnit.objects.count(), Site.objects.count(), AuditEntry.objects.count()


def write_xlsx(path, rows):
    """Cells starting with = are formulas, as a user's workbook holds them."""
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    for cells in rows:
        workbook.active.append(cells)
    workbook.save(path)
    return path


# --- import_sites ---------------------------------------------------------------------------


def test_sites_a_nul_in_a_name_and_a_megabyte_address_are_errors_of_their_cells(tmp_path, db):
    rows = [
        row("unit", "DLK", "Tỉnh\x00 Đắk Lắk", level="tỉnh"),
        row("unit", "DLK-LAK", "Huyện Lắk", level="huyện", parent="DLK"),
        row("point", "TV-DLK", "Thư viện", unit="DLK", kind="other", origin="replicated",
            opened_on="01/01/2020", address=MEGABYTE),
        row("unit", "DLK-X", "Huyện\x1b X", level="huyện", parent="DLK"),
    ]  # fmt: skip

    message = refused("import_sites", write_csv(tmp_path / "s.csv", rows))

    assert f"row 2, column name: {CONTROL}" in message
    assert "row 4, column address: The value is too long: at most 1000 characters." in message
    assert f"row 5, column name: {CONTROL}" in message
    assert MEGABYTE[:2000] not in message
    assert counts() == (0, 0, 0)


def test_sites_a_formula_cell_is_refused_and_does_not_blank_the_field(tmp_path, db):
    call_command("import_sites", str(write_csv(tmp_path / "n.csv", NETWORK)), stdout=StringIO())
    before = counts()
    point = row(
        "point",
        "TV-DLK",
        "Thư viện tỉnh Đắk Lắk",
        unit="DLK",
        kind="thư viện tỉnh",
        origin="replicated",
        opened_on="15/01/2019",
        phone="=B2",
    )
    other = row(
        "point",
        "TV-KRONGANA",
        "=UPPER(C2)",
        unit="DLK-KRONGANA",
        kind="district_library",
        origin="nhân rộng",
        opened_on="2019-03-01",
    )
    # fmt: skip

    message = refused("import_sites", write_xlsx(tmp_path / "f.xlsx", [point, other]))

    assert f"row 2, column phone: {FORMULA}" in message
    assert f"row 3, column name: {FORMULA}" in message
    assert Site.objects.get(code="TV-DLK").phone == "0262 3 852 000"
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "s.csv", "The file is empty."),
        (",".join(COLUMNS).encode() + b"\n", "s.csv", "The file has a header but no rows."),
        (b"code,name\nA,B\n", "s.csv", "row 1, column record: This column is missing."),
        (b"record,code,name,name\n", "s.csv", "row 1, column name: This column appears twice."),
        (b"record,code,name\nunit,A,B\n", "s.xlsx", "could not be read as an Excel workbook"),
        (b"PK\x03\x04not a zip", "s.xlsx", "could not be read as an Excel workbook"),
        ("record,code,name\nunit,A,Đà\n".encode("cp1258"), "s.csv", "is not UTF-8 text"),
    ],
    ids=["empty", "header-only", "missing", "twice", "csv-as-xlsx", "broken-zip", "cp1258"],
)
def test_sites_a_bad_file_is_a_clear_error(tmp_path, db, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in refused("import_sites", path)
    assert counts() == (0, 0, 0)


def test_sites_errors_stop_at_the_shared_cap(tmp_path, db):
    rows = [row("unit", f"U-{n}", "\x00", level="xã", parent="DLK") for n in range(MAX_ERRORS + 7)]

    message = refused("import_sites", write_csv(tmp_path / "s.csv", rows))

    assert message.count(CONTROL) == MAX_ERRORS
    assert "… and 7 more problems, not shown" in message


# --- the import page ------------------------------------------------------------------------


@pytest.mark.urls("pacnet.geography.tests.urls_with_import")
@pytest.mark.parametrize("mode", ["check", "import"])
def test_the_page_shows_each_bad_cell_and_writes_nothing(client, province_admin, tmp_path, mode):
    client.force_login(province_admin)
    rows = [
        row("unit", "XA-MOI1", "Xã\x00 Mới", level="xã", parent="LDG"),
        row("unit", "XA-MOI2", "Xã Mới 2", level="xã", parent="LDG"),
        row("unit", "XA-MOI3", MEGABYTE, level="xã", parent="LDG"),
    ]
    path = write_csv(tmp_path / "points.csv", rows)
    upload = SimpleUploadedFile("points.csv", path.read_bytes(), content_type="text/csv")
    before = counts()

    response = client.post(
        reverse("geography:site_import"),
        {"file": upload, "mode": mode},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-row="2" data-column="name"' in html
    assert 'data-row="4" data-column="name"' in html
    assert CONTROL in html and "The value is too long" in html
    assert counts() == before


@pytest.mark.urls("pacnet.geography.tests.urls_with_import")
def test_the_page_refuses_a_formula_cell(client, province_admin, tmp_path):
    client.force_login(province_admin)
    rows = [
        row("unit", "XA-MOI1", '=CONCAT("Xã ", "Mới")', level="xã", parent="LDG"),
        row("unit", "XA-MOI2", "Xã Mới 2", level="=A1", parent="LDG"),
    ]
    path = write_xlsx(tmp_path / "points.xlsx", rows)
    upload = SimpleUploadedFile("points.xlsx", path.read_bytes())
    before = counts()

    html = client.post(
        reverse("geography:site_import"),
        {"file": upload, "mode": "import"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    assert 'data-row="2" data-column="name"' in html
    assert 'data-row="3" data-column="level"' in html
    assert "paste it as values" in html
    assert counts() == before
