"""The kiosk rules page: who sees it, who changes it, and what a change does."""

import datetime as dt

import pytest
from django.urls import reverse

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import site_hours_text
from pacnet.kiosk.models import KioskClosure, KioskRules
from pacnet.kiosk.services import kiosk_closure_add

RULES = {
    "session_minutes": "45",
    "daily_minutes": "90",
    "guest_session_minutes": "30",
    "guest_daily_minutes": "60",
    "pin_required": "on",
    "warning_minutes": "5,1",
    "client_header": "",
    "hours": "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30",
}


def url(name: str = "rules", code: str = "X-DAKLAO") -> str:
    return reverse(f"kiosk:{name}", kwargs={"site_code": code})


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


@pytest.fixture
def inspector_client(client, demo_network):
    unit = AdministrativeUnit.objects.get(code="LDG")
    client.force_login(UserFactory(role=Role.INSPECTOR, scope_units=[unit]))
    return client


def daklao() -> Site:
    return Site.objects.get(code="X-DAKLAO")


def test_point_staff_see_the_form_with_the_current_rules(staff_client):
    page = staff_client.get(url())
    assert page.status_code == 200
    assert page.context["form"]["session_minutes"].value() == 60


def test_point_staff_change_the_rules_and_the_hours(staff_client):
    response = staff_client.post(url(), RULES)
    assert response.status_code == 302
    rules = KioskRules.objects.get(site=daklao())
    assert (rules.session_minutes, rules.pin_required) == (45, True)
    assert site_hours_text(daklao()) == (
        "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed"
    )


def test_a_refused_change_shows_the_error_on_its_field_and_writes_nothing(staff_client):
    response = staff_client.post(url(), RULES | {"session_minutes": "120"})
    assert response.status_code == 400
    assert response.context["form"].errors["session_minutes"]
    assert not KioskRules.objects.exists() and not daklao().opening_periods.exists()


def test_bad_hours_are_an_error_on_the_hours(staff_client):
    response = staff_client.post(url(), RULES | {"hours": "7h-17h"})
    assert response.status_code == 400
    assert response.context["form"].errors["hours"]


def test_an_inspector_sees_the_rules_without_a_form_and_may_not_change_them(inspector_client):
    page = inspector_client.get(url())
    assert page.status_code == 200 and page.context["form"] is None
    assert inspector_client.post(url(), RULES).status_code == 403
    assert not KioskRules.objects.exists()


def test_another_points_rules_are_not_found(staff_client):
    assert staff_client.get(url(code="TV-TINH")).status_code == 404


def test_closures_are_added_and_removed(staff_client):
    data = {"start": "05/02/2027", "end": "10/02/2027", "reason": "Tết"}
    assert staff_client.post(url("closure_add"), data).status_code == 302
    closure = KioskClosure.objects.get(site=daklao())
    assert (closure.start, closure.end) == (dt.date(2027, 2, 5), dt.date(2027, 2, 10))
    assert "Tết" in staff_client.get(url()).content.decode()
    assert staff_client.post(url("closure_delete"), {"closure": closure.pk}).status_code == 302
    assert not KioskClosure.objects.exists()


def test_a_closure_ending_before_it_starts_is_an_error_on_its_field(staff_client):
    response = staff_client.post(url("closure_add"), {"start": "05/02/2027", "end": "01/02/2027"})
    assert response.status_code == 400
    assert response.context["closure_form"].errors["end"]
    assert not KioskClosure.objects.exists()


def test_another_points_closure_cannot_be_removed_through_this_point(staff_client):
    other = kiosk_closure_add(
        actor=None,
        site=Site.objects.get(code="TV-TINH"),
        start=dt.date(2027, 2, 5),
        end=dt.date(2027, 2, 5),
    )
    assert staff_client.post(url("closure_delete"), {"closure": other.pk}).status_code == 404
    assert staff_client.post(url("closure_delete"), {"closure": "x"}).status_code == 404
    assert KioskClosure.objects.filter(pk=other.pk).exists()


def test_the_points_page_links_to_its_kiosk_rules(staff_client):
    page = staff_client.get(reverse("geography:site_detail", kwargs={"site_code": "X-DAKLAO"}))
    assert url() in page.content.decode()


def test_the_page_shows_few_queries(staff_client, django_assert_max_num_queries):
    for day in (1, 5, 9):
        kiosk_closure_add(
            actor=None, site=daklao(), start=dt.date(2027, 3, day), end=dt.date(2027, 3, day)
        )
    with django_assert_max_num_queries(20):
        assert staff_client.get(url()).status_code == 200
