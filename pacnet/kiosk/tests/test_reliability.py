"""Offline uploads survive what the field does to them, against a real server process.

Each case records the same sessions twice: through the kiosk API at one point, and as staff
would record them online (usage's services) at a twin point. The indicators of both points
must be equal afterwards, whatever happened on the way.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from django.utils import timezone

from pacnet.testing.server import PacnetServer

# The sessions as staff record them online: a person found or created, start, then end.
ONLINE = """
import datetime as dt, json, sys
from django.db import transaction
from pacnet.inventory.models import Equipment
from pacnet.usage.models import GuestPass, Patron
from pacnet.usage.services import session_begin, session_end
import pacnet.usage.services as usage
rows = json.load(sys.stdin)
refresh, touched = usage.usage_rollup_refresh, set()
# The day rollups once at the end rather than twice a session: the same figures, faster.
usage.usage_rollup_refresh = lambda *, site_days: touched.update(site_days)
transaction.set_autocommit(False)
for row in rows:
    computer = Equipment.objects.select_related("site").get(code=row["computer"])
    if row["person_kind"] == "patron":
        person = {"patron": Patron.objects.get_or_create(
            card_number=row["person"], defaults={"registered_at": computer.site})[0]}
    else:
        person = {"guest_pass": GuestPass.objects.get_or_create(code=row["person"])[0]}
    session = session_begin(site=computer.site, computer=computer,
                            start=dt.datetime.fromisoformat(row["start"]), **person)
    session_end(actor=None, session=session, end=dt.datetime.fromisoformat(row["end"]),
                pages_printed=row["pages"])
refresh(site_days=touched)
transaction.commit()
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = PacnetServer(tmp_path_factory.mktemp("kiosk-server"))
    process.manage("migrate", "--no-input", "-v", "0")
    yield process.start()
    process.stop()


def call(server, path, body, token=None, timeout=60):
    request = urllib.request.Request(
        f"{server.url}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def points(server, case: str) -> tuple[str, str]:
    """Two twin points for the case: one with a kiosk, one recorded online; the kiosk's token."""
    kiosk_point, online_point = f"R-{case}-K", f"R-{case}-O"
    server.points_create([kiosk_point, online_point])
    code = server.manage("kiosk_enrolment_code", f"{kiosk_point}-PC01").strip()
    status, body = call(server, "/api/kiosk/v1/enrol", {"code": code, "name": "pc01"})
    assert status == 201, body
    return kiosk_point, online_point, body["token"]


def sessions_over(hours: int, count: int, seed: int) -> list[dict]:
    """`count` sessions one after the other on one computer, over the last `hours` hours."""
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    moment = now - dt.timedelta(hours=hours)
    step = dt.timedelta(hours=hours) / count
    rows = []
    for _i in range(count):
        length = min(step - dt.timedelta(seconds=1), dt.timedelta(minutes=rng.randint(5, 90)))
        kind = rng.choice(["patron", "patron", "guest"])
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "person": f"{kind[0].upper()}{rng.randint(1, count // 3 + 1):05d}",
                "person_kind": kind,
                "start": moment,
                "end": moment + length,
                "pages": rng.randint(0, 5),
            }
        )
        moment += step
    return rows


def as_upload(rows, shift=dt.timedelta(0)) -> list[dict]:
    return [
        {**r, "start": (r["start"] + shift).isoformat(), "end": (r["end"] + shift).isoformat()}
        for r in rows
    ]


def record_online(server, point: str, rows, prefix: str, computer: str = "") -> None:
    online = [
        {
            **r,
            "computer": computer or f"{point}-PC01",
            "person": f"{prefix}{r['person']}",
            "start": r["start"].isoformat(),
            "end": r["end"].isoformat(),
        }
        for r in rows
    ]
    server.manage("shell", "-c", ONLINE, stdin=json.dumps(online))


def upload(server, token, rows, clock_shift=dt.timedelta(0), prefix="K"):
    batch = [{**r, "person": f"{prefix}{r['person']}"} for r in as_upload(rows, clock_shift)]
    client_time = (timezone.now() + clock_shift).isoformat()
    return call(
        server, "/api/kiosk/v1/sessions", {"client_time": client_time, "sessions": batch}, token
    )


