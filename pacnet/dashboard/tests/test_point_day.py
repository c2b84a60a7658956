"""Point staff land on their point's day: computers now, the usual tasks, the month, faults."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from pacnet.faults import services as fault_services
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.usage import services
from pacnet.usage.models import Session


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def daklao(demo_network):
    return Site.objects.get(code="X-DAKLAO")


@pytest.fixture
def staff(daklao_staff):
    return client_for(daklao_staff)


@pytest.fixture
def patron(daklao, province_admin):
    return services.patron_register(
        actor=province_admin, site=daklao, consent=True, display_name="Y Bhin", birth_year=1990
    )


def menu_links(html: str) -> set[str]:
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"#]+)"', nav))


def test_point_staff_land_on_their_points_computers(staff):
    html = staff.get("/").text
    assert 'data-point-day="X-DAKLAO"' in html
    assert html.count('data-state="free"') == 5 and html.count('data-action="start"') == 5


def test_the_point_day_offers_register_report_and_tally(staff):
    html = staff.get("/").text
    assert f'href="{reverse("usage:patron_register")}?site=X-DAKLAO"' in html
    assert f'href="{reverse("faults:fault_report")}"' in html
    assert f'href="{reverse("usage:tallies", kwargs={"site_code": "X-DAKLAO"})}"' in html


def test_the_point_day_shows_this_months_figures(staff, patron, daklao):
    pc = Equipment.objects.get(code="X-DAKLAO-PC01")
    services.session_start(actor=None, site=daklao, computer=pc, person_code=patron.card_number)
    html = staff.get("/").text
    assert 'data-figure="visits">1<' in html and 'data-figure="sessions">1<' in html


def test_the_point_day_lists_the_points_open_faults_only(staff, daklao, province_admin):
    mine = fault_services.fault_report(
        actor=province_admin, site=daklao, description="Mất mạng", category="internet_line"
    )
    other = fault_services.fault_report(
        actor=province_admin,
        site=Site.objects.get(code="TV-TINH"),
        description="Hỏng chuột",
        category="hardware",
    )
    html = staff.get("/").text
    assert f'data-fault="{mine.pk}"' in html and f'data-fault="{other.pk}"' not in html


def test_a_session_starts_from_the_point_day(staff, patron):
    pc = Equipment.objects.get(code="X-DAKLAO-PC03")
    staff.post(
        reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"}),
        {"computer": pc.pk, "person_code": patron.card_number},
        HTTP_HX_REQUEST="true",
    )
    assert Session.objects.get().computer == pc
    assert staff.get("/").text.count('data-state="busy"') == 1


def test_the_province_keeps_the_networks_figures_on_its_home(province_admin):
    html = client_for(province_admin).get("/").text
    assert "data-point-day" not in html and 'data-figure="sites_total"' in html


def test_the_point_day_query_count_is_bounded(staff, django_assert_max_num_queries):
    staff.get("/")  # warm the session and the translation catalogue
    with django_assert_max_num_queries(30):
        staff.get("/")


def test_point_staff_menu_has_no_plans_nor_unit_tree(staff):
    links = menu_links(staff.get("/").text)
    assert reverse("plans:plan_list") not in links
    assert reverse("geography:unit_tree") not in links
    assert reverse("usage:home") in links and reverse("faults:fault_list") in links


def test_the_province_menu_keeps_plans_and_units(province_admin):
    links = menu_links(client_for(province_admin).get("/").text)
    assert {reverse("plans:plan_list"), reverse("geography:unit_tree")} <= links


def test_every_link_in_the_point_staff_menu_opens(staff):
    for url in menu_links(staff.get("/").text):
        if url.startswith("/") and "logout" not in url:
            assert staff.get(url).status_code == 200, url


def test_their_point_page_links_only_units_they_may_open(staff):
    html = staff.get(reverse("geography:site_detail", kwargs={"site_code": "X-DAKLAO"})).text
    assert "Lâm Đồng" in html  # the province is named, not linked
    for url in set(re.findall(r'href="(/units/[^"]+)"', html)):
        assert staff.get(url).status_code == 200, url
