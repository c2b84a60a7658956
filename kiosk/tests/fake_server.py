"""An in-process stand-in for pacnet's kiosk API (docs/kiosk.md), for the logic tests only;
tests/test_server.py runs the same client against a real pacnet server."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlparse

from pacnet_kiosk.api import API_PREFIX, Offline

TZ = dt.timezone(dt.timedelta(hours=7))

RULES = {
    "point": "X-TEST",
    "point_name": "Điểm truy nhập Thử",
    "session_minutes": 60,
    "daily_minutes": 120,
    "guest_session_minutes": 30,
    "guest_daily_minutes": 60,
    "pin_required": False,
    "guest_self_registration": True,
    "warning_minutes": [5, 1],
    "hours": "mon-sun 00:00-24:00",
    "periods": [{"weekday": d, "opens": 0, "closes": 1440} for d in range(7)],
    "closures": [],
    "timezone": "Asia/Ho_Chi_Minh",
    "version": "v1",
}


class FakeServer:
    def __init__(self, clock):
        self.clock = clock
        self.up = True
        self.skew = 0.0  # the server's clock minus the kiosk's
        self.token = "good-token"
        self.rules = dict(RULES)
        self.people = {
            "C-1": {"kind": "patron", "pin": ""},
            "C-PIN": {"kind": "patron", "pin": "1234"},
        }
        self.sessions: dict[str, dict] = {}
        self.instructions: list[dict] = []
        self.acknowledged: set[int] = set()
        self.uploads: list[dict] = []
        self.sign_outs: list[dict] = []
        self.heartbeats: list[dict] = []
        self.reject_ids: set[str] = set()
        self.calls: list[str] = []

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock.now() + self.skew, tz=TZ)

    def __call__(self, method, url, headers, body, timeout):
        name = urlparse(url).path.removeprefix(API_PREFIX)
        self.calls.append(name)
        if not self.up:
            raise Offline("connection refused")
        payload = json.loads(body) if body else {}
        if name != "enrol" and headers.get("Authorization") != f"Bearer {self.token}":
            return 401, b'{"detail": "bad token"}'
        status, answer = getattr(self, "api_" + name.replace("-", "_"))(payload)
        return status, json.dumps(answer).encode()

    def _session_json(self, session):
        ends = session["start"] + dt.timedelta(minutes=session["minutes_allowed"])
        return {
            "id": session["id"],
            "person": session["person"],
            "person_kind": session["kind"],
            "start": session["start"].isoformat(),
            "minutes_allowed": session["minutes_allowed"],
            "ends_at": ends.isoformat(),
            "minutes_left": max(0, int((ends - self.now()).total_seconds() // 60)),
            "ended": session.get("ended"),
        }

    def api_enrol(self, payload):
        if payload.get("code") != "CODE-1":
            return 400, {"code": ["Unknown or expired code."]}
        return 201, {"token": self.token, "computer": "X-TEST-PC01", "point": "X-TEST"}

    def rules_get(self):
        return {**self.rules, "server_time": self.now().isoformat()}

    def api_rules(self, payload):
        return 200, self.rules_get()

    def api_heartbeat(self, payload):
        self.heartbeats.append(payload)
        self.acknowledged.update(payload.get("acknowledged", []))
        current = next(
            (s for s in self.sessions.values() if s["person"] == payload.get("current_user")),
            None,
        )
        return 200, {
            "server_time": self.now().isoformat(),
            "rules_version": self.rules["version"],
            "session": self._session_json(current) if current else None,
            "instructions": [i for i in self.instructions if i["id"] not in self.acknowledged],
        }

    def api_sign_in(self, payload):
        person = self.people.get(payload.get("person"))
        if person is None:
            return 400, {"reason": "BAD_LOGIN", "detail": "Sai số thẻ."}
        if person["pin"] and payload.get("pin") != person["pin"]:
            return 400, {"reason": "BAD_LOGIN", "detail": "Sai mã PIN."}
        kind = person["kind"]
        minutes = self.rules["guest_session_minutes" if kind == "guest" else "session_minutes"]
        session = {
            "id": payload["id"],
            "person": payload["person"],
            "kind": kind,
            "start": self.now(),
            "minutes_allowed": minutes,
        }
        self.sessions[payload["id"]] = session
        return 201, {"session": self._session_json(session), "warning_minutes": [5, 1]}

    def api_guest(self, payload):
        code = f"G{len(self.people):07d}"
        self.people[code] = {"kind": "guest", "pin": "4821"}
        return 201, {"code": code, "pin": "4821"}

    def api_sign_out(self, payload):
        self.sign_outs.append(payload)
        session = self.sessions.get(payload["id"])
        if session is None:
            return 404, {"detail": "Not found."}
        session.setdefault("ended", payload["reason"])
        session.setdefault("end", payload.get("end"))
        return 200, {"session": self._session_json(session)}

    def api_sessions(self, payload):
        self.uploads.append(payload)
        answer = {"accepted": [], "already": [], "rejected": []}
        for item in payload["sessions"]:
            if item["id"] in self.reject_ids:
                answer["rejected"].append({"id": item["id"], "errors": {"start": ["overlap"]}})
            elif item["id"] in self.sessions and self.sessions[item["id"]].get("end"):
                answer["already"].append(item["id"])
            else:
                session = self.sessions.setdefault(
                    item["id"],
                    {
                        "id": item["id"],
                        "person": item["person"],
                        "kind": item["person_kind"],
                        "start": dt.datetime.fromisoformat(item["start"]),
                        "minutes_allowed": item.get("minutes_allowed", 0),
                    },
                )
                session["end"] = item["end"]
                session["ended"] = item.get("reason") or "logout"
                answer["accepted"].append(item["id"])
        return 200, answer
