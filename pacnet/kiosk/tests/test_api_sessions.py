"""Heartbeats, sign-in with the minutes granted, sign-out, staff extension and stop."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from pacnet.inventory.models import ComputerProfile
from pacnet.kiosk.models import ComputerPresence, Instruction, KioskRules, Reservation
from pacnet.kiosk.services.computers import instruction_send
from pacnet.kiosk.services.sessions import (
    SignInRefused,
    kiosk_session_extend,
    kiosk_session_stop,
    kiosk_sessions_settle,
    kiosk_sign_in,
)
from pacnet.usage.models import GuestPass, Session

HEARTBEAT = "/api/kiosk/v1/heartbeat"
SIGN_IN = "/api/kiosk/v1/sign-in"
SIGN_OUT = "/api/kiosk/v1/sign-out"


def sign_in(kiosk, person, pin="", **extra):
    return kiosk.post(SIGN_IN, {"person": person, "pin": pin, **extra}, format="json")


def test_a_heartbeat_keeps_the_presence_and_the_profile(kiosk, computer):
    beat = {
        "client_version": "1.0.0",
        "uptime_seconds": 3600,
        "free_disk_mb": 20480,
        "current_user": "",
        "profile": {"cpu": "Intel i3", "ram_mb": 8192, "os": "Windows", "os_version": "10"},
    }
    response = kiosk.post(HEARTBEAT, beat, format="json")
    assert response.status_code == 200
    assert response.json()["session"] is None
    presence = ComputerPresence.objects.get(computer=computer)
    assert presence.client_version == "1.0.0" and presence.uptime_seconds == 3600
    profile = ComputerProfile.objects.get(equipment=computer)
    assert (profile.cpu, profile.ram_mb, profile.source) == ("Intel i3", 8192, "kiosk")


# On PostgreSQL one statement (token, presence, queue, session, instructions), on SQLite those
# five one by one: no transaction, no savepoint.
BEAT_QUERIES = {"postgresql": 1, "sqlite": 5}


def test_a_heartbeat_with_the_same_profile_is_one_statement(
    kiosk, computer, django_assert_num_queries
):
    beat = {"profile": {"cpu": "Intel i3", "ram_mb": 8192}}
    kiosk.post(HEARTBEAT, beat, format="json")
    with django_assert_num_queries(BEAT_QUERIES[connection.vendor]):
        kiosk.post(HEARTBEAT, beat, format="json")


def test_a_heartbeat_during_a_session_is_one_statement(
    kiosk, patron, computer, django_assert_num_queries
):
    sign_in(kiosk, patron.card_number)
    kiosk.post(HEARTBEAT, {}, format="json")
    with django_assert_num_queries(BEAT_QUERIES[connection.vendor]):
        assert kiosk.post(HEARTBEAT, {}, format="json").json()["session"] is not None


def test_a_heartbeat_with_a_revoked_token_is_a_401_and_writes_nothing(kiosk, computer):
    from pacnet.kiosk.services.computers import kiosk_token_revoke

    kiosk.post(HEARTBEAT, {"uptime_seconds": 1}, format="json")
    message = instruction_send(actor=None, computer=computer, kind="message", text="Xin chào")
    kiosk_token_revoke(actor=None, computer=computer)
    response = kiosk.post(
        HEARTBEAT, {"uptime_seconds": 2, "acknowledged": [message.pk]}, format="json"
    )
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert ComputerPresence.objects.get(computer=computer).uptime_seconds == 1
    message.refresh_from_db()
    assert message.delivered_at is None


def test_a_heartbeat_with_an_unknown_token_is_a_401(computer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token-of-ours")
    response = client.post(HEARTBEAT, {}, format="json")
    assert response.status_code == 401
    assert not ComputerPresence.objects.exists()


@pytest.mark.parametrize("token", ["x" * 300, "abc\x00def", "é-not-ascii"])
def test_a_heartbeat_with_a_token_that_cannot_be_one_is_a_401(computer, token):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(HEARTBEAT, {}, format="json")
    assert response.status_code == 401
    assert not ComputerPresence.objects.exists()


def test_a_heartbeat_gets_its_own_computer_s_instructions_never_another_s(kiosk, computer, point):
    from pacnet.inventory.tests.factories import EquipmentFactory

    other = EquipmentFactory(code="X-KIOSK-PC09", site=point)
    instruction_send(actor=None, computer=other, kind="message", text="Cho máy 9")
    mine = instruction_send(actor=None, computer=computer, kind="message", text="Cho máy 1")
    answer = kiosk.post(HEARTBEAT, {}, format="json").json()
    assert [i["id"] for i in answer["instructions"]] == [mine.pk]
    assert ComputerPresence.objects.filter(computer=other).count() == 0


def test_a_heartbeat_hands_out_the_twenty_oldest_instructions(kiosk, computer):
    sent = [
        instruction_send(actor=None, computer=computer, kind="message", text=f"Tin {n}")
        for n in range(21)
    ]
    answer = kiosk.post(HEARTBEAT, {}, format="json").json()
    assert [i["id"] for i in answer["instructions"]] == [i.pk for i in sent[:20]]


def test_a_heartbeat_naming_another_computer_s_session_is_told_nothing_of_it(kiosk, patron, point):
    from pacnet.inventory.tests.factories import EquipmentFactory

    other = EquipmentFactory(code="X-KIOSK-PC08", site=point)
    theirs = kiosk_sign_in(computer=other, person_code=patron.card_number)
    answer = kiosk.post(HEARTBEAT, {"session_id": str(theirs.client_id)}, format="json").json()
    assert answer["session"] is None


def test_a_changed_profile_is_kept_on_the_next_heartbeat(kiosk, computer):
    kiosk.post(HEARTBEAT, {"profile": {"cpu": "Intel i3"}}, format="json")
    kiosk.post(HEARTBEAT, {"profile": {"cpu": "Intel i5"}, "uptime_seconds": 7}, format="json")
    assert ComputerProfile.objects.get(equipment=computer).cpu == "Intel i5"
    assert ComputerPresence.objects.get(computer=computer).uptime_seconds == 7


def test_a_heartbeat_with_someone_waiting_offers_them_this_computer(kiosk, computer, point):
    from pacnet.kiosk.services.queue import reservation_add

    kiosk.post(HEARTBEAT, {}, format="json")
    ComputerPresence.objects.update(last_seen=timezone.now() - dt.timedelta(hours=1))
    waiting = reservation_add(actor=None, site=point, label="Hoa")  # no computer online
    assert waiting.status == "waiting"
    kiosk.post(HEARTBEAT, {}, format="json")  # back online
    waiting.refresh_from_db()
    assert (waiting.status, waiting.computer) == ("offered", computer)


def test_the_heartbeat_tells_the_session_as_the_sign_in_did(kiosk, patron):
    signed_in = sign_in(kiosk, patron.card_number).json()["session"]
    state = kiosk.post(HEARTBEAT, {}, format="json").json()["session"]
    same = ["id", "person", "person_kind", "start", "minutes_allowed", "ends_at", "ended"]
    assert {k: state[k] for k in same} == {k: signed_in[k] for k in same}
    assert 59 <= state["minutes_left"] <= 60 and state["seconds_left"] > 59 * 60


def test_the_heartbeat_tells_a_guest_session_by_the_pass_code(kiosk, point):
    from pacnet.usage.models import GuestPassBatch

    batch = GuestPassBatch.objects.create(site=point, issued_on=timezone.localdate())
    guest = GuestPass.objects.create(code="G-BEAT-01", batch=batch)
    sign_in(kiosk, "G-BEAT-01")
    state = kiosk.post(HEARTBEAT, {}, format="json").json()["session"]
    assert (state["person"], state["person_kind"]) == ("G-BEAT-01", "guest")
    assert state["id"] == str(Session.objects.get(guest_pass=guest).client_id)


def test_the_heartbeat_ends_a_session_whose_time_is_up(kiosk, patron, computer):
    start = timezone.now() - dt.timedelta(minutes=61)
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number, now=start)
    state = kiosk.post(HEARTBEAT, {}, format="json").json()["session"]
    assert state["ended"] == "time_up" and state["minutes_left"] == 0
    session.refresh_from_db()
    assert session.end == start + dt.timedelta(minutes=60)


def test_a_heartbeat_with_wrong_types_is_a_400_and_writes_nothing(kiosk, computer):
    response = kiosk.post(
        HEARTBEAT, {"uptime_seconds": "long", "profile": {"ram_mb": -1}}, format="json"
    )
    assert response.status_code == 400
    assert {"uptime_seconds", "profile"} <= set(response.json())
    assert not ComputerPresence.objects.exists()


def test_a_patron_of_the_point_signs_in_with_the_session_allowance(kiosk, patron):
    response = sign_in(kiosk, "x-kiosk-000001")
    assert response.status_code == 201
    state = response.json()["session"]
    assert state["person"] == "X-KIOSK-000001" and state["person_kind"] == "patron"
    assert state["minutes_allowed"] == 60 and state["minutes_left"] in (59, 60)
    assert response.json()["warning_minutes"] == [5, 1]
    session = Session.objects.get()
    assert session.source == "kiosk" and session.end is None and session.minutes_allowed == 60


def yesterday_at(hour, minute=0):
    """A moment of yesterday, local time: before the real now whatever the hour of the run."""
    day = timezone.localdate() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def earlier_session(point, patron, start, end):
    return Session.objects.create(
        site=point,
        computer=point.equipment.get(code="X-KIOSK-PC02"),
        patron=patron,
        start=start,
        end=end,
        day=timezone.localdate(start),
    )


def test_the_daily_allowance_left_limits_the_grant(patron, computer, point):
    KioskRules.objects.create(site=point, session_minutes=60, daily_minutes=90)
    earlier_session(point, patron, yesterday_at(9), yesterday_at(9, 50))
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number, now=yesterday_at(11))
    assert session.minutes_allowed == 40


def test_no_time_left_today_is_refused_with_its_reason(patron, computer, point):
    KioskRules.objects.create(site=point, session_minutes=30, daily_minutes=30)
    earlier_session(point, patron, yesterday_at(9), yesterday_at(9, 30))
    with pytest.raises(SignInRefused) as refused:
        kiosk_sign_in(computer=computer, person_code=patron.card_number, now=yesterday_at(11))
    assert refused.value.reason == "NO_TIME"
    assert Session.objects.count() == 1


def test_a_guest_pass_of_the_point_gets_the_guest_allowance(kiosk, point):
    from pacnet.usage.models import GuestPassBatch

    batch = GuestPassBatch.objects.create(site=point, issued_on=timezone.localdate())
    GuestPass.objects.create(code="GUEST001", batch=batch)
    response = sign_in(kiosk, "GUEST001")
    assert response.status_code == 201
    assert response.json()["session"]["minutes_allowed"] == 30
    assert response.json()["session"]["person_kind"] == "guest"


def test_an_unknown_card_and_a_wrong_pin_get_the_same_answer(kiosk, patron_with_pin):
    unknown = sign_in(kiosk, "NO-SUCH-CARD", "1234")
    wrong = sign_in(kiosk, patron_with_pin.card_number, "1111")
    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()
    assert unknown.json()["reason"] == "BAD_LOGIN"
    assert not Session.objects.exists()


def test_the_right_pin_signs_in_a_card_that_has_one(kiosk, patron_with_pin):
    assert sign_in(kiosk, patron_with_pin.card_number, "2468").status_code == 201


def test_a_card_of_another_point_signs_in_with_its_pin(kiosk, db):
    from pacnet.geography.tests.factories import SiteFactory
    from pacnet.usage.models import Patron
    from pacnet.usage.pins import pin_hash

    other = SiteFactory(code="X-ELSEWHERE")
    Patron.objects.create(
        card_number="X-ELSEWHERE-1", registered_at=other, pin_hash=pin_hash("1357")
    )
    Patron.objects.create(card_number="X-ELSEWHERE-2", registered_at=other)
    assert sign_in(kiosk, "X-ELSEWHERE-1", "1357").status_code == 201
    refused = sign_in(kiosk, "X-ELSEWHERE-2")
    assert refused.json()["reason"] == "BAD_LOGIN"


def test_a_point_that_requires_a_pin_asks_for_it_before_looking_at_the_card(kiosk, patron, point):
    KioskRules.objects.create(site=point, pin_required=True)
    assert sign_in(kiosk, patron.card_number).json()["reason"] == "PIN_REQUIRED"
    assert sign_in(kiosk, "NO-SUCH-CARD").json()["reason"] == "PIN_REQUIRED"


def test_five_wrong_pins_lock_the_card_for_a_while(kiosk, patron_with_pin):
    for _i in range(5):
        sign_in(kiosk, patron_with_pin.card_number, "0000")
    locked = sign_in(kiosk, patron_with_pin.card_number, "2468")
    assert locked.json()["reason"] == "LOCKED"


def test_a_second_person_cannot_sign_in_on_a_computer_in_use(kiosk, patron, point):
    sign_in(kiosk, patron.card_number)
    from pacnet.usage.models import Patron

    Patron.objects.create(card_number="X-KIOSK-000009", registered_at=point)
    assert sign_in(kiosk, "X-KIOSK-000009").json()["reason"] == "IN_USE"


def test_signing_in_again_with_the_same_id_answers_the_same_session(kiosk, patron):
    session_id = str(uuid.uuid4())
    first = sign_in(kiosk, patron.card_number, id=session_id)
    again = sign_in(kiosk, patron.card_number, id=session_id)
    assert first.json()["session"]["id"] == again.json()["session"]["id"] == session_id
    assert Session.objects.count() == 1


def test_a_computer_held_for_someone_else_is_refused(kiosk, patron, computer, point):
    Reservation.objects.create(
        site=point,
        label="Bà Lan",
        person_code="X-KIOSK-000777",
        computer=computer,
        status=Reservation.Status.OFFERED,
        held_until=timezone.now() + dt.timedelta(minutes=5),
    )
    assert sign_in(kiosk, patron.card_number).json()["reason"] == "RESERVED"


def test_the_person_it_is_held_for_takes_the_hold(kiosk, patron, computer, point):
    hold = Reservation.objects.create(
        site=point,
        label="Anh Nam",
        person_code=patron.card_number,
        computer=computer,
        status=Reservation.Status.OFFERED,
        held_until=timezone.now() + dt.timedelta(minutes=5),
    )
    assert sign_in(kiosk, patron.card_number).status_code == 201
    hold.refresh_from_db()
    assert hold.status == Reservation.Status.SEATED


def test_a_booking_later_shortens_the_grant(kiosk, patron, computer, point):
    now = timezone.now()
    Reservation.objects.create(
        site=point,
        label="Lớp tin học",
        computer=computer,
        starts_at=now + dt.timedelta(minutes=25),
        held_until=now + dt.timedelta(minutes=120),
    )
    assert sign_in(kiosk, patron.card_number).json()["session"]["minutes_allowed"] in (24, 25)


def test_sign_out_ends_the_session_and_a_resent_sign_out_answers_the_same(kiosk, patron):
    session_id = sign_in(kiosk, patron.card_number).json()["session"]["id"]
    first = kiosk.post(SIGN_OUT, {"id": session_id, "reason": "logout", "pages": 3}, format="json")
    assert first.status_code == 200
    assert first.json()["session"]["ended"] == "logout"
    again = kiosk.post(SIGN_OUT, {"id": session_id}, format="json")
    assert again.status_code == 200
    session = Session.objects.get()
    assert session.end is not None and session.pages_printed == 3 and session.end_reason == "logout"


def test_sign_out_of_a_session_of_another_computer_is_a_400(kiosk, patron, point):
    response = kiosk.post(SIGN_OUT, {"id": str(uuid.uuid4())}, format="json")
    assert response.status_code == 400 and "id" in response.json()


def test_an_extension_by_staff_shows_in_the_next_heartbeat(kiosk, patron, province_admin):
    sign_in(kiosk, patron.card_number)
    kiosk_session_extend(actor=province_admin, session=Session.objects.get(), minutes=15)
    state = kiosk.post(HEARTBEAT, {}, format="json").json()["session"]
    assert state["minutes_allowed"] == 75


def test_a_session_ended_by_staff_is_reported_to_the_kiosk(kiosk, patron, province_admin):
    session_id = sign_in(kiosk, patron.card_number).json()["session"]["id"]
    kiosk_session_stop(actor=province_admin, session=Session.objects.get())
    beat = {"session_id": session_id}
    state = kiosk.post(HEARTBEAT, beat, format="json").json()["session"]
    assert state["ended"] == "staff"


def test_time_up_ends_the_session_at_its_allowance_not_later(patron, computer, point):
    from pacnet.kiosk.services.sessions import kiosk_sign_in

    start = timezone.now() - dt.timedelta(minutes=90)
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number, now=start)
    assert kiosk_sessions_settle() == 1
    session.refresh_from_db()
    assert session.end == start + dt.timedelta(minutes=60)
    assert session.end_reason == "time_up"


def test_a_silent_computer_s_session_ends_when_it_was_last_seen(kiosk, patron, computer):
    sign_in(kiosk, patron.card_number)
    kiosk.post(HEARTBEAT, {}, format="json")
    seen = timezone.now() - dt.timedelta(minutes=10)
    ComputerPresence.objects.update(last_seen=seen)
    Session.objects.update(start=seen - dt.timedelta(minutes=5))
    assert kiosk_sessions_settle() == 1
    session = Session.objects.get()
    assert session.end == seen and session.end_reason == "silent"


def test_instructions_are_handed_out_until_acknowledged_then_never_again(kiosk, computer):
    message = instruction_send(actor=None, computer=computer, kind="message", text="Sắp đóng cửa")
    first = kiosk.post(HEARTBEAT, {}, format="json").json()["instructions"]
    assert [i["id"] for i in first] == [message.pk]
    repeated = kiosk.post(HEARTBEAT, {}, format="json").json()["instructions"]
    assert [i["id"] for i in repeated] == [message.pk]
    kiosk.post(HEARTBEAT, {"acknowledged": [message.pk]}, format="json")
    assert kiosk.post(HEARTBEAT, {}, format="json").json()["instructions"] == []
    assert Instruction.objects.get().delivered_at is not None


def test_a_guest_registers_at_the_kiosk_where_the_point_allows_it(kiosk, point):
    assert kiosk.post("/api/kiosk/v1/guest", {}, format="json").status_code == 400
    KioskRules.objects.create(site=point, guest_self_registration=True)
    made = kiosk.post("/api/kiosk/v1/guest", {}, format="json")
    assert made.status_code == 201
    code, pin = made.json()["code"], made.json()["pin"]
    assert GuestPass.objects.get(code=code).batch.site == point
    assert sign_in(kiosk, code, pin).status_code == 201


def test_a_guest_pass_with_a_pin_needs_it(kiosk, point):
    KioskRules.objects.create(site=point, guest_self_registration=True)
    code = kiosk.post("/api/kiosk/v1/guest", {}, format="json").json()["code"]
    assert sign_in(kiosk, code, "").json()["reason"] == "BAD_LOGIN"