def indicators(server, point: str, rows) -> list[dict]:
    years = sorted({timezone.localtime(r["start"]).year for r in rows})
    found = []
    for year in years:
        data = json.loads(
            server.manage("indicators", "--scope", point, "--year", str(year), "--format", "json")
        )
        data.pop("scope", None)
        for row in data.get("points", []):
            row.pop("point", None)
            row.pop("name", None)
        found.append(data)
    return found


def assert_same_indicators(server, kiosk_point, online_point, rows):
    counted = indicators(server, kiosk_point, rows)
    assert counted == indicators(server, online_point, rows)
    assert sum(year["sessions"] for year in counted) == len(rows)


def test_72_hours_offline_then_one_upload(server):
    kiosk_point, online_point, token = points(server, "OFFLINE72")
    rows = sessions_over(72, 100, seed=1)
    status, body = upload(server, token, rows)
    assert status == 200 and len(body["accepted"]) == len(rows) and not body["rejected"]
    record_online(server, online_point, rows, "K")
    assert_same_indicators(server, kiosk_point, online_point, rows)


def test_the_same_batch_twice_and_in_two_halves_out_of_order(server):
    kiosk_point, online_point, token = points(server, "TWICE")
    rows = sessions_over(48, 60, seed=2)
    upload(server, token, rows)
    status, body = upload(server, token, rows)
    assert status == 200 and len(body["already"]) == len(rows)
    later, earlier = rows[30:], rows[:40]  # overlapping halves, the later first
    assert upload(server, token, later)[1]["accepted"] == []
    assert upload(server, token, earlier)[1]["accepted"] == []
    record_online(server, online_point, rows, "K")
    assert_same_indicators(server, kiosk_point, online_point, rows)


@pytest.mark.parametrize("hours", [3, -3], ids=["3-hours-fast", "3-hours-slow"])
def test_a_kiosk_clock_off_by_three_hours(server, hours):
    case = "FAST" if hours > 0 else "SLOW"
    kiosk_point, online_point, token = points(server, case)
    rows = sessions_over(30, 40, seed=3)
    status, body = upload(server, token, rows, clock_shift=dt.timedelta(hours=hours))
    assert status == 200 and len(body["accepted"]) == len(rows), body["rejected"][:3]
    record_online(server, online_point, rows, "K")
    assert_same_indicators(server, kiosk_point, online_point, rows)


def test_the_server_killed_in_the_middle_of_an_upload_and_restarted(server):
    kiosk_point, online_point, token = points(server, "KILLED")
    rows = sessions_over(72, 2000, seed=4)
    answers = []
    sending = threading.Thread(
        target=lambda: answers.append(_try(lambda: upload(server, token, rows)))
    )
    sending.start()
    threading.Event().wait(0.3)  # the request is in; the server is checking or writing it
    server.kill()
    sending.join(timeout=60)
    server.start()
    status, body = upload(server, token, rows)
    assert status == 200 and not body["rejected"]
    assert len(body["accepted"]) + len(body["already"]) == len(rows)
    record_online(server, online_point, rows, "K")
    assert_same_indicators(server, kiosk_point, online_point, rows)


def _try(send):
    try:
        return send()
    except OSError as error:  # the connection was cut: what a kiosk sees on a bad line
        return error


def test_two_kiosks_of_a_point_uploading_the_same_new_cards_at_once(server):
    """Both create the same unknown cards and recount the same days: neither fails nor loses."""
    kiosk_point, online_point = "R-TOGETHER-K", "R-TOGETHER-O"
    server.points_create([kiosk_point, online_point])
    tokens = []
    for pc in ("PC01", "PC02"):
        code = server.manage("kiosk_enrolment_code", f"{kiosk_point}-{pc}").strip()
        tokens.append(call(server, "/api/kiosk/v1/enrol", {"code": code, "name": pc})[1]["token"])
    rows = {pc: sessions_over(24, 300, seed=5) for pc in ("PC01", "PC02")}
    for pc_rows in rows.values():
        for row in pc_rows:
            row["id"] = str(uuid.uuid4())
    answers = []
    threads = [
        threading.Thread(target=lambda t=t, r=r: answers.append(upload(server, t, r)))
        for t, r in zip(tokens, rows.values(), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _body in answers] == [200, 200]
    assert all(len(body["accepted"]) == 300 for _status, body in answers)
    for pc, pc_rows in rows.items():
        online = [{**r} for r in pc_rows]
        record_online(server, online_point, online, "K", computer=f"{online_point}-{pc}")
    both = rows["PC01"] + rows["PC02"]
    assert_same_indicators(server, kiosk_point, online_point, both)
