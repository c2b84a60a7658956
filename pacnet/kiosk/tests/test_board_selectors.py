"""The live board's rows: state, person, minutes left, names in scope only, a fixed query count."""

import datetime as dt

import pytest
from django.utils import timezone

from pacnet.inventory.models import EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.kiosk.models import LibkiNode, PrintJob, Reservation
from pacnet.kiosk.selectors.board import State, board_of, not_reporting_computers
from pacnet.kiosk.services.sessions import kiosk_sign_in
from pacnet.kiosk.tests.conftest import seen
from pacnet.usage.models import Patron
from pacnet.usage.services import session_start


def row_of(board, code):
    return next(r for r in board.rows if r.computer.code == code)


@pytest.fixture
def pc2(point):
    return point.equipment.get(code="X-KIOSK-PC02")


def test_a_computer_seen_lately_with_no_session_is_free(point, computer, point_staff):
    seen(computer)
    assert row_of(board_of(point, viewer=point_staff), computer.code).state == State.FREE


def test_a_computer_never_heard_of_is_offline(point, computer, point_staff):
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.state, row.presence) == (State.OFFLINE, None)


def test_a_computer_silent_longer_than_the_silence_setting_is_offline(
    point, computer, point_staff, settings
):
    settings.PACNET_KIOSK_SILENT_MINUTES = 5
    seen(computer, timezone.now() - dt.timedelta(minutes=6))
    assert row_of(board_of(point, viewer=point_staff), computer.code).state == State.OFFLINE


def test_a_computer_silent_longer_than_the_not_reporting_setting_is_not_reporting(
    point, computer, point_staff, settings
):
    settings.PACNET_KIOSK_NOT_REPORTING_HOURS = 48
    seen(computer, timezone.now() - dt.timedelta(hours=49))
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.state, row.not_reporting) == (State.NOT_REPORTING, True)
    assert [p.computer for p in not_reporting_computers(point)] == [computer]


def test_a_retired_computer_is_not_on_the_board(point, computer, point_staff):
    EquipmentStatusChange.objects.create(
        equipment=computer, status=EquipmentStatus.RETIRED, effective_on=dt.date(2020, 1, 1)
    )
    assert computer.code not in [r.computer.code for r in board_of(point, viewer=point_staff).rows]


def test_a_kiosk_session_shows_its_person_and_minutes_left(point, computer, patron, point_staff):
    seen(computer)
    start = timezone.now() - dt.timedelta(minutes=20)
    kiosk_sign_in(computer=computer, person_code=patron.card_number, now=start)
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.state, row.person_code, row.person_kind) == (
        State.IN_USE,
        patron.card_number,
        "patron",
    )
    assert row.minutes_left == 39  # 60 granted, 20 used, rounded down
    assert row.minutes_elapsed is None and row.extendable


def test_a_session_typed_by_staff_shows_the_time_elapsed(point, computer, patron, point_staff):
    start = timezone.now() - dt.timedelta(minutes=42, seconds=10)
    session_start(
        actor=None, site=point, computer=computer, person_code=patron.card_number, start=start
    )
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.minutes_left, row.minutes_elapsed, row.extendable) == (None, 42, False)


def test_the_patron_name_shows_to_staff_of_the_patron_point(point, computer, point_staff):
    patron = Patron.objects.create(
        card_number="X-KIOSK-000009", registered_at=point, display_name="Y Niê"
    )
    kiosk_sign_in(computer=computer, person_code=patron.card_number)
    assert row_of(board_of(point, viewer=point_staff), computer.code).person_name == "Y Niê"


def test_the_name_of_a_patron_of_another_point_is_hidden(
    point, computer, point_staff, other_point_staff
):
    from pacnet.geography.models import Site
    from pacnet.usage.pins import pin_hash

    elsewhere = Patron.objects.create(
        card_number="X-OTHER-000001",
        registered_at=Site.objects.get(code="X-OTHER"),
        display_name="Người Nơi Khác",
        pin_hash=pin_hash("1357"),
    )
    kiosk_sign_in(computer=computer, person_code=elsewhere.card_number, pin="1357")
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.person_code, row.person_name) == ("X-OTHER-000001", "")


def test_a_computer_offered_to_the_queue_is_held(point, computer, point_staff):
    seen(computer)
    Reservation.objects.create(
        site=point,
        label="Chị Hoa",
        computer=computer,
        status=Reservation.Status.OFFERED,
        held_until=timezone.now() + dt.timedelta(minutes=5),
    )
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.state, row.hold.label) == (State.HELD, "Chị Hoa")


def test_a_later_booking_does_not_hold_the_computer_yet(point, computer, point_staff):
    seen(computer)
    starts = timezone.now() + dt.timedelta(hours=1)
    Reservation.objects.create(
        site=point,
        label="Anh Nam",
        computer=computer,
        starts_at=starts,
        held_until=starts + dt.timedelta(minutes=5),
    )
    row = row_of(board_of(point, viewer=point_staff), computer.code)
    assert (row.state, row.booking.label) == (State.FREE, "Anh Nam")


def test_the_board_lists_waiting_nodes_the_queue_and_pending_print_jobs(
    point, computer, point_staff
):
    now = timezone.now()
    LibkiNode.objects.create(name="by-site", site=point, first_seen=now, last_seen=now)
    LibkiNode.objects.create(name="by-location", location="x-kiosk", first_seen=now, last_seen=now)
    LibkiNode.objects.create(name="elsewhere", location="X-OTHER", first_seen=now, last_seen=now)
    Reservation.objects.create(site=point, label="first")
    Reservation.objects.create(site=point, label="gone", status=Reservation.Status.CANCELLED)
    PrintJob.objects.create(computer=computer, pages=2)
    PrintJob.objects.create(computer=computer, pages=3, status=PrintJob.Status.RELEASED)
    board = board_of(point, viewer=point_staff)
    assert sorted(n.name for n in board.waiting_nodes) == ["by-location", "by-site"]
    assert [r.label for r in board.queue] == ["first"]
    assert [j.pages for j in board.print_jobs] == [2]


def test_the_board_takes_the_same_queries_for_2_and_12_computers(
    point, point_staff, django_assert_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            board_of(point, viewer=point_staff)
        return len(queries)

    def busy(n):
        for i in range(n):
            pc = EquipmentFactory(code=f"X-KIOSK-PX{n}{i:02d}", site=point)
            seen(pc)
            patron = Patron.objects.create(
                card_number=f"X-KIOSK-1{n}{i:04d}", registered_at=point, display_name=f"P {i}"
            )
            kiosk_sign_in(computer=pc, person_code=patron.card_number)
            PrintJob.objects.create(computer=pc, pages=1)

    busy(1)
    count()  # the viewer's scope is read once and kept on the user
    small = count()
    busy(10)
    assert count() == small
    with django_assert_num_queries(small):
        board_of(point, viewer=point_staff)
