"""A control character (NUL above all: PostgreSQL refuses it mid-write) is refused alike by the
imports, the web forms and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from pacnet.core.validators import no_control_characters
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.usage.models import Session

SITE = {
    "name": "Thư viện xã Đắk Lao",
    "kind": Site.Kind.COMMUNE_LIBRARY,
    "origin": Site.Origin.BMGF_VN,
    "opened_on": "01/06/2012",
    "closed_on": "",
    "host_organisation": "",
    "address": "",
    "opening_hours": "",
    "phone": "",
    "note": "",
}


@pytest.mark.parametrize("text", ["a\x00b", "\x01", "a\x1bb", "\x7f", "a\x85b", "\x0b"])
def test_control_characters_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        no_control_characters(text)
    assert refused.value.code == "control_character"


@pytest.mark.parametrize("text", ["Thư viện xã Đắk Lao", "a\tb", "Thôn 1\r\nxã Đắk Lao", ""])
def test_text_with_tabs_and_line_breaks_is_accepted(text):
    no_control_characters(text)


@pytest.mark.parametrize("name", ["Thư viện\x00", "Thư viện\x1b[31m"])
def test_the_point_form_refuses_a_control_character_in_the_name(admin_client, demo_network, name):
    url = reverse("geography:site_update", kwargs={"site_code": "X-DAKLAO"})

    response = admin_client.post(url, {**SITE, "name": name})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Site.objects.get(code="X-DAKLAO").name == "Thư viện xã Đắk Lao"


def test_the_point_form_refuses_a_control_character_in_the_note(admin_client, demo_network):
    url = reverse("geography:site_update", kwargs={"site_code": "X-DAKLAO"})

    response = admin_client.post(url, {**SITE, "note": "mở cửa\x00 lúc 7h"})

    assert response.context["form"].errors["note"]
    assert Site.objects.get(code="X-DAKLAO").note == ""


def test_the_api_refuses_a_nul_in_a_name(province_admin):
    client = APIClient()
    client.force_login(province_admin)

    response = client.patch(
        "/api/geography/sites/X-DAKLAO/", {"name": "Thư viện\x00"}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()
    assert Site.objects.get(code="X-DAKLAO").name == "Thư viện xã Đắk Lao"


def test_a_card_number_with_a_nul_starts_no_session(client, daklao_staff):
    client.force_login(daklao_staff)
    pc = Equipment.objects.get(code="X-DAKLAO-PC01")

    response = client.post(
        reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"}),
        {"computer": pc.pk, "person_code": "DEMO\x00-1"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code < 500
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["/usage/patrons/new/?site=X%00Y", "/equipment/new/?site=X%00Y", "/points/X-DAKLAO%00/"],
)
def test_a_nul_in_the_address_is_a_bad_request_not_a_server_error(admin_client, demo_network, url):
    assert admin_client.get(url).status_code == 400
