"""The fault pages: who reports, sees and moves which fault, and what a bad submission does."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.faults.models import Fault, FaultEvent, FaultStatus, Repair
from pacnet.faults.tests.conftest import jpeg_bytes
from pacnet.faults.tests.helpers import report
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.inventory import services as inventory
from pacnet.inventory.models import ComputerProfile, Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on

LIST = reverse("faults:fault_list")
REPORT = reverse("faults:fault_report")
LIST_MAX_QUERIES = 18  # session, user, scope (12), count, rows, demo notice, point filter


def url(name, **kwargs):
    return reverse(f"faults:{name}", kwargs=kwargs)


def writes() -> tuple[int, int, int]:
    return Fault.objects.count(), FaultEvent.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


@pytest.fixture
def tech_client(client, thuvien):
    client.force_login(thuvien)
    return client


# --- Reporting from a phone --------------------------------------------------------------


def test_the_report_page_offers_only_the_items_of_the_users_point_grouped_by_kind(staff_client):
    page = staff_client.get(REPORT)
    assert page.status_code == 200
    choices = dict(page.context["form"].fields["target"].choices)
    computers = [code for code, _label in choices["Máy tính"]]
    assert computers == [f"X-DAKLAO-PC0{n}" for n in range(1, 6)]
    assert [c for c, _l in choices["Máy in"]] == ["X-DAKLAO-PR01"]
    body = page.content.decode()
    assert "TV-TINH" not in body
    assert 'capture="environment"' in body and 'accept="image/*"' in body


def test_the_usb_modem_group_keeps_usb_in_capitals(staff_client):
    inventory.equipment_create(
        actor=None,
        code="X-DAKLAO-MD01",
        site=Site.objects.get(code="X-DAKLAO"),
        kind=Equipment.Kind.USB_MODEM,
        status_on=dt.date(2020, 1, 1),
    )
    page = staff_client.get(REPORT)
    choices = dict(page.context["form"].fields["target"].choices)
    assert [c for c, _l in choices["Modem USB"]] == ["X-DAKLAO-MD01"]
    assert 'label="Modem USB"' in page.content.decode()
    assert "Modem usb" not in page.content.decode()


def test_the_item_suggests_its_category(staff_client):
    body = staff_client.get(REPORT).content.decode()
    assert 'value="X-DAKLAO-PC01" data-category="hardware"' in body
    assert 'value="point:X-DAKLAO" data-category="internet_line"' in body


def test_point_staff_report_a_fault_with_a_photo_in_three_fields(staff_client, daklao_staff):
    photo = SimpleUploadedFile("anh.jpg", jpeg_bytes(), "image/jpeg")
    response = staff_client.post(
        REPORT,
        {
            "target": "X-DAKLAO-PC02",
            "category": "hardware",
            "description": "Hỏng quạt",
            "photo": photo,
        },
    )
    fault = Fault.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("fault_detail", fault_id=fault.pk)
    assert (fault.equipment.code, fault.reported_by, fault.description) == (
        "X-DAKLAO-PC02",
        daklao_staff,
        "Hỏng quạt",
    )
    assert fault.photo
    assert equipment_status_on(fault.equipment) == EquipmentStatus.FAULTY


def test_a_fault_on_the_point_itself(staff_client):
    staff_client.post(
        REPORT, {"target": "point:X-DAKLAO", "category": "power", "description": "Mất điện"}
    )
    fault = Fault.objects.get()
    assert (fault.site.code, fault.equipment, fault.category) == ("X-DAKLAO", None, "power")


@pytest.mark.parametrize("target", ["TV-TINH-PC01", "point:TV-TINH", "NO-SUCH"])
def test_point_staff_cannot_report_on_another_points_items(staff_client, target):
    before = writes()
    response = staff_client.post(
        REPORT, {"target": target, "category": "hardware", "description": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target"]
    assert writes() == before


def test_a_photo_that_is_too_big_is_shown_next_to_the_field_and_nothing_is_written(staff_client):
    big = SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\0" * (5 * 1024 * 1024 + 1), "image/jpeg")
    before = writes()
    response = staff_client.post(
        REPORT,
        {"target": "X-DAKLAO-PC02", "category": "hardware", "description": "x", "photo": big},
    )
    assert response.status_code == 200
    assert "5 MB" in response.context["form"].errors["photo"][0]
    assert writes() == before
    assert (
        equipment_status_on(Equipment.objects.get(code="X-DAKLAO-PC02")) == EquipmentStatus.WORKING
    )


def test_a_file_that_is_not_a_photo_is_refused_in_vietnamese(staff_client):
    pdf = SimpleUploadedFile("giay.pdf", b"%PDF-1.4", "application/pdf")
    response = staff_client.post(
        REPORT,
        {"target": "X-DAKLAO-PC02", "category": "hardware", "description": "x", "photo": pdf},
    )
    assert "không phải là ảnh" in response.context["form"].errors["photo"][0]
    assert not Fault.objects.exists()


def test_an_inspector_cannot_report(client, krongno_inspector):
    client.force_login(krongno_inspector)
    assert client.get(REPORT).status_code == 403


# --- Scope -------------------------------------------------------------------------------


def test_point_staff_cannot_see_another_points_fault(staff_client):
    other = report("TV-TINH-PC01")
    assert staff_client.get(url("fault_detail", fault_id=other.pk)).status_code == 404
    assert staff_client.get(url("fault_photo", fault_id=other.pk)).status_code == 404
    assert "TV-TINH" not in staff_client.get(LIST).content.decode()


def test_point_staff_see_their_faults_but_cannot_move_them(staff_client, daklao_staff, thuvien):
    fault = report(actor=daklao_staff)
    page = staff_client.get(url("fault_detail", fault_id=fault.pk))
    assert page.status_code == 200 and not page.context["may_assign"]
    before = writes()
    response = staff_client.post(
        url("fault_assign", fault_id=fault.pk), {"technician": daklao_staff.pk}
    )
    assert response.status_code == 403
    assert writes() == before


def test_the_photo_is_served_to_those_who_may_see_the_fault(staff_client, daklao_staff, photo):
    fault = report(actor=daklao_staff, photo=photo)
    response = staff_client.get(url("fault_photo", fault_id=fault.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


# --- The technician's steps --------------------------------------------------------------


def test_the_technician_assigns_starts_and_fixes_from_the_detail_page(
    tech_client, daklao_staff, thuvien
):
    fault = report(actor=daklao_staff)
    page = tech_client.get(url("fault_detail", fault_id=fault.pk))
    assert page.context["may_assign"] and not page.context["may_close"]
    response = tech_client.post(
        url("fault_assign", fault_id=fault.pk), {"technician": thuvien.pk, "note": "Mai đến"}
    )
    assert response.status_code == 302
    tech_client.post(url("fault_repair_start", fault_id=fault.pk), {"note": "Mang về"})
    tech_client.post(url("fault_close", fault_id=fault.pk), {"outcome": "fixed", "note": "Xong"})
    fault.refresh_from_db()
    assert (fault.status, fault.assigned_to) == (FaultStatus.FIXED, thuvien)
    assert list(fault.events.values_list("status", flat=True)) == [
        "reported",
        "assigned",
        "in_repair",
        "fixed",
    ]
    assert equipment_status_on(fault.equipment) == EquipmentStatus.WORKING


def test_a_refused_step_is_shown_on_the_page_and_changes_nothing(tech_client, daklao_staff):
    fault = report(actor=daklao_staff)
    before = writes()
    response = tech_client.post(url("fault_close", fault_id=fault.pk), {"outcome": "fixed"})
    assert response.status_code == 400
    assert "không thể chuyển" in response.content.decode()
    assert writes() == before


def test_a_replacement_registers_the_new_item_from_the_close_form(
    tech_client, daklao_staff, thuvien
):
    fault = report("X-DAKLAO-PR01", actor=daklao_staff)
    tech_client.post(url("fault_assign", fault_id=fault.pk), {"technician": thuvien.pk})
    tech_client.post(
        url("fault_close", fault_id=fault.pk),
        {
            "outcome": "replaced",
            "register_new": "on",
            "new_model": "Canon LBP 2900",
            "new_cost": "3.500.000",
        },
    )
    fault.refresh_from_db()
    assert fault.replacement.code == "X-DAKLAO-PR02"
    assert fault.replacement.acquisition_cost == 3_500_000


def assigned(daklao_staff, thuvien, code="X-DAKLAO-PC03") -> Fault:
    from pacnet.faults import services

    fault = report(code, actor=daklao_staff)
    return services.fault_assign(actor=thuvien, fault=fault, technician=thuvien)


def test_the_close_form_offers_the_repair_who_and_cost(tech_client, daklao_staff, thuvien):
    fault = assigned(daklao_staff, thuvien)
    body = tech_client.get(url("fault_detail", fault_id=fault.pk)).content.decode()
    close = body[body.index('id="close-form"') :]
    assert 'name="done_by"' in close and 'name="cost"' in close and 'name="parts"' in close


def test_closing_as_fixed_records_the_repair_with_it(tech_client, daklao_staff, thuvien):
    fault = assigned(daklao_staff, thuvien)
    response = tech_client.post(
        url("fault_close", fault_id=fault.pk),
        {"outcome": "fixed", "done_by": "Tiệm Minh Tâm", "cost": "350.000", "parts": "Nguồn"},
    )
    assert response.status_code == 302
    fault.refresh_from_db()
    repair = Repair.objects.get(fault=fault)
    assert fault.status == FaultStatus.FIXED
    assert (repair.kind, repair.done_by, repair.cost, repair.parts) == (
        Repair.Kind.REPAIR,
        "Tiệm Minh Tâm",
        350_000,
        "Nguồn",
    )
    assert repair.done_on == timezone.localdate(fault.closed_at)
    assert repair.equipment == fault.equipment


def test_closing_as_fixed_without_the_repair_still_closes(tech_client, daklao_staff, thuvien):
    fault = assigned(daklao_staff, thuvien)
    tech_client.post(url("fault_close", fault_id=fault.pk), {"outcome": "fixed"})
    fault.refresh_from_db()
    assert fault.status == FaultStatus.FIXED and not Repair.objects.filter(fault=fault).exists()


def test_a_repair_cost_without_who_keeps_the_fault_open(tech_client, daklao_staff, thuvien):
    fault = assigned(daklao_staff, thuvien)
    before = writes()
    response = tech_client.post(
        url("fault_close", fault_id=fault.pk), {"outcome": "fixed", "cost": "350.000"}
    )
    assert response.status_code == 400
    assert "Hãy cho biết ai đã sửa" in response.context["close_form"].errors["done_by"][0]
    fault.refresh_from_db()
    assert fault.status == FaultStatus.ASSIGNED and not Repair.objects.exists()
    assert writes() == before


def test_writing_off_from_the_close_form_asks_first(tech_client, daklao_staff, thuvien):
    fault = assigned(daklao_staff, thuvien)
    before = writes()
    response = tech_client.post(
        url("fault_close", fault_id=fault.pk), {"outcome": "written_off", "note": "Hỏng hẳn"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="confirm"' in body and 'name="confirmed" value="yes"' in body
    assert 'name="note" value="Hỏng hẳn"' in body and 'name="outcome" value="written_off"' in body
    assert writes() == before
    tech_client.post(
        url("fault_close", fault_id=fault.pk),
        {"outcome": "written_off", "note": "Hỏng hẳn", "confirmed": "yes"},
    )
    fault.refresh_from_db()
    assert fault.status == FaultStatus.WRITTEN_OFF
    assert equipment_status_on(fault.equipment) == EquipmentStatus.RETIRED


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_open_faults_with_their_age_by_default(tech_client, daklao_staff, thuvien):
    today = timezone.localdate()
    old = report(actor=daklao_staff, day=today - dt.timedelta(days=40))
    report("TV-TINH-PC02", day=today - dt.timedelta(days=3))
    from pacnet.faults import services

    closed = report("TV-TINH-PC03", day=today - dt.timedelta(days=2))
    closed = services.fault_assign(actor=thuvien, fault=closed, technician=thuvien)
    services.fault_close(actor=thuvien, fault=closed, outcome="fixed")
    page = tech_client.get(LIST)
    rows = {f.pk: f.age for f in page.context["page"]}
    assert rows == {old.pk: 40, old.pk + 1: 3}
    aged = tech_client.get(LIST, {"age": "30"})
    assert [f.pk for f in aged.context["page"]] == [old.pk]
    everything = tech_client.get(LIST, {"status": "all"})
    assert len(everything.context["page"]) == 3


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [("category", "internet_line", 1), ("site", "X-DAKLAO", 2), ("status", "reported", 3)],
)
def test_the_list_filters(tech_client, daklao_staff, name, value, expected):
    report(actor=daklao_staff)
    report("X-DAKLAO-PC04", actor=daklao_staff)
    report("TV-TINH-PC01", category="internet_line")
    assert len(tech_client.get(LIST, {name: value}).context["page"]) == expected


def test_the_list_reads_a_constant_number_of_queries(
    tech_client, daklao_staff, django_assert_max_num_queries
):
    for n in range(1, 6):
        report(f"X-DAKLAO-PC0{n}", actor=daklao_staff)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        assert tech_client.get(LIST).status_code == 200
    for n in range(1, 13):
        report(f"TV-DAKMIL-PC{n:02d}")
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        page = tech_client.get(LIST)
    assert len(page.context["page"]) == 17


# --- Repairs -----------------------------------------------------------------------------


def test_a_repair_on_a_fault_defaults_to_out_of_warranty_after_it_ended(tech_client, daklao_staff):
    fault = report(actor=daklao_staff)
    response = tech_client.post(
        url("repair_create_for_fault", fault_id=fault.pk),
        {
            "kind": "repair",
            "done_on": timezone.localdate().strftime("%d/%m/%Y"),
            "done_by": "Minh Phát",
            "cost": "1.200.000",
            "parts": "Ổ cứng",
        },
    )
    assert response.status_code == 302
    repair = Repair.objects.get()
    assert (repair.fault, repair.equipment.code, repair.cost, repair.under_warranty) == (
        fault,
        "X-DAKLAO-PC03",
        1_200_000,
        False,
    )


def test_an_upgrade_updates_the_computers_profile(tech_client):
    response = tech_client.post(
        url("repair_create_for_item", equipment_code="X-DAKLAO-PC01"),
        {
            "kind": "upgrade_software",
            "done_on": "02/05/2024",
            "done_by": "Thư viện tỉnh",
            "profile-os": "Windows",
            "profile-os_version": "11 Pro",
        },
    )
    assert response.status_code == 302
    profile = ComputerProfile.objects.get(equipment__code="X-DAKLAO-PC01")
    assert (profile.os, profile.os_version, profile.source) == ("Windows", "11 Pro", "manual")
    assert Repair.objects.get().profile_changes == {"os": "Windows", "os_version": "11 Pro"}


def test_point_staff_cannot_record_repairs(staff_client):
    assert (
        staff_client.get(url("repair_create_for_item", equipment_code="X-DAKLAO-PC01")).status_code
        == 403
    )


def test_finance_reads_the_repair_costs(client, thuvien):
    from pacnet.faults import services

    services.repair_record(
        actor=thuvien,
        kind="repair",
        done_on=dt.date(2024, 5, 2),
        done_by="Minh Phát",
        equipment=Equipment.objects.get(code="X-DAKLAO-PC01"),
        cost=1_500_000,
    )
    finance = UserFactory(
        role=Role.FINANCE_OFFICER, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )
    client.force_login(finance)
    page = client.get(url("repair_list"))
    assert page.status_code == 200
    assert "1.500.000\u00a0đ" in page.content.decode()
    assert (
        client.get(url("repair_create_for_item", equipment_code="X-DAKLAO-PC01")).status_code == 403
    )
