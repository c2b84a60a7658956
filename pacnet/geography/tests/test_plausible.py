"""A unit sits below one of a higher level; a point opened on a day that has come (item 4)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.errors import DomainError
from pacnet.geography import services
from pacnet.geography.imports import site_import
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.reorganisation import units_merge_into_new
from pacnet.geography.selectors import today
from pacnet.geography.tests.import_samples import row, write_csv

Level = AdministrativeUnit.Level


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def test_a_province_cannot_be_created_under_a_commune(demo_network):
    with pytest.raises(DomainError) as caught:
        services.unit_create(
            actor=None,
            code="P-NEW",
            name="Tỉnh Mới",
            level=Level.PROVINCE,
            parent=unit("XA-DAKLAO"),
        )
    assert caught.value.message_dict["parent"] == [
        "A province cannot belong to a commune: a unit belongs to a higher level."
    ]
    assert not AdministrativeUnit.objects.filter(code="P-NEW").exists()


@pytest.mark.parametrize("level", [Level.COMMUNE, Level.WARD])
def test_a_commune_or_ward_cannot_be_created_under_a_commune(demo_network, level):
    with pytest.raises(DomainError):
        services.unit_create(
            actor=None, code="X-NEW", name="Mới", level=level, parent=unit("XA-DAKLAO")
        )


def test_a_commune_can_be_created_under_a_province(demo_network):
    created = services.unit_create(
        actor=None, code="XA-MOI", name="Xã Mới", level=Level.COMMUNE, parent=unit("LDG")
    )
    assert created.parentages.get().parent.code == "LDG"


def test_a_district_cannot_move_under_a_commune(demo_network):
    with pytest.raises(DomainError) as caught:
        services.unit_move(
            actor=None, unit=unit("DNO-DAKMIL"), parent=unit("XA-DAKLAO"), day=dt.date(2020, 1, 1)
        )
    assert "parent" in caught.value.message_dict


def test_a_units_level_cannot_rise_to_its_parents_or_fall_to_its_childrens(demo_network):
    with pytest.raises(DomainError) as caught:
        services.unit_update(actor=None, unit=unit("XA-DAKLAO"), level=Level.PROVINCE)
    assert "level" in caught.value.message_dict
    with pytest.raises(DomainError):
        services.unit_update(actor=None, unit=unit("DNO-DAKMIL"), level=Level.COMMUNE)
    assert unit("XA-DAKLAO").level == Level.COMMUNE


def test_a_reorganisation_cannot_create_a_unit_under_a_lower_level(demo_network):
    with pytest.raises(DomainError) as caught:
        units_merge_into_new(
            actor=None,
            sources=[unit("XA-DAKLAO"), unit("XA-NAMDA")],
            code="XA-MOI",
            name="Xã Mới",
            parent=unit("XA-DAKDRO"),
            day=dt.date(2026, 1, 1),
        )
    assert "parent" in caught.value.message_dict
    assert not AdministrativeUnit.objects.filter(code="XA-MOI").exists()


def test_the_unit_form_shows_the_refusal_on_the_parent(client, province_admin):
    client.force_login(province_admin)
    response = client.post(
        reverse("geography:unit_create"),
        {"code": "P-NEW", "name": "Tỉnh Mới", "level": "province", "parent": unit("XA-DAKLAO").pk},
    )
    assert response.status_code == 400  # a refused form, as the other geography forms
    assert response.context["form"].errors["parent"] == [
        "Một tỉnh không thể trực thuộc một xã: đơn vị chỉ trực thuộc đơn vị cấp cao hơn."
    ]
    assert not AdministrativeUnit.objects.filter(code="P-NEW").exists()


def test_the_import_reports_a_province_under_a_commune_on_its_row_and_column(tmp_path, db):
    rows = [
        row("unit", "DLK", "Tỉnh Đắk Lắk", level="tỉnh"),
        row("unit", "XA-EANA", "Xã Ea Na", level="xã", parent="DLK"),
        row("unit", "P-NEW", "Tỉnh Mới", level="tỉnh", parent="XA-EANA"),
    ]
    with open(write_csv(tmp_path / "units.csv", rows), "rb") as stream:
        summary = site_import(actor=None, file=stream, name="units.csv")
    assert [(e.row, e.column) for e in summary.errors] == [(4, "parent")]
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.parametrize("opened_on", ["2099-01-15", "9999-12-31", "1999-01-15"])
def test_the_api_refuses_a_point_opened_on_an_implausible_day(demo_network, opened_on):
    client = APIClient()
    client.force_login(
        UserFactory(role=Role.LIBRARY_STAFF, scope_units=[unit("LDG")]),
    )
    point = {
        "code": "X-MOI",
        "name": "Thư viện xã Mới",
        "kind": "commune_library",
        "origin": "replicated",
        "opened_on": opened_on,
        "unit": "XA-DAKLAO",
    }
    response = client.post("/api/geography/sites/", point, format="json")
    assert response.status_code == 400
    assert "opened_on" in response.json()
    assert not Site.objects.filter(code="X-MOI").exists()


def test_a_point_opening_today_is_accepted(demo_network):
    site = services.site_create(
        actor=None,
        code="X-MOI",
        name="Thư viện xã Mới",
        kind=Site.Kind.COMMUNE_LIBRARY,
        origin=Site.Origin.REPLICATED,
        opened_on=today(),
        unit=unit("LDG"),
    )
    assert site.opened_on == today()
