"""No existence oracle: an object outside the user's scope answers exactly as a missing one.

The route walk (test_routes.py) checks this on every route; these are its specification on a
few representative pages, and the 403 that stays for an action the role may not take.
"""

import pytest
from django.test import Client

from pacnet.faults.models import Fault
from pacnet.faults.services import fault_report
from pacnet.inventory.models import Equipment


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_fault(demo_network) -> Fault:
    """A fault of the provincial library TV-TINH, outside X-DAKLAO's scope."""
    return fault_report(
        actor=None,
        site=Equipment.objects.get(code="TV-TINH-PC02").site,
        equipment=Equipment.objects.get(code="TV-TINH-PC02"),
        description="Không lên nguồn",
    )


@pytest.mark.parametrize(
    ("another_points", "missing"),
    [
        ("/points/TV-TINH/", "/points/KHONG-CO/"),
        ("/points/TV-TINH/edit/", "/points/KHONG-CO/edit/"),
        ("/equipment/TV-TINH-PC01/", "/equipment/KHONG-CO/"),
        ("/usage/points/TV-TINH/computers/", "/usage/points/KHONG-CO/computers/"),
        ("/units/DNO-GIANGHIA/", "/units/KHONG-CO/"),
    ],
    ids=["point", "point edit", "equipment", "computers now", "unit"],
)
def test_another_points_page_is_not_found_like_a_missing_one(daklao_staff, another_points, missing):
    client = client_of(daklao_staff)
    assert client.get(missing).status_code == 404
    assert client.get(another_points).status_code == 404


def test_another_points_fault_is_not_found_like_a_missing_one(daklao_staff, other_fault):
    client = client_of(daklao_staff)
    assert client.get(f"/faults/{other_fault.pk + 1000}/").status_code == 404
    assert client.get(f"/faults/{other_fault.pk}/").status_code == 404
    assert client.get(f"/faults/{other_fault.pk}/photo/").status_code == 404


def test_starting_a_session_at_another_point_is_not_found_and_records_nothing(daklao_staff):
    sessions = Equipment.objects.get(code="TV-TINH-PC01").sessions.count()
    response = client_of(daklao_staff).post(
        "/usage/points/TV-TINH/computers/start/",
        {"computer": Equipment.objects.get(code="TV-TINH-PC01").pk, "person_code": "x"},
    )
    assert response.status_code == 404
    assert Equipment.objects.get(code="TV-TINH-PC01").sessions.count() == sessions


def test_the_province_admin_still_reaches_every_point(province_admin):
    assert client_of(province_admin).get("/points/TV-TINH/").status_code == 200


def test_a_read_only_role_is_forbidden_to_edit_a_point_it_sees(krongno_inspector):
    client = client_of(krongno_inspector)
    assert client.get("/points/X-NAMDA/").status_code == 200
    assert client.get("/points/X-NAMDA/edit/").status_code == 403


def test_a_read_only_role_out_of_scope_gets_not_found_not_forbidden(krongno_inspector):
    assert client_of(krongno_inspector).get("/points/X-DAKLAO/edit/").status_code == 404
