"""Finding a patron by any part of the name or card, and starting a session from a new card."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.usage import services
from pacnet.usage.models import Patron, Session
from pacnet.usage.tests.test_views import client_for


@pytest.fixture
def staff(daklao_staff):
    return client_for(daklao_staff)


@pytest.fixture
def hoa(demo_network, province_admin):
    return services.patron_register(
        actor=province_admin,
        site=Site.objects.get(code="X-DAKLAO"),
        consent=True,
        display_name="Hờ Thị Hoà",
        birth_year=1990,
    )


def found(staff, query: str) -> bool:
    response = staff.get(reverse("usage:patron_search"), {"q": query})
    return 'data-card="X-DAKLAO-000001"' in response.text


def test_a_part_of_the_card_number_finds_the_patron(staff, hoa):
    assert found(staff, "00001")


def test_a_name_word_and_a_part_of_the_card_find_the_patron(staff, hoa):
    assert found(staff, "hoa 0001")


def test_the_point_and_the_number_of_the_card_find_the_patron(staff, hoa):
    assert found(staff, "daklao 1")


def test_a_word_matching_neither_finds_nobody(staff, hoa):
    assert not found(staff, "hoa 0002")


def test_a_new_card_offers_to_start_a_session_on_each_free_computer(staff):
    response = staff.post(
        reverse("usage:patron_register"),
        {"site": "X-DAKLAO", "display_name": "Y Bhin", "consent": "on"},
        follow=True,
    )
    assert response.text.count("data-start-on=") == 5


def test_one_tap_on_a_new_card_starts_its_session(staff, hoa):
    pc = Equipment.objects.get(code="X-DAKLAO-PC02")
    card = staff.get(reverse("usage:patron_card", kwargs={"card_number": hoa.card_number})).text
    assert f'data-start-on="{pc.code}"' in card
    staff.post(
        reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"}),
        {"computer": pc.pk, "person_code": hoa.card_number},
    )
    session = Session.objects.get()
    assert (session.computer, session.patron) == (pc, Patron.objects.get(pk=hoa.pk))


def test_a_busy_computer_is_not_offered_on_the_card(staff, hoa):
    pc = Equipment.objects.get(code="X-DAKLAO-PC02")
    services.session_start(actor=None, site=pc.site, computer=pc, person_code=hoa.card_number)
    card = staff.get(reverse("usage:patron_card", kwargs={"card_number": hoa.card_number})).text
    assert card.count("data-start-on=") == 4 and f'data-start-on="{pc.code}"' not in card
