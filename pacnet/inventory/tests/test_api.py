"""The equipment API: status as of a day, filters, scope, and dated status changes."""

import datetime as dt

from rest_framework.test import APIClient

from pacnet.core.models import AuditEntry
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on
from pacnet.inventory.services import equipment_status_change

EQUIPMENT = "/api/inventory/equipment/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def status_url(code: str) -> str:
    return f"{EQUIPMENT}{code}/status/"


def break_down(code: str, day: dt.date) -> None:
    item = Equipment.objects.get(code=code)
    equipment_status_change(actor=None, item=item, status=EquipmentStatus.FAULTY, effective_on=day)


def test_equipment_list_holds_only_the_items_of_points_in_scope(daklao_staff):
    response = client_for(daklao_staff).get(EQUIPMENT)
    assert codes(response) == [f"X-DAKLAO-PC0{n}" for n in range(1, 6)] + ["X-DAKLAO-PR01"]


def test_equipment_shows_its_site_and_status(daklao_staff):
    item = client_for(daklao_staff).get(f"{EQUIPMENT}X-DAKLAO-PR01/").json()
    assert (item["site"], item["kind"], item["status"]) == ("X-DAKLAO", "printer", "working")


def test_equipment_status_is_given_as_of_the_day(daklao_staff):
    break_down("X-DAKLAO-PC02", dt.date(2024, 5, 1))
    client = client_for(daklao_staff)
    before = client.get(f"{EQUIPMENT}X-DAKLAO-PC02/", {"as_of": "2024-04-30"}).json()
    after = client.get(f"{EQUIPMENT}X-DAKLAO-PC02/", {"as_of": "2024-05-01"}).json()
    assert (before["status"], after["status"]) == ("working", "faulty")


def test_equipment_has_no_status_before_its_first_record(daklao_staff):
    item = client_for(daklao_staff).get(f"{EQUIPMENT}X-DAKLAO-PC01/", {"as_of": "2010-01-01"})
    assert item.json()["status"] is None


def test_equipment_list_filters_by_site(province_admin):
    response = client_for(province_admin).get(EQUIPMENT, {"site": "X-NAMDA"})
    assert len(codes(response)) == 6
    assert all(code.startswith("X-NAMDA-") for code in codes(response))


def test_equipment_list_filters_by_kind_and_status(province_admin):
    break_down("TV-DAKMIL-PC07", dt.date(2024, 5, 1))
    response = client_for(province_admin).get(EQUIPMENT, {"kind": "computer", "status": "faulty"})
    assert codes(response) == ["TV-DAKMIL-PC07"]


def test_equipment_list_refuses_a_site_outside_scope(daklao_staff):
    response = client_for(daklao_staff).get(EQUIPMENT, {"site": "TV-TINH"})
    assert response.status_code == 400
    assert "site" in response.json()


def test_equipment_list_query_count_does_not_grow_with_items(
    province_admin, django_assert_max_num_queries
):
    client = client_for(province_admin)
    with django_assert_max_num_queries(16):
        response = client.get(EQUIPMENT, {"limit": 500})
    assert len(codes(response)) == Equipment.objects.count()


def test_equipment_outside_scope_is_not_found(daklao_staff):
    assert client_for(daklao_staff).get(f"{EQUIPMENT}TV-TINH-PC01/").status_code == 404


def test_point_staff_records_a_breakdown_through_the_service(daklao_staff):
    response = client_for(daklao_staff).post(
        status_url("X-DAKLAO-PC03"),
        {"status": "faulty", "effective_on": "2024-05-02", "note": "Không lên nguồn"},
        format="json",
    )
    assert response.status_code == 201
    item = Equipment.objects.get(code="X-DAKLAO-PC03")
    assert equipment_status_on(item, dt.date(2024, 5, 2)) == "faulty"
    assert AuditEntry.objects.filter(object_id=str(item.pk), source="api").exists()


def test_status_change_without_a_note_is_accepted(daklao_staff):
    response = client_for(daklao_staff).post(
        status_url("X-DAKLAO-PC03"), {"status": "under_repair", "effective_on": "2024-05-02"}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "under_repair"


def test_status_change_with_an_unknown_status_is_refused(daklao_staff):
    response = client_for(daklao_staff).post(
        status_url("X-DAKLAO-PC03"), {"status": "exploded", "effective_on": "2024-05-02"}
    )
    assert response.status_code == 400
    assert "status" in response.json()


def test_status_change_without_a_date_is_refused(daklao_staff):
    response = client_for(daklao_staff).post(status_url("X-DAKLAO-PC03"), {"status": "faulty"})
    assert response.status_code == 400
    assert "effective_on" in response.json()


def test_inspector_may_not_change_a_status_in_scope(krongno_inspector):
    response = client_for(krongno_inspector).post(
        status_url("X-NAMDA-PC01"), {"status": "faulty", "effective_on": "2024-05-02"}
    )
    assert response.status_code == 403
    assert equipment_status_on(Equipment.objects.get(code="X-NAMDA-PC01")) == "working"


def test_status_change_outside_scope_is_not_found_and_changes_nothing(daklao_staff):
    response = client_for(daklao_staff).post(
        status_url("TV-TINH-PC01"), {"status": "faulty", "effective_on": "2024-05-02"}
    )
    assert response.status_code == 404
    assert equipment_status_on(Equipment.objects.get(code="TV-TINH-PC01")) == "working"
