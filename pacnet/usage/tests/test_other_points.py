"""Cards and passes of another point: a patron may use any point of the network, but staff
outside the patron's point never see who they are, nor learn whether a card exists."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.usage import services
from pacnet.usage.models import Session
from pacnet.usage.tests.test_views import client_for

START_URL = reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"})
COMPUTERS_URL = reverse("usage:computers", kwargs={"site_code": "X-DAKLAO"})
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _fresh_confirmation_counts():
    cache.clear()  # the failed-confirmation counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def staff(daklao_staff):
    return client_for(daklao_staff)


@pytest.fixture
def tinh_patron(demo_network, province_admin):
    return services.patron_register(
        actor=province_admin,
        site=Site.objects.get(code="TV-TINH"),
        consent=True,
        display_name="Trần Văn Tỉnh",
        birth_year=1987,
    )


@pytest.fixture
def pc(demo_network):
    return Equipment.objects.get(code="X-DAKLAO-PC01")


def start(client, pc, code: str, **extra):
    return client.post(
        START_URL, {"computer": pc.pk, "person_code": code, **extra}, HTTP_HX_REQUEST="true"
    )


def shown(response, code: str) -> str:
    """The answer with the typed code and the per-request CSRF token left out."""
    return CSRF.sub("", response.content.decode().replace(code, "«code»"))


def test_another_points_card_and_an_unknown_card_get_the_same_answer(staff, pc, tinh_patron):
    unknown = "TV-TINH-000999"
    real = start(staff, pc, tinh_patron.card_number)
    missing = start(staff, pc, unknown)
    assert real.status_code == missing.status_code == 200
    assert shown(real, tinh_patron.card_number) == shown(missing, unknown)
    assert "data-confirm" in real.text
    assert not Session.objects.exists()


def test_the_answer_to_another_points_card_never_holds_the_patrons_name(staff, pc, tinh_patron):
    response = start(staff, pc, tinh_patron.card_number)
    assert "Trần Văn Tỉnh" not in response.text and "1987" not in response.text


def test_another_points_card_starts_once_the_holders_birth_year_confirms_it(staff, pc, tinh_patron):
    start(staff, pc, tinh_patron.card_number, holder_birth_year="1987")
    session = Session.objects.get()
    assert (session.site.code, session.patron) == ("X-DAKLAO", tinh_patron)


def test_a_wrong_birth_year_gets_the_same_answer_as_an_unknown_card(staff, pc, tinh_patron):
    unknown = "TV-TINH-000999"
    wrong = start(staff, pc, tinh_patron.card_number, holder_birth_year="1988")
    missing = start(staff, pc, unknown, holder_birth_year="1988")
    assert shown(wrong, tinh_patron.card_number) == shown(missing, unknown)
    assert not Session.objects.exists()


def test_guessing_birth_years_stops_working_after_ten_failures(staff, pc, tinh_patron):
    for year in range(1900, 1900 + services.CONFIRMATIONS_PER_HOUR):
        start(staff, pc, tinh_patron.card_number, holder_birth_year=str(year))
    start(staff, pc, tinh_patron.card_number, holder_birth_year="1987")
    assert not Session.objects.exists()


def test_the_tile_shows_the_card_of_another_point_but_not_the_name(staff, pc, tinh_patron):
    start(staff, pc, tinh_patron.card_number, holder_birth_year="1987")
    page = staff.get(COMPUTERS_URL).text
    assert tinh_patron.card_number in page and "Thẻ của điểm khác" in page
    assert "Trần Văn Tỉnh" not in page


def test_staff_who_may_see_the_patron_see_the_name_on_the_tile(
    staff, pc, tinh_patron, province_admin
):
    start(staff, pc, tinh_patron.card_number, holder_birth_year="1987")
    assert "Trần Văn Tỉnh" in client_for(province_admin).get(COMPUTERS_URL).text


def test_the_started_message_names_the_card_only(staff, pc, tinh_patron):
    response = staff.post(
        START_URL,
        {"computer": pc.pk, "person_code": tinh_patron.card_number, "holder_birth_year": "1987"},
        follow=True,
    )
    assert tinh_patron.card_number in response.text and "Trần Văn Tỉnh" not in response.text


def test_a_guest_pass_of_another_point_gets_the_same_answer_as_an_unknown_pass(
    staff, pc, province_admin
):
    batch = services.guest_passes_issue(
        actor=province_admin, site=Site.objects.get(code="TV-TINH"), count=1
    ).batch
    code = batch.passes.get().code
    unknown = "ZZZZ2345"
    assert shown(start(staff, pc, code), code) == shown(start(staff, pc, unknown), unknown)
    assert not Session.objects.exists()


def test_a_guest_pass_of_their_own_point_starts_at_once(staff, pc, daklao_staff):
    batch = services.guest_passes_issue(
        actor=daklao_staff, site=Site.objects.get(code="X-DAKLAO"), count=1
    ).batch
    start(staff, pc, batch.passes.get().code)
    assert Session.objects.get().guest_pass == batch.passes.get()


def test_patron_search_never_lists_another_points_patron(staff, tinh_patron):
    for query in ("Tỉnh", "tran van", tinh_patron.card_number, "000001"):
        response = staff.get(reverse("usage:patron_search"), {"q": query})
        assert "Trần Văn Tỉnh" not in response.text
        assert f'data-card="{tinh_patron.card_number}"' not in response.text
