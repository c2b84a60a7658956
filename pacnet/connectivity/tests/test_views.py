"""The Internet line panel, the outage buttons, the network's list of lines and its XLSX file."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.connectivity.services import internet_line_add, line_outage_record, line_outage_start
from pacnet.core.models import AuditEntry
from pacnet.faults.models import Fault
from pacnet.geography.models import Site

pytestmark = pytest.mark.django_db


def site_url(name: str, code: str = "X-DAKLAO") -> str:
    # The point's own pages are geography's; its line's pages are connectivity's.
    namespace = "geography" if name.startswith("site_") else "connectivity"
    return reverse(f"{namespace}:{name}", kwargs={"site_code": code})


def line_at(code: str, mbps=4) -> InternetLine:
    return internet_line_add(
        actor=None,
        site=Site.objects.get(code=code),
        provider="Viettel",
        bandwidth_mbps=Decimal(mbps),
        monthly_fee=300000,
        discount_percent=70,
        active_from=dt.date(2012, 6, 1),
    )


def writes():
    return LineOutage.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


@pytest.fixture
def daklao_line(demo_network):
    return line_at("X-DAKLAO")


# --- The point's page ------------------------------------------------------------------------


def test_point_staff_reports_the_line_down_then_back(staff_client, daklao_line):
    response = staff_client.post(site_url("line_down"), {"cause": "power", "confirmed": "yes"})
    assert response.status_code == 302
    outage = LineOutage.objects.get()
    assert (outage.line, outage.cause, outage.end) == (daklao_line, "power", None)
    assert "line-back" in staff_client.get(site_url("site_detail")).content.decode()
    staff_client.post(site_url("line_back"))
    outage.refresh_from_db()
    assert outage.end is not None


def test_pressing_line_is_down_twice_records_one_outage(staff_client, daklao_line):
    staff_client.post(site_url("line_down"), {"confirmed": "yes"})
    staff_client.post(site_url("line_down"), {"confirmed": "yes"}, follow=True)
    assert LineOutage.objects.count() == 1


def test_line_is_down_asks_before_recording_anything(staff_client, daklao_line):
    before = writes()
    response = staff_client.post(site_url("line_down"), {"cause": "power"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="confirm-yes"' in body and 'name="confirmed" value="yes"' in body
    assert 'name="cause" value="power"' in body
    assert f'href="{site_url("site_detail")}#line"' in body  # "no, go back"
    assert writes() == before and not Fault.objects.exists()


def down(client) -> LineOutage:
    client.post(site_url("line_down"), {"cause": "power", "confirmed": "yes"})
    return LineOutage.objects.get()


def test_line_down_pressed_by_mistake_is_undone_with_its_fault(staff_client, daklao_line):
    outage = down(staff_client)
    assert Fault.objects.filter(rule=Fault.Rule.LINE_OUTAGE).count() == 1
    page = staff_client.get(site_url("site_detail")).content.decode()
    assert 'id="line-down-undo"' in page
    response = staff_client.post(site_url("line_down_undo"))
    assert response.status_code == 302
    assert not LineOutage.objects.exists() and not Fault.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(outage.pk)
    ).exists()
    assert 'id="line-down"' in staff_client.get(site_url("site_detail")).content.decode()


def test_an_outage_cannot_be_undone_after_a_quarter_of_an_hour(staff_client, daklao_line):
    outage = down(staff_client)
    LineOutage.objects.filter(pk=outage.pk).update(start=timezone.now() - dt.timedelta(minutes=16))
    assert 'id="line-down-undo"' not in staff_client.get(site_url("site_detail")).content.decode()
    staff_client.post(site_url("line_down_undo"))
    assert LineOutage.objects.filter(pk=outage.pk, end=None).exists()


def test_only_whoever_pressed_it_may_undo_an_outage(staff_client, province_admin, daklao_line):
    outage = down(staff_client)
    admin_client = Client()  # the fixtures share one client: a second one, for the other user
    admin_client.force_login(province_admin)
    assert 'id="line-down-undo"' not in admin_client.get(site_url("site_detail")).content.decode()
    admin_client.post(site_url("line_down_undo"))
    assert LineOutage.objects.filter(pk=outage.pk).exists()


def test_point_staff_are_not_offered_to_move_their_point(staff_client, daklao_line):
    page = staff_client.get(site_url("site_detail")).content.decode()
    assert site_url("site_move") not in page
    assert staff_client.get(site_url("site_move")).status_code == 403


def test_the_province_admin_is_offered_to_move_a_point(admin_client, daklao_line):
    assert site_url("site_move") in admin_client.get(site_url("site_detail")).content.decode()


def test_point_staff_cannot_report_an_outage_at_another_point(staff_client, daklao_line):
    line_at("TV-DAKMIL")
    before = writes()
    for name in ("line_down", "line_back", "outage_record", "line_update"):
        assert staff_client.post(site_url(name, "TV-DAKMIL")).status_code == 404
    assert writes() == before


def test_an_inspector_sees_the_line_but_cannot_report(client, krongno_inspector):
    line_at("X-NAMDA")
    client.force_login(krongno_inspector)
    page = client.get(site_url("site_detail", "X-NAMDA")).content.decode()
    assert 'id="line"' in page
    assert "line-down" not in page
    assert client.post(site_url("line_down", "X-NAMDA")).status_code == 403
    assert not LineOutage.objects.exists()


def test_the_buttons_need_a_line_in_service(staff_client, demo_network):
    assert staff_client.post(site_url("line_down")).status_code == 404
    assert "line-down" not in staff_client.get(site_url("site_detail")).content.decode()


def test_the_panel_shows_availability_and_the_benchmark(staff_client, daklao_line):
    now = timezone.now()
    line_outage_record(
        actor=None,
        line=daklao_line,
        start=now - dt.timedelta(hours=3),
        end=now - dt.timedelta(hours=1),
    )
    page = staff_client.get(site_url("site_detail")).content.decode()
    assert 'id="availability"' in page
    assert page.count("%</td>") == 12
    assert 'data-benchmark="meets"' in page  # 4 000 kbit/s for 5 computers
    assert 'data-fee="90000"' in page


def test_a_past_outage_is_recorded_from_the_form(staff_client, daklao_line):
    data = {"start": "02/05/2024 08:00", "end": "02/05/2024 11:30", "cause": "weather", "note": ""}
    response = staff_client.post(site_url("outage_record"), data)
    assert response.status_code == 302
    outage = LineOutage.objects.get()
    assert timezone.localtime(outage.end).strftime("%d/%m/%Y %H:%M") == "02/05/2024 11:30"


def test_a_past_outage_ending_before_it_starts_changes_nothing(staff_client, daklao_line):
    before = writes()
    data = {"start": "02/05/2024 08:00", "end": "01/05/2024 11:30", "cause": "weather"}
    response = staff_client.post(site_url("outage_record"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
    assert writes() == before


def test_the_line_is_edited_from_its_page(admin_client, daklao_line):
    data = {
        "provider": "VNPT",
        "contract_number": "HĐ-2024/01",
        "bandwidth_mbps": "8",
        "upload_mbps": "",
        "monthly_fee": "400000",
        "discount_percent": "0",
        "active_from": "01/06/2012",
        "active_to": "",
        "status": "active",
    }
    assert admin_client.post(site_url("line_update"), data).status_code == 302
    daklao_line.refresh_from_db()
    assert (daklao_line.provider, daklao_line.contract_number) == ("VNPT", "HĐ-2024/01")


# --- The network's list ------------------------------------------------------------------------


def test_the_list_shows_only_the_points_in_scope(staff_client, daklao_line):
    line_at("TV-TINH")
    page = staff_client.get(reverse("connectivity:line_list")).content.decode()
    assert 'data-site="X-DAKLAO"' in page
    assert "TV-TINH" not in page


def test_the_list_counts_this_months_outages(admin_client, daklao_line):
    line_outage_start(actor=None, line=daklao_line, start=timezone.now() - dt.timedelta(minutes=5))
    response = admin_client.get(reverse("connectivity:line_list"))
    row = next(r for r in response.context["rows"] if r.site.code == "X-DAKLAO")
    assert row.outages_this_month == 1
    assert row.availability_year < 1


def test_the_list_query_count_does_not_grow_with_lines(
    admin_client, daklao_line, django_assert_max_num_queries
):
    url = reverse("connectivity:line_list")
    # 4 for the lines, the rest is the session, the user's scope and the menu.
    with django_assert_max_num_queries(20) as few:
        admin_client.get(url)
    for code in ("TV-TINH", "TV-DAKMIL", "X-NAMDA", "X-DAKNIA"):
        line = line_at(code)
        line_outage_start(actor=None, line=line, start=timezone.now() - dt.timedelta(hours=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_the_xlsx_file_has_vietnamese_headers_and_numbers(admin_client, daklao_line):
    response = admin_client.get(reverse("connectivity:line_export", kwargs={"format": "xlsx"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Đường truyền Internet ngày ")
    headers = [c.value for c in sheet[2]]
    assert headers[:3] == ["Mã", "Điểm truy nhập", "Nhà cung cấp"]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "X-DAKLAO")
    assert row[2] == "Viettel"
    assert row[4] == 4000
    assert row[8] == 90000
    assert row[12] == 800
    assert sheet.max_row == 21  # the title, the headers, the 18 points and the total


def test_the_csv_file_holds_only_the_points_in_scope(staff_client, daklao_line):
    response = staff_client.get(reverse("connectivity:line_export", kwargs={"format": "csv"}))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffĐường truyền Internet ngày ")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in rows[2:-1]] == ["X-DAKLAO"]  # then the total row


def test_an_unknown_file_format_is_not_found(admin_client, daklao_line):
    assert admin_client.get("/lines/lines.pdf").status_code == 404
