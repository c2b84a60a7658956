"""Offline upload: idempotent by id, the kiosk's clock corrected, overlaps rejected alone."""

import datetime as dt
import uuid

from django.utils import timezone

from pacnet.usage.models import GuestPass, Patron, Session

UPLOAD = "/api/kiosk/v1/sessions"


def item(start, minutes=30, person="X-KIOSK-000001", kind="patron", **extra):
    return {
        "id": str(uuid.uuid4()),
        "person": person,
        "person_kind": kind,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(minutes=minutes)).isoformat(),
        "pages": 0,
        **extra,
    }


def upload(kiosk, sessions, client_time=None):
    body = {"client_time": (client_time or timezone.now()).isoformat(), "sessions": sessions}
    return kiosk.post(UPLOAD, body, format="json")


def hours_ago(hours):
    return timezone.now() - dt.timedelta(hours=hours)


def test_sessions_are_accepted_and_counted_once_when_sent_twice(kiosk, computer):
    batch = [item(hours_ago(5)), item(hours_ago(3), person="G1", kind="guest")]
    first = upload(kiosk, batch)
    assert first.status_code == 200
    assert sorted(first.json()["accepted"]) == sorted(i["id"] for i in batch)
    second = upload(kiosk, batch)
    assert second.json()["accepted"] == [] and len(second.json()["already"]) == 2
    assert Session.objects.filter(computer=computer, source="kiosk").count() == 2


def test_a_batch_in_two_halves_out_of_order_leaves_one_copy_of_each(kiosk):
    batch = [item(hours_ago(h)) for h in (9, 7, 5, 3)]
    upload(kiosk, batch[2:])
    upload(kiosk, batch[:3])
    assert Session.objects.count() == 4
    assert set(Session.objects.values_list("client_id", flat=True)) == {
        uuid.UUID(i["id"]) for i in batch
    }


def test_unknown_cards_and_passes_are_created_with_no_personal_data(kiosk, point):
    upload(
        kiosk,
        [item(hours_ago(4), person="NEW-CARD"), item(hours_ago(2), person="NEWPASS", kind="guest")],
    )
    patron = Patron.objects.get(card_number="NEW-CARD")
    assert patron.registered_at == point and patron.display_name == ""
    assert GuestPass.objects.filter(code="NEWPASS", batch=None).exists()


def test_a_kiosk_clock_three_hours_fast_counts_on_the_right_times(kiosk):
    fast = dt.timedelta(hours=3)
    real_start = hours_ago(4)
    response = upload(kiosk, [item(real_start + fast)], client_time=timezone.now() + fast)
    assert len(response.json()["accepted"]) == 1
    session = Session.objects.get()
    assert abs(session.start - real_start) < dt.timedelta(seconds=5)
    assert session.day == timezone.localdate(session.start)


def test_a_kiosk_clock_three_hours_slow_counts_on_the_right_times(kiosk):
    slow = dt.timedelta(hours=3)
    real_start = hours_ago(1)
    response = upload(kiosk, [item(real_start - slow)], client_time=timezone.now() - slow)
    assert len(response.json()["accepted"]) == 1
    assert abs(Session.objects.get().start - real_start) < dt.timedelta(seconds=5)


def test_a_clock_within_a_minute_is_not_corrected(kiosk):
    start = hours_ago(2)
    upload(kiosk, [item(start)], client_time=timezone.now() + dt.timedelta(seconds=40))
    assert Session.objects.get().start == start


def test_an_overlapping_session_is_rejected_and_the_others_accepted(kiosk):
    start = hours_ago(5)
    good, clash, later = item(start, 60), item(start + dt.timedelta(minutes=30)), item(hours_ago(2))
    body = upload(kiosk, [good, clash, later]).json()
    assert sorted(body["accepted"]) == sorted([good["id"], later["id"]])
    assert [r["id"] for r in body["rejected"]] == [clash["id"]]
    assert "start" in body["rejected"][0]["errors"]


def test_a_session_overlapping_a_recorded_one_is_rejected(kiosk, computer, patron, point):
    start = hours_ago(6)
    Session.objects.create(
        site=point,
        computer=computer,
        patron=patron,
        start=start,
        end=start + dt.timedelta(hours=1),
        day=timezone.localdate(start),
    )
    body = upload(kiosk, [item(start + dt.timedelta(minutes=10))]).json()
    assert body["accepted"] == [] and len(body["rejected"]) == 1
    assert Session.objects.count() == 1


def test_bad_items_are_rejected_with_their_fields_and_the_good_ones_kept(kiosk):
    good = item(hours_ago(3))
    future = item(timezone.now() + dt.timedelta(hours=2))
    backwards = item(hours_ago(2), minutes=-10)
    nonsense = {"id": "not-a-uuid", "person": "", "person_kind": "alien", "start": "yesterday"}
    body = upload(kiosk, [good, future, backwards, nonsense, 42]).json()
    assert body["accepted"] == [good["id"]]
    errors = {str(r["id"]): r["errors"] for r in body["rejected"]}
    assert "start" in errors[future["id"]]
    assert "end" in errors[backwards["id"]]
    assert {"id", "person", "person_kind", "start", "end"} <= set(errors["not-a-uuid"])
    assert Session.objects.count() == 1


def test_a_batch_of_ten_thousand_is_refused_whole(kiosk):
    start = hours_ago(30)
    batch = [item(start + dt.timedelta(seconds=i)) for i in range(10_000)]
    response = upload(kiosk, batch)
    assert response.status_code == 400
    assert "sessions" in response.json()
    assert not Session.objects.exists()


def test_a_session_started_online_and_ended_offline_is_completed(kiosk, patron):
    sign = kiosk.post("/api/kiosk/v1/sign-in", {"person": patron.card_number}, format="json")
    state = sign.json()["session"]
    start = dt.datetime.fromisoformat(state["start"])
    ended = {**item(start, 0), "id": state["id"], "pages": 2}
    body = upload(kiosk, [ended], client_time=timezone.now()).json()
    assert body["accepted"] == [state["id"]]
    session = Session.objects.get()
    assert session.end is not None and session.pages_printed == 2


def test_a_session_id_of_another_computer_is_rejected(kiosk, point, patron):
    other = point.equipment.get(code="X-KIOSK-PC02")
    start = hours_ago(3)
    taken = Session.objects.create(
        site=point,
        computer=other,
        patron=patron,
        start=start,
        end=start + dt.timedelta(minutes=5),
        day=timezone.localdate(start),
        client_id=uuid.uuid4(),
    )
    body = upload(kiosk, [{**item(hours_ago(2)), "id": str(taken.client_id)}]).json()
    assert body["rejected"][0]["errors"] == {"id": "This session id belongs to another computer."}


def test_a_clock_off_by_years_is_refused(kiosk):
    response = upload(kiosk, [], client_time=timezone.now().replace(year=2001))
    assert response.status_code == 400 and "client_time" in response.json()


def test_malformed_envelopes_are_400s(kiosk):
    assert kiosk.post(UPLOAD, {"sessions": []}, format="json").status_code == 400
    bad_list = {"client_time": timezone.now().isoformat(), "sessions": "x"}
    assert kiosk.post(UPLOAD, bad_list, format="json").status_code == 400
    assert kiosk.post(UPLOAD, "[", content_type="application/json").status_code == 400


def test_a_person_code_with_a_nul_byte_is_rejected_alone(kiosk):
    bad, good = item(hours_ago(5), person="X\x00Y"), item(hours_ago(3))
    body = upload(kiosk, [bad, good]).json()
    assert body["accepted"] == [good["id"]]
    assert "person" in body["rejected"][0]["errors"]
