"""A Libki-protocol test suite written from Libki's documented requests and answers.

The requests are the query strings the Libki client (networkclient.cpp, 2.3 and 2.4) sends,
with its parameters in its order and its encoding (Qt's QUrlQuery: a `+` stays a literal
`+`, a space is `%20`). The answers are read as the client reads them (docs/kiosk.md,
"Libki clients").
"""

import datetime as dt
import json
import zlib
from io import BytesIO

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from pacnet.indicators.models import SiteDay, Visit
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.kiosk.libki.pages import pdf_pages
from pacnet.kiosk.libki.query import parse_query
from pacnet.kiosk.models import (
    ComputerPresence,
    Instruction,
    KioskRules,
    LibkiNode,
    PrintJob,
    Reservation,
)
from pacnet.kiosk.services.computers import instruction_send
from pacnet.kiosk.services.sessions import kiosk_session_stop, kiosk_sign_in
from pacnet.usage.models import GuestPass, Patron, Session
from pacnet.usage.services import session_start

API = "/api/client/v1_0"
PRINT = "/api/client/v1_0/print"
NODE = "X-KIOSK-PC01"  # the node name is the computer's equipment code
POINT = "X-KIOSK"  # the location is the point's code


def request(client, action, tail="", *, node=NODE, location=POINT, version="2.4.0", **headers):
    """GET the URL the client builds: the common items, then version, action, the action's."""
    query = (
        f"node={node}&location={location}&type=&ipaddress=192.168.1.21"
        f"&macaddress=AA:BB:CC:DD:EE:01&hostname=pc01&version={version}&action={action}{tail}"
    )
    return client.get(f"{API}?{query}", **headers)


def register(client, node=NODE, **kwargs):
    return request(client, "register_node", f"&node_name={node}&age_limit=", node=node, **kwargs)


def login(client, username, password="", guest="0", **kwargs):
    tail = f"&username={username}&password={password}&createGuest={guest}"
    return request(client, "login", tail, **kwargs)


def user_data(client, username, password="", **kwargs):
    return request(client, "get_user_data", f"&username={username}&password={password}", **kwargs)


def logout(client, username, password="", **kwargs):
    return request(client, "logout", f"&username={username}&password={password}", **kwargs)


