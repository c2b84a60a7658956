"""The equipment pages: who sees what, and how a status is reported."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.selectors import computer_counts_on

LIST = reverse("inventory:equipment_list")
CREATE = reverse("inventory:equipment_create")
FAULT_DAY = dt.date(2024, 3, 15)
LIST_MAX_QUERIES = 20  # 15 today: session, user, scope, count, points, rows


def detail_url(code):
    return reverse("inventory:equipment_detail", kwargs={"equipment_code": code})


def status_url(code):
    return reverse("inventory:equipment_status_change", kwargs={"equipment_code": code})


def update_url(code):
    return reverse("inventory:equipment_update", kwargs={"equipment_code": code})


def listed_codes(response) -> list[str]:
    return [item.code for item in response.context["page"].object_list]


def writes_count() -> tuple[int, int, int]:
    return (
        Equipment.objects.count(),
        EquipmentStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


# --- The list ---------------------------------------------------------------------------


def test_the_province_admin_sees_the_178_items_of_the_demo(
    admin_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = admin_client.get(LIST)
    assert response.status_code == 200
    codes = listed_codes(response)
    assert len(codes) == 178
    assert sum(code.split("-")[-1].startswith("PC") for code in codes) == 160
    assert sum(code.split("-")[-1].startswith("PR") for code in codes) == 18
    assert response.content.decode().count('data-code="') == 178


def test_the_list_costs_as_many_queries_for_178_rows_as_for_18(admin_client):
    admin_client.get(LIST)  # warm the content-type and session caches
    with CaptureQueriesContext(connection) as all_items:
        admin_client.get(LIST)
    with CaptureQueriesContext(connection) as printers:
        response = admin_client.get(LIST, {"kind": "printer"})
    assert len(listed_codes(response)) == 18
    assert len(all_items) == len(printers)


def test_point_staff_see_only_the_equipment_of_their_point(staff_client):
    response = staff_client.get(LIST)
    assert listed_codes(response) == [
        "X-DAKLAO-PC01",
        "X-DAKLAO-PC02",
        "X-DAKLAO-PC03",
        "X-DAKLAO-PC04",
        "X-DAKLAO-PC05",
        "X-DAKLAO-PR01",
    ]


def test_the_list_shows_status_and_since_when(staff_client):
    response = staff_client.get(LIST)
    row = response.content.decode().split('data-code="X-DAKLAO-PC01"')[1].split("</tr>")[0]
    assert "01/06/2012" in row
    assert "text-bg-success" in row


def test_the_list_filters_by_point_kind_and_search(admin_client):
    assert len(listed_codes(admin_client.get(LIST, {"site": "TV-TINH"}))) == 27
    assert len(listed_codes(admin_client.get(LIST, {"kind": "printer"}))) == 18
    assert listed_codes(admin_client.get(LIST, {"q": "daklao-pc03"})) == ["X-DAKLAO-PC03"]


def test_the_list_filters_by_status_on_the_chosen_day(admin_client, province_admin):
    item = Equipment.objects.get(code="X-DAKLAO-PC03")
    EquipmentStatusChange.objects.create(
        equipment=item, status=EquipmentStatus.FAULTY, effective_on=FAULT_DAY
    )
    faulty_then = admin_client.get(LIST, {"status": "faulty", "day": "15/03/2024"})
    faulty_before = admin_client.get(LIST, {"status": "faulty", "day": "14/03/2024"})
    assert listed_codes(faulty_then) == ["X-DAKLAO-PC03"]
    assert listed_codes(faulty_before) == []


def test_before_any_record_an_item_has_no_status(admin_client):
    response = admin_client.get(LIST, {"site": "X-DAKLAO", "day": "01/01/2010"})
    assert all(item.status_on is None for item in response.context["page"].object_list)


def test_a_point_outside_the_scope_cannot_be_chosen_as_a_filter(staff_client):
    response = staff_client.get(LIST, {"site": "TV-TINH"})
    assert listed_codes(response) == []
    assert "site" in response.context["filters"].errors


def test_a_malformed_day_in_the_filter_is_shown_as_an_error(staff_client):
    response = staff_client.get(LIST, {"day": "31/02/2024"})
    assert response.status_code == 200
    assert "day" in response.context["filters"].errors


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo_network):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Detail -----------------------------------------------------------------------------


def test_the_detail_shows_fields_history_and_change_log(staff_client):
    response = staff_client.get(detail_url("X-DAKLAO-PC01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="status-history"' in page
    assert 'data-day="2012-06-01"' in page
    assert 'id="audit-trail"' in page
    assert list(response.context["audit_entries"])[0].action == AuditEntry.Action.CREATE


def test_an_inspector_sees_the_detail_without_the_status_buttons(client, krongno_inspector):
    client.force_login(krongno_inspector)
    response = client.get(detail_url("X-NAMDA-PC01"))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()


def test_an_unknown_code_is_not_found(staff_client):
    assert staff_client.get(detail_url("X-DAKLAO-PC99")).status_code == 404


# --- Reporting a status -----------------------------------------------------------------


def test_point_staff_mark_a_computer_faulty(staff_client, daklao_staff):
    response = staff_client.post(
        status_url("X-DAKLAO-PC03"),
        {"status": "faulty", "effective_on": "15/03/2024", "note": "không khởi động"},
    )
    assert response.status_code == 302
    history = staff_client.get(detail_url("X-DAKLAO-PC03")).context["history"]
    assert [(c.effective_on, c.status) for c in history] == [
        (FAULT_DAY, EquipmentStatus.FAULTY),
        (dt.date(2012, 6, 1), EquipmentStatus.WORKING),
    ]
    assert history[0].recorded_by == daklao_staff
    daklao = Site.objects.get(code="X-DAKLAO")
    assert computer_counts_on([daklao.pk], FAULT_DAY)[daklao.pk] == {"in_service": 5, "working": 4}
    day_before = FAULT_DAY - dt.timedelta(days=1)
    assert computer_counts_on([daklao.pk], day_before)[daklao.pk]["working"] == 5


def test_a_status_report_is_audited_as_made_on_the_web(staff_client, daklao_staff):
    staff_client.post(
        status_url("X-DAKLAO-PC03"), {"status": "faulty", "effective_on": "15/03/2024"}
    )
    entry = AuditEntry.objects.filter(object_repr="X-DAKLAO-PC03").first()
    assert entry.actor == daklao_staff
    assert entry.source == "web"
    assert entry.action == AuditEntry.Action.UPDATE


def test_with_htmx_the_status_panel_is_redrawn_in_place(staff_client):
    response = staff_client.post(
        status_url("X-DAKLAO-PC03"),
        {"status": "under_repair", "effective_on": "15/03/2024"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="status-panel">')
    assert 'hx-swap-oob="true"' in page
    assert 'data-status="under_repair"' in page


def test_a_second_change_on_the_same_day_replaces_the_first(staff_client):
    url = status_url("X-DAKLAO-PC03")
    staff_client.post(url, {"status": "faulty", "effective_on": "15/03/2024"})
    staff_client.post(url, {"status": "under_repair", "effective_on": "15/03/2024"})
    changes = EquipmentStatusChange.objects.filter(
        equipment__code="X-DAKLAO-PC03", effective_on=FAULT_DAY
    )
    assert list(changes.values_list("status", flat=True)) == [EquipmentStatus.UNDER_REPAIR]


def test_the_status_page_works_without_javascript(staff_client):
    response = staff_client.get(status_url("X-DAKLAO-PC03"))
    assert response.status_code == 200
    assert 'name="effective_on"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "broken", "effective_on": "15/03/2024"}, "status"),
        ({"status": "faulty", "effective_on": "31/05/2012"}, "effective_on"),
        ({"status": "faulty", "effective_on": "15/13/2024"}, "effective_on"),
        ({"status": "faulty", "effective_on": ""}, "effective_on"),
    ],
    ids=["unknown status", "before acquisition", "malformed date", "no date"],
)
def test_a_bad_status_report_shows_an_error_and_writes_nothing(staff_client, data, field):
    before = writes_count()
    response = staff_client.post(status_url("X-DAKLAO-PC03"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "invalid-feedback" in response.content.decode()
    assert writes_count() == before


def undo_url(code):
    return reverse("inventory:equipment_status_undo", kwargs={"equipment_code": code})


def test_writing_off_a_printer_asks_first_and_writes_nothing(staff_client):
    before = writes_count()
    response = staff_client.post(
        status_url("X-DAKLAO-PR01"), {"status": "retired", "effective_on": "15/03/2024"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="confirm-yes"' in body and 'name="confirmed" value="yes"' in body
    assert 'name="status" value="retired"' in body and 'value="15/03/2024"' in body
    assert writes_count() == before


def test_writing_off_a_printer_once_confirmed(staff_client):
    response = staff_client.post(
        status_url("X-DAKLAO-PR01"),
        {"status": "retired", "effective_on": "15/03/2024", "confirmed": "yes"},
    )
    assert response.status_code == 302
    item = Equipment.objects.get(code="X-DAKLAO-PR01")
    assert item.status_changes.order_by("-effective_on").first().status == "retired"


def test_with_htmx_the_write_off_question_takes_the_panels_place(staff_client):
    before = writes_count()
    response = staff_client.post(
        status_url("X-DAKLAO-PR01"),
        {"status": "retired", "effective_on": "15/03/2024"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="status-panel">') and 'id="confirm-yes"' in page
    assert writes_count() == before


def test_a_status_tapped_by_mistake_is_undone_in_the_minutes_after(staff_client):
    staff_client.post(
        status_url("X-DAKLAO-PC03"), {"status": "faulty", "effective_on": "15/03/2024"}
    )
    assert 'id="status-undo"' in staff_client.get(detail_url("X-DAKLAO-PC03")).content.decode()
    audits = AuditEntry.objects.count()
    assert staff_client.post(undo_url("X-DAKLAO-PC03")).status_code == 302
    history = staff_client.get(detail_url("X-DAKLAO-PC03")).context["history"]
    assert [c.status for c in history] == [EquipmentStatus.WORKING]
    assert AuditEntry.objects.count() == audits + 1


def test_a_status_cannot_be_undone_after_a_quarter_of_an_hour(staff_client):
    staff_client.post(
        status_url("X-DAKLAO-PC03"), {"status": "faulty", "effective_on": "15/03/2024"}
    )
    EquipmentStatusChange.objects.filter(effective_on=FAULT_DAY).update(
        recorded_at=timezone.now() - dt.timedelta(minutes=16)
    )
    assert 'id="status-undo"' not in staff_client.get(detail_url("X-DAKLAO-PC03")).content.decode()
    staff_client.post(undo_url("X-DAKLAO-PC03"))
    assert EquipmentStatusChange.objects.filter(effective_on=FAULT_DAY).exists()


def test_nobody_undoes_a_status_someone_else_recorded(staff_client):
    from pacnet.inventory import services

    item = Equipment.objects.get(code="X-DAKLAO-PC03")
    services.equipment_status_change(actor=None, item=item, status="faulty", effective_on=FAULT_DAY)
    assert 'id="status-undo"' not in staff_client.get(detail_url("X-DAKLAO-PC03")).content.decode()
    staff_client.post(undo_url("X-DAKLAO-PC03"))
    assert item.status_changes.filter(effective_on=FAULT_DAY).exists()


# --- Role and scope ---------------------------------------------------------------------


def test_point_staff_cannot_change_equipment_of_another_point(staff_client):
    before = writes_count()
    url = status_url("TV-TINH-PC01")
    assert (
        staff_client.post(url, {"status": "faulty", "effective_on": "15/03/2024"}).status_code
        == 404
    )
    assert staff_client.get(update_url("TV-TINH-PC01")).status_code == 404
    assert staff_client.post(update_url("TV-TINH-PC01"), {"model": "x"}).status_code == 404
    assert writes_count() == before


def test_point_staff_cannot_add_equipment(staff_client):
    before = writes_count()
    assert staff_client.get(CREATE).status_code == 403
    response = staff_client.post(
        CREATE,
        {"site": "X-DAKLAO", "kind": "computer", "code": "X-DAKLAO-PC06",
         "status": "working", "status_on": "15/03/2024"},
    )  # fmt: skip
    assert response.status_code == 403
    assert writes_count() == before


def test_point_staff_may_edit_the_details_of_their_equipment(staff_client):
    response = staff_client.post(
        update_url("X-DAKLAO-PC02"),
        {"site": "X-DAKLAO", "kind": "computer", "model": "Dell OptiPlex 3020",
         "serial": "SN-123", "acquired_on": "01/06/2012"},
    )  # fmt: skip
    assert response.status_code == 302
    item = Equipment.objects.get(code="X-DAKLAO-PC02")
    assert (item.model, item.serial) == ("Dell OptiPlex 3020", "SN-123")
    entry = AuditEntry.objects.filter(object_repr="X-DAKLAO-PC02").first()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["model"] == ["", "Dell OptiPlex 3020"] or any(
        v == ["", "Dell OptiPlex 3020"] for v in entry.changes.values()
    )


def test_an_edit_cannot_move_the_acquisition_after_the_first_status(staff_client):
    before = writes_count()
    response = staff_client.post(
        update_url("X-DAKLAO-PC02"),
        {"site": "X-DAKLAO", "kind": "computer", "acquired_on": "01/01/2013"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["acquired_on"]
    assert Equipment.objects.get(code="X-DAKLAO-PC02").acquired_on == dt.date(2012, 6, 1)
    assert writes_count() == before


# --- Adding equipment -------------------------------------------------------------------


def test_the_add_form_suggests_the_next_free_code(admin_client):
    response = admin_client.get(CREATE, {"site": "X-DAKLAO", "kind": "computer"})
    assert response.context["form"].initial["code"] == "X-DAKLAO-PC06"
    response = admin_client.get(CREATE, {"site": "X-DAKLAO", "kind": "printer"})
    assert response.context["form"].initial["code"] == "X-DAKLAO-PR02"


def test_library_staff_add_a_computer(client, demo_network):
    user = UserFactory(role=Role.LIBRARY_STAFF, scope_sites=[Site.objects.get(code="X-DAKLAO")])
    client.force_login(user)
    response = client.post(
        CREATE,
        {"site": "X-DAKLAO", "kind": "computer", "code": "x-daklao-pc06", "model": "HP 280",
         "acquired_on": "01/03/2024", "status": "working", "status_on": "15/03/2024"},
    )  # fmt: skip
    assert response.status_code == 302
    item = Equipment.objects.get(code="X-DAKLAO-PC06")
    assert item.site.code == "X-DAKLAO"
    assert item.status_changes.get().effective_on == FAULT_DAY
    assert AuditEntry.objects.filter(object_repr="X-DAKLAO-PC06", source="web").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "X-DAKLAO-PC05"}, "code"),
        ({"status_on": "01/01/2024"}, "status_on"),
        ({"acquired_on": "2024-31-01"}, "acquired_on"),
        ({"site": "NOWHERE"}, "site"),
    ],
    ids=["duplicate code", "status before acquisition", "malformed date", "unknown point"],
)
def test_a_bad_new_item_shows_an_error_and_writes_nothing(admin_client, changes, field):
    data = {"site": "X-DAKLAO", "kind": "computer", "code": "X-DAKLAO-PC06",
            "acquired_on": "01/03/2024", "status": "working",
            "status_on": "15/03/2024"}  # fmt: skip
    before = writes_count()
    response = admin_client.post(CREATE, {**data, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert writes_count() == before


def test_the_detail_page_offers_point_staff_to_report_a_fault_on_the_item(client, daklao_staff):
    client.force_login(daklao_staff)
    response = client.get("/equipment/X-DAKLAO-PC01/")
    assert b"/faults/report/?item=X-DAKLAO-PC01" in response.content
    assert b"/repairs/new/X-DAKLAO-PC01/" not in response.content  # repairs: technicians only
