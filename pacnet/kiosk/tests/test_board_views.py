"""The live board's pages: who sees them, who acts, and what each action does."""

import pytest
from django.urls import reverse

from pacnet.kiosk.models import Instruction, KioskToken, LibkiNode, PrintJob, Reservation
from pacnet.kiosk.services.prints import print_job_receive
from pacnet.kiosk.services.sessions import kiosk_sign_in
from pacnet.kiosk.tests.conftest import seen
from pacnet.usage.models import Session

HTMX = {"HTTP_HX_REQUEST": "true"}


def board_url(name="kiosk:board", site="X-KIOSK", **kwargs):
    return reverse(name, kwargs={"site_code": site, **kwargs})


def computer_url(name, code="X-KIOSK-PC01"):
    return board_url(name, equipment_code=code)


@pytest.fixture
def staff_client(client, point_staff):
    client.force_login(point_staff)
    return client


@pytest.fixture
def session(computer, patron):
    seen(computer)
    return kiosk_sign_in(computer=computer, person_code=patron.card_number)


def test_point_staff_see_the_board_of_their_point(
    staff_client, session, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = staff_client.get(board_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-computer="X-KIOSK-PC01" data-state="in_use"' in body
    assert session.patron.card_number in body
    assert reverse("kiosk:board_tiles", kwargs={"site_code": "X-KIOSK"}) in body


def test_the_tiles_partial_is_the_board_alone(staff_client, session):
    body = staff_client.get(board_url("kiosk:board_tiles"), **HTMX).content.decode()
    assert body.startswith('<div id="board"') and "<html" not in body


def test_staff_of_another_point_get_404_on_the_board_and_its_actions(
    client, other_point_staff, session
):
    client.force_login(other_point_staff)
    assert client.get(board_url()).status_code == 404
    response = client.post(
        computer_url("kiosk:board_session_stop"), {"session": session.pk, "confirmed": "yes"}
    )
    assert response.status_code == 404
    assert Session.objects.get().end is None


def test_an_inspector_sees_the_board_without_actions_and_may_not_act(
    client, point_inspector, session
):
    client.force_login(point_inspector)
    body = client.get(board_url()).content.decode()
    assert "X-KIOSK-PC01" in body and 'data-action="end"' not in body
    response = client.post(
        computer_url("kiosk:board_session_extend"), {"session": session.pk, "minutes": 15}
    )
    assert response.status_code == 403
    assert Session.objects.get().minutes_allowed == 60


def test_ending_a_session_asks_first_then_ends_it(staff_client, session):
    url = computer_url("kiosk:board_session_stop")
    asked = staff_client.post(url, {"session": session.pk}, **HTMX)
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    assert Session.objects.get().end is None
    done = staff_client.post(url, {"session": session.pk, "confirmed": "yes"})
    assert done.status_code == 302
    ended = Session.objects.get()
    assert (ended.end is not None, ended.end_reason) == (True, Session.EndReason.STAFF)


def test_an_action_on_a_session_that_has_ended_is_404(staff_client, session, computer):
    from pacnet.kiosk.services.sessions import kiosk_sign_out

    kiosk_sign_out(computer=computer, session=session)
    response = staff_client.post(
        computer_url("kiosk:board_session_extend"), {"session": session.pk, "minutes": 15}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("minutes", [15, 30])
def test_staff_extend_a_session(staff_client, session, minutes):
    response = staff_client.post(
        computer_url("kiosk:board_session_extend"),
        {"session": session.pk, "minutes": minutes},
        **HTMX,
    )
    assert response.status_code == 200 and "data-notice" in response.content.decode()
    assert Session.objects.get().minutes_allowed == 60 + minutes


def test_an_extension_not_offered_is_refused_with_its_reason(staff_client, session):
    response = staff_client.post(
        computer_url("kiosk:board_session_extend"), {"session": session.pk, "minutes": 999}, **HTMX
    )
    assert "data-error" in response.content.decode()
    assert Session.objects.get().minutes_allowed == 60


def test_staff_send_a_message_to_a_computer(staff_client, computer):
    staff_client.post(
        computer_url("kiosk:board_instruction"), {"kind": "message", "text": "5 phút nữa"}, **HTMX
    )
    assert Instruction.objects.get().text == "5 phút nữa"


def test_an_empty_message_is_refused_and_nothing_sent(staff_client, computer):
    response = staff_client.post(
        computer_url("kiosk:board_instruction"), {"kind": "message", "text": " "}, **HTMX
    )
    assert "data-error" in response.content.decode()
    assert not Instruction.objects.exists()


def test_a_shutdown_is_sent_only_once_confirmed(staff_client, computer):
    url = computer_url("kiosk:board_instruction")
    staff_client.post(url, {"kind": "shutdown"}, **HTMX)
    assert not Instruction.objects.exists()
    staff_client.post(url, {"kind": "shutdown", "confirmed": "yes"})
    assert Instruction.objects.get().kind == "shutdown"


def test_a_lock_is_sent_at_once(staff_client, computer):
    staff_client.post(computer_url("kiosk:board_instruction"), {"kind": "lock"}, **HTMX)
    assert Instruction.objects.get().kind == "lock"


def test_an_enrolment_code_is_shown_once_in_big_letters(staff_client, computer):
    response = staff_client.post(computer_url("kiosk:board_enrolment_code"))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="enrolment-code"' in body
    assert 'id="enrolment-code"' not in staff_client.get(board_url()).content.decode()


def test_revoking_a_token_asks_first(staff_client, token, computer):
    url = computer_url("kiosk:board_token_revoke")
    staff_client.post(url)
    assert KioskToken.objects.get().revoked_at is None
    staff_client.post(url, {"confirmed": "yes"})
    assert KioskToken.objects.get().revoked_at is not None


def test_staff_add_someone_to_the_queue_and_mark_them_seated(staff_client, point):
    staff_client.post(board_url("kiosk:board_queue_add"), {"queue-label": "Chị Hoa"}, **HTMX)
    entry = Reservation.objects.get()
    assert (entry.label, entry.status) == ("Chị Hoa", "waiting")
    response = staff_client.post(
        board_url("kiosk:board_queue_seat"), {"reservation": entry.pk}, **HTMX
    )
    assert "Chị Hoa" in response.content.decode()
    assert Reservation.objects.get().status == "seated"


def test_a_queue_entry_with_no_name_is_refused_on_the_board(staff_client):
    response = staff_client.post(board_url("kiosk:board_queue_add"), {"queue-label": ""}, **HTMX)
    assert "data-error" in response.content.decode()
    assert not Reservation.objects.exists()


def test_staff_book_a_computer_from_a_time(staff_client, computer):
    staff_client.post(
        board_url("kiosk:board_queue_add"),
        {"queue-label": "Anh Nam", "queue-computer": computer.pk, "queue-at": "23:59"},
        **HTMX,
    )
    booking = Reservation.objects.get()
    assert (booking.computer, booking.starts_at.strftime("%H:%M")) == (computer, "16:59")


def test_a_reservation_of_another_point_is_404(client, other_point_staff, point):
    entry = Reservation.objects.create(site=point, label="x")
    client.force_login(other_point_staff)
    response = client.post(
        board_url("kiosk:board_queue_cancel", site="X-OTHER"), {"reservation": entry.pk}
    )
    assert response.status_code == 404
    assert Reservation.objects.get().status == "waiting"


def test_a_print_job_of_another_point_is_404(client, other_point_staff, computer):
    job = PrintJob.objects.create(computer=computer, pages=1)
    client.force_login(other_point_staff)
    for name in ("kiosk:board_print_release", "kiosk:board_print_cancel"):
        url = board_url(name, site="X-OTHER")
        assert client.post(url, {"job": job.pk, "confirmed": "yes"}).status_code == 404
    assert PrintJob.objects.get().status == "pending"


def test_a_session_of_another_point_is_404_on_the_computer_of_this_one(
    client, other_point_staff, session
):
    client.force_login(other_point_staff)
    url = board_url("kiosk:board_session_stop", site="X-OTHER", equipment_code="X-OTHER-PC01")
    assert client.post(url, {"session": session.pk, "confirmed": "yes"}).status_code == 404
    assert Session.objects.get().end is None


def test_a_libki_node_of_another_point_cannot_be_linked_or_forgotten(
    client, other_point_staff, point
):
    from django.utils import timezone

    from pacnet.inventory.models import Equipment

    now = timezone.now()
    node = LibkiNode.objects.create(name="LIBKI-9", site=point, first_seen=now, last_seen=now)
    theirs = Equipment.objects.get(code="X-OTHER-PC01")
    client.force_login(other_point_staff)
    client.post(
        board_url("kiosk:board_node_link", site="X-OTHER"), {"node": node.pk, "computer": theirs.pk}
    )
    forget = client.post(
        board_url("kiosk:board_node_forget", site="X-OTHER"), {"node": node.pk, "confirmed": "yes"}
    )
    assert forget.status_code == 404
    assert LibkiNode.objects.get().computer is None


def test_staff_release_a_print_job_into_the_session_pages(staff_client, session, computer):
    job = print_job_receive(
        computer=computer,
        person_code=session.patron.card_number,
        pages=4,
        copies=2,
        printer="HP",
        file_name="don.pdf",
    )
    assert "don.pdf" in staff_client.get(board_url()).content.decode()
    staff_client.post(board_url("kiosk:board_print_release"), {"job": job.pk}, **HTMX)
    assert Session.objects.get().pages_printed == 8
    assert PrintJob.objects.get().status == "released"


def test_cancelling_a_print_job_asks_first(staff_client, computer):
    job = PrintJob.objects.create(computer=computer, pages=1)
    url = board_url("kiosk:board_print_cancel")
    staff_client.post(url, {"job": job.pk}, **HTMX)
    assert PrintJob.objects.get().status == "pending"
    staff_client.post(url, {"job": job.pk, "confirmed": "yes"})
    assert PrintJob.objects.get().status == "cancelled"


def test_staff_link_a_waiting_libki_node_to_a_computer(staff_client, point, computer):
    from django.utils import timezone

    now = timezone.now()
    node = LibkiNode.objects.create(name="LIBKI-1", site=point, first_seen=now, last_seen=now)
    body = staff_client.get(board_url()).content.decode()
    assert 'data-node="LIBKI-1"' in body
    staff_client.post(
        board_url("kiosk:board_node_link"), {"node": node.pk, "computer": computer.pk}, **HTMX
    )
    assert LibkiNode.objects.get().computer == computer


def test_the_point_page_links_to_the_board_and_names_computers_not_reporting(
    staff_client, computer, settings
):
    import datetime as dt

    from django.utils import timezone

    seen(
        computer, timezone.now() - dt.timedelta(hours=settings.PACNET_KIOSK_NOT_REPORTING_HOURS + 1)
    )
    body = staff_client.get(reverse("geography:site_detail", kwargs={"site_code": "X-KIOSK"}))
    body = body.content.decode()
    assert board_url() in body
    assert 'data-not-reporting="X-KIOSK-PC01"' in body
