"""The queue: the next free computer is offered to the first waiting and held a few minutes;
a hold not taken up expires and goes to the next; bookings hold a computer from a time."""

import datetime as dt

import pytest
from django.utils import timezone

from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.kiosk.models import Reservation
from pacnet.kiosk.selectors.sessions import Refusal
from pacnet.kiosk.services.queue import (
    queue_offer_next,
    reservation_add,
    reservation_cancel,
    reservation_seat,
)
from pacnet.kiosk.services.sessions import SignInRefused, kiosk_sign_in
from pacnet.kiosk.tests.conftest import seen
from pacnet.usage.models import Patron


@pytest.fixture
def pc2(point):
    return point.equipment.get(code="X-KIOSK-PC02")


def test_someone_added_while_a_computer_is_free_and_online_is_offered_it_at_once(
    point, computer, point_staff, settings
):
    settings.PACNET_KIOSK_HOLD_MINUTES = 5
    seen(computer)
    now = timezone.now()
    entry = reservation_add(actor=point_staff, site=point, label="Chị Hoa", now=now)
    assert (entry.status, entry.computer) == (Reservation.Status.OFFERED, computer)
    assert entry.held_until == now + dt.timedelta(minutes=5)


def test_no_computer_is_offered_while_none_is_online(point, computer, point_staff):
    entry = reservation_add(actor=point_staff, site=point, label="Chị Hoa")
    assert (entry.status, entry.computer) == (Reservation.Status.WAITING, None)


def test_a_computer_in_use_is_not_offered(point, computer, patron, point_staff):
    seen(computer)
    kiosk_sign_in(computer=computer, person_code=patron.card_number)
    entry = reservation_add(actor=point_staff, site=point, label="Chị Hoa")
    assert entry.status == Reservation.Status.WAITING


def test_the_first_waiting_gets_the_first_computer_that_comes_online(point, computer, point_staff):
    first = reservation_add(actor=point_staff, site=point, label="first")
    second = reservation_add(actor=point_staff, site=point, label="second")
    seen(computer)
    assert queue_offer_next(site_id=point.pk) == [first]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("offered", "waiting")


def test_a_hold_not_taken_up_expires_and_the_next_is_offered(point, computer, point_staff):
    seen(computer)
    now = timezone.now()
    first = reservation_add(actor=point_staff, site=point, label="first", now=now)
    second = reservation_add(actor=point_staff, site=point, label="second", now=now)
    later = now + dt.timedelta(minutes=6)
    seen(computer, later)
    assert queue_offer_next(site_id=point.pk, now=later) == [second]
    first.refresh_from_db()
    assert first.status == Reservation.Status.EXPIRED


def test_the_held_computer_refuses_anyone_else_and_seats_the_person(
    point, computer, patron, point_staff
):
    seen(computer)
    reservation_add(actor=point_staff, site=point, label="Anh Ba", person_code="X-KIOSK-000777")
    with pytest.raises(SignInRefused) as refused:
        kiosk_sign_in(computer=computer, person_code=patron.card_number)
    assert refused.value.reason == Refusal.RESERVED
    holder = Patron.objects.create(card_number="X-KIOSK-000777", registered_at=point)
    kiosk_sign_in(computer=computer, person_code=holder.card_number)
    assert Reservation.objects.get().status == Reservation.Status.SEATED


def test_a_hold_with_no_card_is_taken_by_whoever_signs_in(point, computer, patron, point_staff):
    seen(computer)
    reservation_add(actor=point_staff, site=point, label="Bà Tư")
    kiosk_sign_in(computer=computer, person_code=patron.card_number)
    assert Reservation.objects.get().status == Reservation.Status.SEATED


def test_cancelling_an_offered_entry_offers_the_computer_to_the_next(point, computer, point_staff):
    seen(computer)
    first = reservation_add(actor=point_staff, site=point, label="first")
    second = reservation_add(actor=point_staff, site=point, label="second")
    reservation_cancel(actor=point_staff, reservation=first)
    second.refresh_from_db()
    assert (second.status, second.computer) == ("offered", computer)


def test_staff_mark_the_person_seated(point, point_staff):
    entry = reservation_add(actor=point_staff, site=point, label="Chị Hoa")
    assert reservation_seat(actor=point_staff, reservation=entry).status == "seated"
    with pytest.raises(DomainError):
        reservation_seat(actor=point_staff, reservation=entry)


def test_a_booking_holds_its_computer_from_its_time(point, computer, pc2, point_staff):
    seen(computer)
    now = timezone.now()
    starts = now + dt.timedelta(hours=1)
    booking = reservation_add(
        actor=point_staff, site=point, label="Anh Nam", computer=pc2, starts_at=starts, now=now
    )
    assert (booking.status, booking.held_until) == ("waiting", starts + dt.timedelta(minutes=5))
    with pytest.raises(DomainError) as clash:
        reservation_add(
            actor=point_staff,
            site=point,
            label="other",
            computer=pc2,
            starts_at=starts + dt.timedelta(minutes=2),
        )
    assert "starts_at" in clash.value.message_dict


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"label": "  "}, "label"),
        ({"label": "x" * 81}, "label"),
        ({"label": "x", "person_code": "x" * 41}, "person_code"),
        ({"label": "x", "starts_at": "soon"}, "starts_at"),
        ({"label": "x", "starts_at": "past", "computer": True}, "starts_at"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    point, computer, point_staff, values, field
):
    values = dict(values)
    now = timezone.now()
    if values.get("starts_at") == "soon":
        values["starts_at"] = now + dt.timedelta(hours=1)
    elif values.get("starts_at") == "past":
        values["starts_at"] = now - dt.timedelta(hours=1)
    if values.get("computer"):
        values["computer"] = computer
    with pytest.raises(DomainError) as refused:
        reservation_add(actor=point_staff, site=point, **values)
    assert field in refused.value.message_dict
    assert not Reservation.objects.exists()


def test_the_queue_is_audited_without_the_name_typed(point, point_staff):
    entry = reservation_add(actor=point_staff, site=point, label="Nguyễn Thị Hoa")
    audit = AuditEntry.objects.get(object_id=str(entry.pk), action=AuditEntry.Action.CREATE)
    assert "Nguyễn Thị Hoa" not in str(audit.changes)


def test_offering_when_nothing_is_due_is_one_query(point, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert queue_offer_next(site_id=point.pk) == []
