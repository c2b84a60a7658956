"""The units and access points API: dated fields, filters, scope, and writes through services."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.services import site_suspend

UNITS = "/api/geography/units/"
SITES = "/api/geography/sites/"
NEW_POINT = {
    "code": "X-MOI",
    "name": "Thư viện xã Mới",
    "kind": "commune_library",
    "origin": "replicated",
    "opened_on": "2024-01-15",
    "unit": "XA-DAKLAO",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def library_staff(demo_network):
    return UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )


def test_unit_shows_its_parent_as_of_the_day(daklao_staff):
    client = client_for(daklao_staff)
    before = client.get(f"{UNITS}XA-DAKLAO/", {"as_of": "2020-01-01"}).json()
    after = client.get(f"{UNITS}XA-DAKLAO/", {"as_of": "2025-07-01"}).json()
    assert (before["parent"], after["parent"]) == ("DNO-DAKMIL", "LDG")


def test_ended_unit_shows_validity_and_successor(province_admin):
    unit = client_for(province_admin).get(f"{UNITS}DNO/").json()
    assert unit["valid_to"] == "2025-06-30"
    assert unit["successors"] == ["LDG"]


def test_unit_list_holds_only_units_in_scope(krongno_inspector):
    response = client_for(krongno_inspector).get(UNITS)
    assert codes(response) == ["DNO-KRONGNO", "XA-DAKDRO", "XA-NAMDA"]


def test_unit_list_filters_by_level(province_admin):
    response = client_for(province_admin).get(UNITS, {"level": "province"})
    assert codes(response) == ["DNO", "LDG"]


def test_unit_list_query_count_does_not_grow_with_units(
    province_admin, django_assert_max_num_queries
):
    client = client_for(province_admin)
    with django_assert_max_num_queries(16):
        response = client.get(UNITS)
    assert len(codes(response)) == AdministrativeUnit.objects.count()


def test_site_shows_its_unit_and_status_as_of_the_day(province_admin):
    site = Site.objects.get(code="TV-KRONGNO")
    site_suspend(actor=None, site=site, start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31))
    client = client_for(province_admin)
    then = client.get(f"{SITES}TV-KRONGNO/", {"as_of": "2024-03-10"}).json()
    now = client.get(f"{SITES}TV-KRONGNO/").json()
    assert (then["unit"], then["status"]) == ("DNO-KRONGNO", "suspended")
    assert (now["unit"], now["status"]) == ("LDG", "open")


def test_site_list_holds_only_points_in_scope(krongno_inspector):
    response = client_for(krongno_inspector).get(SITES)
    assert codes(response) == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]


def test_site_list_filters_by_kind(province_admin):
    response = client_for(province_admin).get(SITES, {"kind": "provincial_library"})
    assert codes(response) == ["TV-TINH"]


def test_site_list_filters_by_status_as_of_the_day(province_admin):
    site_suspend(actor=None, site=Site.objects.get(code="X-NAMDA"), start=dt.date(2024, 3, 1))
    response = client_for(province_admin).get(SITES, {"status": "suspended", "as_of": "2024-06-01"})
    assert codes(response) == ["X-NAMDA"]


def test_site_list_filters_by_unit_as_of_the_day(province_admin):
    response = client_for(province_admin).get(SITES, {"unit": "DNO-KRONGNO", "as_of": "2020-01-01"})
    assert codes(response) == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]


def test_site_list_by_unit_after_it_ended_is_empty(province_admin):
    response = client_for(province_admin).get(SITES, {"unit": "DNO-KRONGNO"})
    assert codes(response) == []


def test_site_list_refuses_a_unit_outside_scope(daklao_staff):
    response = client_for(daklao_staff).get(SITES, {"unit": "DNO-GIANGHIA"})
    assert response.status_code == 400
    assert "unit" in response.json()


def test_site_list_refuses_a_malformed_day(province_admin):
    response = client_for(province_admin).get(SITES, {"as_of": "31/12/2024"})
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_site_list_query_count_does_not_grow_with_points(
    province_admin, django_assert_max_num_queries
):
    client = client_for(province_admin)
    with django_assert_max_num_queries(16):
        response = client.get(SITES)
    assert len(codes(response)) == 18


def test_site_outside_scope_is_not_found(daklao_staff):
    assert client_for(daklao_staff).get(f"{SITES}TV-TINH/").status_code == 404


def test_library_staff_creates_a_point_through_the_service(library_staff):
    response = client_for(library_staff).post(SITES, NEW_POINT, format="json")
    assert response.status_code == 201
    assert (response.json()["unit"], response.json()["status"]) == ("XA-DAKLAO", "open")
    site = Site.objects.get(code="X-MOI")
    assert AuditEntry.objects.filter(object_id=str(site.pk), source="api").exists()


def test_point_staff_may_not_create_a_point(daklao_staff):
    response = client_for(daklao_staff).post(SITES, NEW_POINT, format="json")
    assert response.status_code == 403
    assert not Site.objects.filter(code="X-MOI").exists()


def test_creating_a_point_in_a_unit_outside_scope_is_refused(demo_network):
    staff = UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="DNO-KRONGNO")]
    )
    response = client_for(staff).post(SITES, NEW_POINT, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    assert not Site.objects.filter(code="X-MOI").exists()


def test_creating_a_point_with_bad_input_names_the_fields(library_staff):
    bad = NEW_POINT | {"code": "x moi", "kind": "castle", "opened_on": "someday"}
    response = client_for(library_staff).post(SITES, bad, format="json")
    assert response.status_code == 400
    assert {"code", "kind", "opened_on"} <= set(response.json())


def test_creating_a_point_with_an_existing_code_is_refused(library_staff):
    response = client_for(library_staff).post(
        SITES, NEW_POINT | {"code": "X-DAKLAO"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()


def test_point_staff_changes_the_details_of_its_point(daklao_staff):
    response = client_for(daklao_staff).patch(
        f"{SITES}X-DAKLAO/", {"phone": "0261 3 544 123"}, format="json"
    )
    assert response.status_code == 200
    assert Site.objects.get(code="X-DAKLAO").phone == "0261 3 544 123"


def test_the_hours_are_written_as_text_and_read_back_canonical(daklao_staff):
    response = client_for(daklao_staff).patch(
        f"{SITES}X-DAKLAO/", {"opening_hours": "mon-fri 7:00-11:00; sat 7h00-11:00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["opening_hours"] == "mon-sat 07:00-11:00; sun closed"
    site = Site.objects.get(code="X-DAKLAO")
    assert site.opening_periods.count() == 6


def test_hours_the_syntax_refuses_are_a_400_on_the_field_and_change_nothing(daklao_staff):
    response = client_for(daklao_staff).patch(
        f"{SITES}X-DAKLAO/", {"opening_hours": "7:00–11:00", "phone": "0261"}, format="json"
    )
    assert response.status_code == 400
    assert "opening_hours" in response.json()
    site = Site.objects.get(code="X-DAKLAO")
    assert site.phone != "0261" and not site.opening_periods.exists()


def test_the_list_of_points_shows_their_hours_in_few_queries(
    daklao_staff, django_assert_max_num_queries
):
    site = Site.objects.get(code="X-DAKLAO")
    site.opening_periods.create(weekday=0, opens=450, closes=1020)
    client = client_for(daklao_staff)
    with django_assert_max_num_queries(12):
        rows = client.get(SITES).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows[0]["opening_hours"] == "mon 07:30-17:00; tue-sun closed"


def test_closing_before_opening_is_refused_and_changes_nothing(daklao_staff):
    response = client_for(daklao_staff).patch(
        f"{SITES}X-DAKLAO/", {"closed_on": "2000-01-01", "phone": "0261"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    site = Site.objects.get(code="X-DAKLAO")
    assert (site.closed_on, site.phone) == (None, "")


def test_point_staff_may_not_change_another_point(daklao_staff):
    response = client_for(daklao_staff).patch(f"{SITES}TV-TINH/", {"phone": "0261"}, format="json")
    assert response.status_code == 404
    assert Site.objects.get(code="TV-TINH").phone == ""


def test_inspector_may_not_change_a_point_in_scope(krongno_inspector):
    response = client_for(krongno_inspector).patch(
        f"{SITES}X-NAMDA/", {"phone": "0261"}, format="json"
    )
    assert response.status_code == 403
    assert Site.objects.get(code="X-NAMDA").phone == ""