def answer(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def nulls(value) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(nulls(v) for v in value.values())
    if isinstance(value, list):
        return any(nulls(v) for v in value)
    return False


@pytest.fixture(autouse=True)
def no_failed_attempts():
    """Wrong PINs are counted in the cache: other tests' attempts must not lock these cards."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def linked(client, computer):
    """The Libki client of X-KIOSK-PC01, registered (and so linked by its name)."""
    answer(register(client))
    return LibkiNode.objects.get(name=NODE)


def minutes_ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


# The request as the client encodes it


def test_a_plus_in_the_query_string_stays_a_plus_and_percent_escapes_are_decoded():
    params = parse_query("username=A+B&password=one+one%3D2&hostname=PC%2001&x=%2B&empty=")
    assert params == {
        "username": "A+B",
        "password": "one+one=2",
        "hostname": "PC 01",
        "x": "+",
        "empty": "",
    }


def test_the_first_of_a_repeated_parameter_wins_and_utf8_is_decoded():
    assert parse_query("location=Th%C6%B0%20vi%E1%BB%87n&location=other") == {
        "location": "Thư viện"
    }


# Paths: exactly /api/client/v1_0, no redirect


@override_settings(APPEND_SLASH=True, SECURE_SSL_REDIRECT=True)
def test_the_api_answers_directly_with_no_slash_or_https_redirect(client, computer):
    response = register(client)
    assert response.status_code == 200
    assert client.get(f"{API}/?action=register_node&node_name={NODE}").status_code == 200


@override_settings(APPEND_SLASH=True, SECURE_SSL_REDIRECT=True)
def test_the_print_upload_answers_directly_with_no_redirect(client, computer):
    assert client.post(PRINT, {"client_name": NODE}).status_code == 200


# register_node


def test_an_unknown_node_of_a_known_point_waits_to_be_linked(client, point):
    body = answer(register(client, node="LAB-7"))
    node = LibkiNode.objects.get(name="LAB-7")
    assert node.site == point and node.computer is None
    assert node.address == "192.168.1.21"
    assert body["registered"] == 1 and body["status"] == "online"
    assert body["EnableGuestSelfRegistration"] == ""  # no guest button while waiting
    assert not nulls(body)


def test_a_node_of_no_known_point_is_not_kept(client, point):
    body = answer(register(client, node="LAB-7", location="NOWHERE"))
    assert not LibkiNode.objects.exists()
    assert body["status"] == "online" and not nulls(body)


def test_a_waiting_node_cannot_start_a_session(client, point, patron):
    answer(register(client, node="LAB-7"))
    body = answer(login(client, patron.card_number, node="LAB-7", HTTP_ACCEPT_LANGUAGE="en"))
    # The client shows it after "Login Failed: ".
    assert body == {"error": "This computer is not linked to pacnet yet: ask the staff."}
    assert not Session.objects.exists()


def test_a_node_named_as_a_computer_of_its_point_is_linked_and_seen(client, computer):
    answer(register(client))
    node = LibkiNode.objects.get(name=NODE)
    assert node.computer == computer
    presence = ComputerPresence.objects.get(computer=computer)
    assert (presence.protocol, presence.client_version) == ("libki", "2.4.0")


def test_a_node_is_not_linked_to_a_computer_of_another_point(client, computer):
    EquipmentFactory(code="OTHER-PC01")
    answer(register(client, node="OTHER-PC01"))
    assert LibkiNode.objects.get(name="OTHER-PC01").computer is None


def test_a_node_staff_linked_signs_in_whatever_its_name(client, computer, patron):
    answer(register(client, node="LAB-7"))
    LibkiNode.objects.filter(name="LAB-7").update(computer=computer)
    assert answer(login(client, patron.card_number, node="LAB-7"))["authenticated"] == 1


def test_register_node_sends_every_setting_with_a_concrete_value(client, computer, point):
    KioskRules.objects.create(site=point, guest_self_registration=True, warning_minutes="10,1")
    body = answer(register(client))
    assert not nulls(body)
    assert "reserved_for" not in body  # an empty label would still show "Reserved"
    assert body["EnableGuestSelfRegistration"] == "enabled"
    assert body["EnableClientSessionLocking"] == 0
    assert body["EnableClientPasswordlessMode"] == 0
    assert body["ClientTimeWarningThreshold"] == 10
    assert body["BannerTopURL"] == "" and body["ClientStyleSheet"] == ""
    for never in ("drop", "unlock", "autologin", "shutdown", "restart"):
        assert never not in body


def test_register_node_is_a_handful_of_queries(client, linked, django_assert_max_num_queries):
    # node with its rules and presence, its update, session, commands, presence update,
    # queue, hold, status: eight, in one transaction
    with django_assert_max_num_queries(10):
        answer(register(client))


def test_a_computer_out_of_service_is_suspended(client, linked, computer):
    computer.status_changes.create(status="retired", effective_on=timezone.localdate())
    assert answer(register(client))["status"] == "suspended"


# login


def test_a_card_signs_in_and_the_session_is_a_libki_usage_session(client, linked, patron):
    body = answer(login(client, patron.card_number))
    assert body == {"authenticated": 1, "units": 60}
    assert type(body["units"]) is int
    session = Session.objects.get()
    assert (session.patron, session.source, session.minutes_allowed) == (patron, "libki", 60)
    assert session.computer == linked.computer


def test_a_libki_session_is_counted_in_the_indicators(client, linked, patron, point):
    answer(login(client, patron.card_number))
    day = timezone.localdate()
    assert SiteDay.objects.get(site=point, day=day).sessions == 1
    assert Visit.objects.filter(site=point, day=day, patron=patron).exists()


def test_a_pin_is_checked_and_a_wrong_one_is_bad_login(client, linked, patron_with_pin):
    body = answer(login(client, patron_with_pin.card_number, "1357"))
    assert body == {"error": "BAD_LOGIN"}  # no "authenticated": 0, which reads as true
    assert not Session.objects.exists()
    assert answer(login(client, patron_with_pin.card_number, "2468"))["authenticated"] == 1


def test_a_plus_in_the_password_is_not_read_as_a_space(client, linked, patron_with_pin):
    # Form decoding would read " 2468", and the PIN 2468 once trimmed.
    assert answer(login(client, patron_with_pin.card_number, "+2468")) == {"error": "BAD_LOGIN"}


def test_a_plus_in_the_username_is_kept(client, linked, point):
    Patron.objects.create(card_number="LIB+0007", registered_at=point)
    assert answer(login(client, "LIB+0007"))["authenticated"] == 1


def test_no_time_left_today_answers_no_time(client, linked, patron, point):
    KioskRules.objects.create(site=point, daily_minutes=30)
    Session.objects.create(
        site=point,
        computer=linked.computer,
        patron=patron,
        start=minutes_ago(40),
        end=minutes_ago(5),
        day=timezone.localdate(),
        source="libki",
    )
    assert answer(login(client, patron.card_number)) == {"error": "NO_TIME"}


def test_a_computer_held_for_someone_else_answers_reserved_for_other(client, linked, patron):
    Reservation.objects.create(
        site=linked.site,
        label="Chị Lan",
        person_code="X-KIOSK-999999",
        computer=linked.computer,
        status="offered",
        held_until=timezone.now() + dt.timedelta(minutes=10),
    )
    assert answer(login(client, patron.card_number)) == {"error": "RESERVED_FOR_OTHER"}


def test_a_guest_registers_at_the_kiosk_and_gets_credentials(client, linked, point):
    KioskRules.objects.create(site=point, guest_self_registration=True)
    body = answer(login(client, "", "", guest="1"))
    assert body["authenticated"] == 1 and body["units"] == 30
    guest = GuestPass.objects.get(code=body["username"])
    assert body["password"].isdigit() and guest.pin_hash
    assert Session.objects.get().guest_pass == guest
    polled = answer(user_data(client, body["username"], body["password"]))
    assert polled["status"] == "Logged in"


def test_guests_cannot_register_when_the_rules_do_not_allow_it(client, linked):
    body = answer(login(client, "", "", guest="1"))
    assert "authenticated" not in body and body["error"]
    assert not GuestPass.objects.exists()


def test_a_guest_pass_refused_at_sign_in_is_not_kept(client, linked, point, patron):
    KioskRules.objects.create(site=point, guest_self_registration=True)
    kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    assert "authenticated" not in answer(login(client, "", "", guest="1"))
    assert not GuestPass.objects.exists()


# get_user_data


def test_units_are_the_whole_minutes_left_from_the_start_and_allowance(client, linked, patron):
    kiosk_sign_in(computer=linked.computer, person_code=patron.card_number, now=minutes_ago(20))
    body = answer(user_data(client, patron.card_number))
    assert body == {"status": "Logged in", "units": 40, "messages": []}
    assert type(body["units"]) is int


def test_time_up_ends_the_session_at_its_allowance(client, linked, patron):
    session = kiosk_sign_in(
        computer=linked.computer, person_code=patron.card_number, now=minutes_ago(61)
    )
    assert answer(user_data(client, patron.card_number)) == {
        "status": "Logged out",
        "units": 0,
        "messages": [],
    }
    session.refresh_from_db()
    assert session.end_reason == "time_up"
    assert session.end == session.start + dt.timedelta(minutes=60)


def test_get_user_data_checks_the_pin(client, linked, patron_with_pin):
    code = patron_with_pin.card_number
    kiosk_sign_in(computer=linked.computer, person_code=code, pin="2468")
    instruction_send(actor=None, computer=linked.computer, kind="message", text="Xin chào")
    body = answer(user_data(client, code, "1111"))
    assert "status" not in body  # the client carries on; nothing is told to a guesser
    assert Instruction.objects.get().delivered_at is None
    assert answer(user_data(client, code, "2468"))["status"] == "Logged in"


def test_a_session_ended_by_staff_reads_kicked(client, linked, patron):
    session = kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    kiosk_session_stop(actor=None, session=session)
    assert answer(user_data(client, patron.card_number))["status"] == "Kicked"


def test_someone_else_on_the_computer_reads_logged_out(client, linked, patron, patron_with_pin):
    kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    body = answer(user_data(client, patron_with_pin.card_number, "2468"))
    assert body["status"] == "Logged out"


def test_messages_are_delivered_exactly_once(client, linked, patron):
    kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    instruction_send(actor=None, computer=linked.computer, kind="message", text="Còn 15 phút")
    assert answer(user_data(client, patron.card_number))["messages"] == ["Còn 15 phút"]
    assert answer(user_data(client, patron.card_number))["messages"] == []


# logout


def test_logout_checks_the_pin_then_ends_the_session(client, linked, patron_with_pin):
    code = patron_with_pin.card_number
    session = kiosk_sign_in(computer=linked.computer, person_code=code, pin="2468")
    assert answer(logout(client, code, "1111"))["logged_out"] == 0
    session.refresh_from_db()
    assert session.end is None
    assert answer(logout(client, code, "2468")) == {"logged_out": 1}
    session.refresh_from_db()
    assert session.end is not None and session.end_reason == "logout"


def test_logout_with_no_session_still_lets_the_client_go(client, linked, patron):
    assert answer(logout(client, patron.card_number)) == {"logged_out": 1}


# One-shot commands, and sessions staff start


def test_a_restart_is_delivered_exactly_once(client, linked):
    instruction_send(actor=None, computer=linked.computer, kind="restart")
    assert answer(register(client))["restart"] == 1
    assert "restart" not in answer(register(client))


def test_a_shutdown_ends_the_session_running(client, linked, patron):
    session = kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    instruction_send(actor=None, computer=linked.computer, kind="shutdown")
    assert answer(register(client))["shutdown"] == 1
    session.refresh_from_db()
    assert session.end_reason == "staff"


def test_a_logout_command_ends_the_session_and_the_client_reads_kicked(client, linked, patron):
    session = kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    instruction_send(actor=None, computer=linked.computer, kind="logout")
    answer(register(client))
    session.refresh_from_db()
    assert session.end_reason == "staff"
    assert answer(user_data(client, patron.card_number))["status"] == "Kicked"


def test_a_session_staff_start_is_an_autologin_for_a_2_4_client(client, linked, patron, point):
    session_start(actor=None, site=point, computer=linked.computer, person_code=patron.card_number)
    body = answer(register(client))
    assert (body["autologin"], body["username"]) == (1, patron.card_number)
    assert type(body["minutes"]) is int and body["minutes"] > 0
    assert "unlock" not in body
    assert "autologin" not in answer(register(client))  # once
    assert answer(user_data(client, patron.card_number))["status"] == "Logged in"


def test_a_session_staff_start_is_an_unlock_for_an_older_client(client, linked, patron, point):
    session_start(actor=None, site=point, computer=linked.computer, person_code=patron.card_number)
    body = answer(register(client, version="2.3.0"))
    assert (body["unlock"], body["username"]) == (1, patron.card_number)
    assert "autologin" not in body


# Reservations


def test_a_hold_is_shown_and_acknowledged(client, linked):
    hold = Reservation.objects.create(
        site=linked.site,
        label="Anh Minh",
        computer=linked.computer,
        status="offered",
        held_until=timezone.now() + dt.timedelta(minutes=10),
    )
    body = answer(register(client))
    assert body["reserved_for"] == "Anh Minh"
    tail = "&reserved_for=Anh%20Minh"
    assert answer(request(client, "acknowledge_reservation", tail)) == {}
    hold.refresh_from_db()
    assert hold.acknowledged_at is not None


# The point's required client header


@pytest.fixture
def keyed(point):
    return KioskRules.objects.create(site=point, client_header="X-Libki-Key: s3cret")


def test_without_the_required_header_the_client_stays_locked(client, computer, keyed, patron):
    body = answer(register(client))
    assert (body["registered"], body["status"]) == (0, "suspended")
    assert not nulls(body)
    assert not LibkiNode.objects.exists()


def test_a_wrong_header_value_refuses_every_action(client, computer, keyed, patron):
    answer(register(client, HTTP_X_LIBKI_KEY="s3cret"))
    wrong = {"HTTP_X_LIBKI_KEY": "guess"}
    assert "authenticated" not in answer(login(client, patron.card_number, **wrong))
    assert not Session.objects.exists()
    assert "status" not in answer(user_data(client, patron.card_number, **wrong))
    assert answer(logout(client, patron.card_number, **wrong))["logged_out"] == 0


def test_with_the_required_header_the_client_works(client, computer, keyed, patron):
    right = {"HTTP_X_LIBKI_KEY": "s3cret"}
    assert answer(register(client, **right))["status"] == "online"
    assert answer(login(client, patron.card_number, **right))["authenticated"] == 1


# Print jobs


def pdf(pages: int) -> bytes:
    kids = " ".join(f"{n + 3} 0 R" for n in range(pages))
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
        f"2 0 obj << /Type /Pages /Kids [{kids}] /Count {pages} >> endobj".encode(),
        *(f"{n + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj".encode() for n in range(pages)),
        b"9 0 obj << /Type /PageLabels >> endobj",
    ]
    return b"%PDF-1.4\n" + b"\n".join(objects) + b"\n" + b"%" * 2048 + b"\n%%EOF\n"


def multipart(parts: list[tuple[str, bytes, str]], boundary: str = "boundary_.oOo._libki"):
    """The body Qt's QHttpMultiPart writes: parameters unquoted, the file part without a type."""
    body = b""
    for name, value, filename in parts:
        disposition = f"form-data; name={name}"
        if filename:
            disposition += f"; filename={filename}"
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        body += value + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(client, content: bytes, *, node=NODE, username="X-KIOSK-000001", **headers):
    body, content_type = multipart(
        [
            ("client_name", node.encode(), ""),
            ("username", username.encode(), ""),
            ("printer", b"bw", ""),
            ("print_file", content, "My File.pdf"),
            ("filename", b"My File.pdf", ""),
            ('"copies"', b"0", ""),
        ]
    )
    return client.post(PRINT, body, content_type=content_type, **headers)


def test_a_print_job_is_kept_with_its_pages_counted(client, linked, patron):
    session = kiosk_sign_in(computer=linked.computer, person_code=patron.card_number)
    assert answer(upload(client, pdf(3))) == {"success": 1}
    job = PrintJob.objects.get()
    assert (job.pages, job.copies, job.printer, job.file_name) == (3, 1, "bw", "My File.pdf")
    assert job.session == session and job.status == "pending"


def test_pages_inside_compressed_object_streams_are_counted():
    packed = zlib.compress(b"3 0 4 20 << /Type /Page >> << /Type /Page >> << /Type /Pages >>")
    data = (
        b"%PDF-1.5\n5 0 obj << /Type /ObjStm /N 3 /First 8 /Filter /FlateDecode >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    assert pdf_pages(BytesIO(data), len(data)) == 2


def test_a_file_that_is_not_a_pdf_counts_one_page(client, linked, patron):
    assert answer(upload(client, b"PK\x03\x04" + b"x" * 4096)) == {"success": 1}
    assert PrintJob.objects.get().pages == 1


def test_a_print_from_an_unknown_node_is_refused_with_a_200(client, computer):
    assert answer(upload(client, pdf(1), node="LAB-7"))["success"] == 0
    assert not PrintJob.objects.exists()


def test_a_print_without_the_required_header_is_refused_with_a_200(client, linked, keyed):
    LibkiNode.objects.filter(pk=linked.pk).update(computer=linked.computer)
    assert answer(upload(client, pdf(1)))["success"] == 0
    assert answer(upload(client, pdf(1), HTTP_X_LIBKI_KEY="s3cret"))["success"] == 1


def test_a_malformed_print_upload_still_gets_a_200(client, linked):
    response = client.post(
        PRINT, b"--x\r\ngarbage", content_type="multipart/form-data; boundary=zzz"
    )
    assert response.status_code == 200


def test_unknown_actions_answer_an_empty_object(client, linked):
    assert answer(request(client, "clear_message", "&username=a&password=b")) == {}


def test_a_print_from_a_node_name_with_a_nul_is_refused_with_a_200(client, linked):
    assert answer(upload(client, pdf(1), node="X-KIOSK-PC01\x00"))["success"] == 0
    assert not PrintJob.objects.exists()
