"""The register: funding, cost, warranty, end of life, computer profiles, and their pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.formatting import money as vnd
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import ComputerProfile, Equipment
from pacnet.inventory.selectors import warranty_state
from pacnet.inventory.services import computer_profile_update, equipment_update
from pacnet.inventory.tests.factories import EquipmentFactory

LIST = reverse("inventory:equipment_list")
IMPORT = reverse("inventory:equipment_import")
LIST_MAX_QUERIES = 20


def detail_url(code):
    return reverse("inventory:equipment_detail", kwargs={"equipment_code": code})


def update_url(code):
    return reverse("inventory:equipment_update", kwargs={"equipment_code": code})


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")


# --- Services and rules ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_profile_is_created_then_updated_field_by_field_and_audited():
    item = EquipmentFactory()
    computer_profile_update(actor=None, item=item, profile_source="manual", os="Windows")
    profile = computer_profile_update(
        actor=None, item=item, profile_source="kiosk", os_version="10 22H2"
    )
    assert (profile.os, profile.os_version, profile.source) == ("Windows", "10 22H2", "kiosk")
    assert AuditEntry.objects.filter(object_id=str(item.pk)).count() == 2


@pytest.mark.django_db
def test_a_profile_with_the_same_values_is_not_written_again():
    item = EquipmentFactory()
    first = computer_profile_update(actor=None, item=item, profile_source="kiosk", ram_mb=4096)
    audits = AuditEntry.objects.count()
    again = computer_profile_update(actor=None, item=item, profile_source="kiosk", ram_mb=4096)
    assert again.updated_at == first.updated_at
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_only_a_computer_has_a_profile():
    printer = EquipmentFactory(kind=Equipment.Kind.PRINTER)
    with pytest.raises(ValidationError):
        computer_profile_update(actor=None, item=printer, profile_source="manual", os="Windows")
    assert not ComputerProfile.objects.exists()


@pytest.mark.django_db
def test_warranty_and_end_of_life_cannot_come_before_acquisition():
    item = EquipmentFactory(acquired_on=dt.date(2012, 6, 1))
    with pytest.raises(ValidationError) as raised:
        equipment_update(actor=None, item=item, warranty_ends_on=dt.date(2012, 1, 1))
    assert "warranty_ends_on" in raised.value.message_dict


@pytest.mark.parametrize(
    ("days_left", "state"), [(-1, "ended"), (0, "ending"), (90, "ending"), (91, None)]
)
def test_the_warranty_warns_from_90_days_before_its_end(days_left, state):
    day = dt.date(2024, 5, 1)
    item = Equipment(warranty_ends_on=day + dt.timedelta(days=days_left))
    assert warranty_state(item, day) == state


def test_sums_are_shown_in_dong_with_vietnamese_thousands_separators():
    assert vnd(12_500_000) == "12.500.000\u00a0đ"
    assert vnd(None) == ""


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


@pytest.fixture
def pc01(demo_network):
    item = Equipment.objects.get(code="X-DAKLAO-PC01")
    computer_profile_update(
        actor=None, item=item, profile_source="manual", os="Windows", accessibility_tools="NVDA"
    )
    return item


def test_the_detail_page_shows_funding_cost_warranty_end_of_life_and_profile(admin_client, pc01):
    equipment_update(
        actor=None,
        item=pc01,
        funding_source="bmgf_vn",
        acquisition_cost=12_500_000,
        warranty_ends_on=today() + dt.timedelta(days=30),
    )
    page = admin_client.get(detail_url("X-DAKLAO-PC01")).content.decode()
    assert "12.500.000\u00a0đ" in page
    assert "BMGF-VN" in page
    assert 'data-warranty="ending"' in page
    assert "NVDA" in page and 'id="computer-profile"' in page


def test_the_edit_form_saves_register_details_and_profile_together(admin_client, pc01):
    data = {
        "site": "X-DAKLAO",
        "kind": "computer",
        "model": "HP",
        "serial": "",
        "acquired_on": "01/06/2012",
        "funding_source": "bmgf_vn",
        "acquisition_cost": "12.500.000",
        "warranty_ends_on": "01/06/2015",
        "end_of_life_on": "01/06/2019",
        "profile-os": "Windows",
        "profile-os_version": "10 22H2",
        "profile-accessibility_tools": "NVDA",
    }
    response = admin_client.post(update_url("X-DAKLAO-PC01"), data)
    assert response.status_code == 302
    pc01.refresh_from_db()
    assert pc01.acquisition_cost == 12_500_000 and pc01.profile.os_version == "10 22H2"


def test_a_bad_profile_value_saves_nothing(admin_client, pc01):
    data = {
        "site": "X-DAKLAO",
        "kind": "computer",
        "acquired_on": "01/06/2012",
        "acquisition_cost": "9.999.999",
        "profile-ram_mb": "lots",
    }
    response = admin_client.post(update_url("X-DAKLAO-PC01"), data)
    assert response.status_code == 200
    pc01.refresh_from_db()
    assert pc01.acquisition_cost == 12_500_000  # as the demo has it


def test_the_list_filters_by_funding_source_and_warranty_ending_within_90_days(
    admin_client, demo_network, django_assert_max_num_queries
):
    soon = Equipment.objects.get(code="X-DAKLAO-PC02")
    equipment_update(
        actor=None, item=soon, funding_source="donor", warranty_ends_on=today() + dt.timedelta(10)
    )
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = admin_client.get(LIST, {"warranty": "ending"})
    assert [i.code for i in response.context["page"].object_list] == ["X-DAKLAO-PC02"]
    response = admin_client.get(LIST, {"funding_source": "donor"})
    assert [i.code for i in response.context["page"].object_list] == ["X-DAKLAO-PC02"]


def test_the_import_page_checks_then_imports(admin_client, demo_network):
    text = "code,point,kind,acquired_on\nX-DAKLAO-PC06,X-DAKLAO,computer,01/03/2024\n"
    response = admin_client.post(IMPORT, {"file": upload(text), "mode": "check"})
    assert 'data-result="checked"' in response.content.decode()
    assert not Equipment.objects.filter(code="X-DAKLAO-PC06").exists()
    response = admin_client.post(IMPORT, {"file": upload(text), "mode": "import"})
    assert 'data-result="imported"' in response.content.decode()
    assert Equipment.objects.filter(code="X-DAKLAO-PC06").exists()


def test_the_import_page_lists_errors_with_row_numbers_in_vietnamese(client, province_admin):
    client.force_login(province_admin)
    text = "code,point,kind,acquired_on\nX-DAKLAO-PC06,X-NOPE,computer,01/03/2024\n"
    response = client.post(
        IMPORT, {"file": upload(text), "mode": "import"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    page = response.content.decode()
    assert 'data-row="2" data-column="point"' in page
    assert "Không có điểm truy nhập nào có mã X-NOPE" in page


def test_a_librarian_of_another_point_cannot_import_items_of_a_point_outside_scope(
    client, demo_network
):
    librarian = UserFactory(
        role=Role.LIBRARY_STAFF, scope_sites=[Site.objects.get(code="X-DAKDRO")]
    )
    client.force_login(librarian)
    text = "code,serial\nX-DAKLAO-PC01,SN-STOLEN\n"
    response = client.post(IMPORT, {"file": upload(text), "mode": "import"})
    assert 'data-row="2" data-column="code"' in response.content.decode()
    assert Equipment.objects.get(code="X-DAKLAO-PC01").serial == ""
    assert client.get(detail_url("X-DAKLAO-PC01")).status_code == 404


def test_point_staff_do_not_get_the_import_page(client, daklao_staff):
    client.force_login(daklao_staff)
    assert client.get(IMPORT).status_code == 403


# --- Demo equipment ---------------------------------------------------------------------------


def test_the_demo_2012_items_are_bmgf_vn_with_3_years_of_warranty_and_7_of_life(demo_network):
    item = Equipment.objects.get(code="TV-TINH-PC01")
    assert item.funding_source == "bmgf_vn" and item.acquisition_cost > 0
    assert (item.warranty_ends_on, item.end_of_life_on) == (
        dt.date(2015, 6, 1),
        dt.date(2019, 6, 1),
    )


def test_the_full_demo_adds_a_usb_modem_and_a_router_per_point_and_computer_profiles(
    demo_network,
):
    from pacnet.inventory.demo import demo_equipment_extras_load

    demo_equipment_extras_load()
    assert Equipment.objects.filter(kind="usb_modem").count() == 18
    assert Equipment.objects.filter(kind="router").count() == 18
    assert ComputerProfile.objects.count() == 160
    assert ComputerProfile.objects.filter(os_version__startswith="10").exists()
    assert ComputerProfile.objects.filter(os_version__startswith="7").exists()
    assert ComputerProfile.objects.filter(accessibility_tools__contains="NVDA").count() == 3
