"""Every dashboard table downloads as XLSX and CSV holding exactly what the page shows."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from pacnet.geography.models import Site
from pacnet.indicators.tests.builders import patron, tally, visits_on_days
from pacnet.usage.demo import CARD_PREFIX
from pacnet.usage.models import Patron

YEAR = 2024


@pytest.fixture
def usage(demo_network):
    daklao = Site.objects.get(code="X-DAKLAO")
    visits_on_days(daklao, patron(), YEAR, range(1, 13), days=15)
    tally(daklao, dt.date(YEAR - 1, 5, 2), visits=100, users=10)


def page_table(client, url: str, name: str):
    return client.get(url).context["page"].table(name)


def workbook_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_points_xlsx_holds_the_page_table_with_vietnamese_headers(
    client, province_admin, usage
):
    client.force_login(province_admin)
    shown = page_table(client, f"/dashboard/unit/DNO-DAKMIL/?year={YEAR}", "points")
    response = client.get(f"/dashboard/unit/DNO-DAKMIL/points.xlsx?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    title, headers, *rows, total = workbook_rows(response)
    assert title[0] == "Điểm truy nhập — Huyện Đắk Mil, năm 2024"
    assert headers[:5] == ("Mã", "Điểm truy nhập", "Phiên sử dụng", "Lượt sử dụng", "Người sử dụng")
    assert "Lượt sử dụng theo tháng" not in headers  # the spark-line stays on screen
    assert [list(r) for r in rows] == shown.file_rows()
    assert [list(total)] == shown.file_totals()
    assert rows[1][:5] == ("X-DAKLAO", "Thư viện xã Đắk Lao", 180, 180, 1)


def test_percents_are_numbers_formatted_as_percents_in_the_xlsx(client, province_admin, usage):
    client.force_login(province_admin)
    response = client.get(f"/dashboard/unit/DNO/units.xlsx?year={YEAR}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[2]]
    growth = headers.index("Tăng trưởng lượt sử dụng")
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "DNO-DAKMIL")
    assert row[growth].value == 0.8 and row[growth].number_format == "0.0%"


def test_the_csv_starts_with_a_bom_and_parses_to_the_page_table(client, province_admin, usage):
    client.force_login(province_admin)
    shown = page_table(client, f"/dashboard/point/X-DAKLAO/?year={YEAR}", "months")
    response = client.get(f"/dashboard/point/X-DAKLAO/months.csv?year={YEAR}")
    assert response.content.startswith(b"\xef\xbb\xbf")
    title, headers, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert headers == shown.headers()
    assert "Ngày có lượt sử dụng" in headers
    assert rows[0] == ["01/2024", "15", "15", "1", "0", "0", "15", "5", "5", "✓", ""]
    assert len(rows) == 12


def test_the_title_line_says_when_the_usage_is_synthetic(client, province_admin, usage):
    Patron.objects.create(card_number=f"{CARD_PREFIX}000001")  # what the demo loader makes
    client.force_login(province_admin)
    response = client.get(f"/dashboard/points.csv?year={YEAR}")
    title = response.content.decode("utf-8-sig").splitlines()[0]
    assert "synthetic demo data" in title


def test_an_unknown_file_format_is_not_found(client, province_admin, usage):
    client.force_login(province_admin)
    assert client.get("/dashboard/points.json").status_code == 404
