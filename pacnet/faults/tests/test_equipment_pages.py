"""The equipment indicators page and the replacement plan page, with their files."""

import csv
import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.models import Site
from pacnet.geography.selectors import today


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


# --- Equipment indicators ----------------------------------------------------------------


def test_the_indicators_page_shows_the_users_points_with_a_total(daklao_staff):
    response = client_of(daklao_staff).get("/equipment/indicators/")
    assert response.status_code == 200
    table = response.context["table"]
    assert [row[0].value for row in table.rows] == ["X-DAKLAO"]
    assert [row[1].value for row in table.totals] == ["Tổng"]
    assert "TV-TINH" not in response.content.decode()


def test_the_indicators_page_takes_the_month_asked(province_admin):
    response = client_of(province_admin).get("/equipment/indicators/?year=2019&month=6")
    figures = response.context["figures"]
    assert (figures.year, figures.month, figures.day) == (2019, 6, dt.date(2019, 6, 30))
    assert figures.total.past_end_of_life == 160  # end of life 01/06/2019, before 30/06/2019


def test_a_month_to_come_or_nonsense_falls_back_to_this_month(province_admin):
    client = client_of(province_admin)
    day = today()
    for query in (f"?year={day.year + 1}&month=1", "?year=abc&month=13", ""):
        figures = client.get(f"/equipment/indicators/{query}").context["figures"]
        assert (figures.year, figures.month) == (day.year, day.month)


def test_the_indicators_export_as_xlsx_and_csv(daklao_staff):
    client = client_of(daklao_staff)
    sheet = sheet_of(client.get("/equipment/indicators/export.xlsx?year=2024&month=4"))
    assert sheet["A1"].value == "Thiết bị theo điểm truy nhập — 04/2024"
    assert sheet["A3"].value == "X-DAKLAO"
    assert sheet["C3"].value == 5  # computers in service
    assert sheet["E3"].value == 1.0 and sheet["E3"].number_format == "0.0%"
    text = client.get("/equipment/indicators/export.csv?year=2024&month=4").content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[2][:4] == ["X-DAKLAO", "Thư viện xã Đắk Lao", "5", "5"]


def test_an_unknown_export_format_is_not_found(daklao_staff):
    assert client_of(daklao_staff).get("/equipment/indicators/export.json").status_code == 404


def test_the_indicators_page_takes_the_same_queries_for_1_point_as_for_18(daklao_staff):
    everywhere = UserFactory(role=Role.POINT_STAFF, scope_sites=list(Site.objects.all()))
    counts = []
    for user in (daklao_staff, everywhere):
        client = client_of(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/equipment/indicators/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20


# --- Replacement plan ----------------------------------------------------------------------


def test_the_replacement_plan_is_for_next_year_by_default(province_admin):
    response = client_of(province_admin).get("/equipment/replacement/")
    assert response.status_code == 200
    assert response.context["year"] == today().year + 1
    assert response.context["count"] == 160 + 18  # every 2012 computer and printer is past its life
    assert response.context["total"] == 160 * 15_000_000 + 18 * 4_000_000


def test_a_point_staff_sees_only_its_points_plan(daklao_staff):
    response = client_of(daklao_staff).get("/equipment/replacement/?year=2026")
    assert [p.site_code for p in response.context["points"]] == ["X-DAKLAO"]
    assert "TV-TINH" not in response.content.decode()


def test_the_replacement_plan_xlsx_has_a_title_vietnamese_headers_reasons_and_numbers(
    province_admin,
):
    year = today().year + 1
    sheet = sheet_of(client_of(province_admin).get(f"/equipment/replacement/plan.xlsx?year={year}"))
    assert sheet["A1"].value.startswith(f"Kế hoạch thay thế thiết bị {year}")
    headers = [c.value for c in sheet[2]]
    assert headers == [
        "Mã điểm",
        "Điểm truy nhập",
        "Thiết bị",
        "Loại",
        "Kiểu máy",
        "Ngày trang bị",
        "Lý do thay thế",
        "Chi phí dự kiến (VND)",
    ]
    first = [c.value for c in sheet[3]]
    assert first[2] == "TV-DAKGLONG-PC01"
    assert first[6] == "Đã quá niên hạn sử dụng dự kiến (01/06/2019)."
    assert first[7] == 15_000_000
    assert sheet.cell(3, 8).number_format == "#,##0"
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[1] == "Tổng toàn mạng (178 thiết bị)"
    assert last[7] == 160 * 15_000_000 + 18 * 4_000_000


def test_the_replacement_plan_xlsx_is_vietnamese_for_a_user_reading_english(province_admin):
    client = client_of(province_admin)
    client.post("/i18n/setlang/", {"language": "en"})
    sheet = sheet_of(client.get("/equipment/replacement/plan.xlsx"))
    assert sheet["A2"].value == "Mã điểm"


def test_a_point_staff_downloads_only_its_points_rows(daklao_staff):
    sheet = sheet_of(client_of(daklao_staff).get("/equipment/replacement/plan.xlsx"))
    codes = {row[0].value for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert codes == {"X-DAKLAO"}


# In CI LibreOffice is installed by .ci/run, so there the test runs (and fails without it).
@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed",
)
def test_libreoffice_opens_the_replacement_plan(province_admin, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(client_of(province_admin).get("/equipment/replacement/plan.xlsx").content)
    subprocess.run(
        # CSV filter options: comma, double quote, character set 76 = UTF-8.
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        timeout=120,
    )
    text = (tmp_path / "plan.csv").read_text(encoding="utf-8")
    assert "Lý do thay thế" in text


def test_the_replacement_page_takes_the_same_queries_for_1_point_as_for_18(daklao_staff):
    everywhere = UserFactory(role=Role.POINT_STAFF, scope_sites=list(Site.objects.all()))
    counts = []
    for user in (daklao_staff, everywhere):
        client = client_of(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/equipment/replacement/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15
