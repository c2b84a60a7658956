"""pacnet's kiosk API (`/api/kiosk/v1/`, docs/kiosk.md) over the standard library's HTTP.

Every failure is one of two kinds: `Offline` (no answer, a timeout, a 5xx: try again later) and
`Refused` (a 4xx: the server answered no, trying again will not help).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from pacnet_kiosk import __version__

API_PREFIX = "/api/kiosk/v1/"

# (method, url, headers, body or None, timeout) -> (status, body)
Transport = Callable[[str, str, dict, bytes | None, float], tuple[int, bytes]]


class ApiError(Exception):
    pass


class Offline(ApiError):
    """The server could not be reached or could not answer."""


class Refused(ApiError):
    def __init__(self, status: int, body: dict):
        self.status = status
        self.body = body if isinstance(body, dict) else {"detail": str(body)}
        super().__init__(f"{status} {self.body}")

    @property
    def reason(self) -> str:
        return str(self.body.get("reason", ""))

    @property
    def detail(self) -> str:
        """The server's message, or its field errors joined."""
        if detail := self.body.get("detail"):
            return str(detail)
        messages = []
        for value in self.body.values():
            messages.extend(value if isinstance(value, list) else [value])
        return " ".join(str(m) for m in messages)


class Unauthorized(Refused):
    """The token is missing, unknown or revoked: the computer must be enrolled again."""


def urllib_transport(
    method: str, url: str, headers: dict, body: bytes | None, timeout: float
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        raise Offline(str(error)) from error


class KioskApi:
    def __init__(
        self,
        server_url: str,
        token: str = "",
        *,
        timeout: float = 5.0,
        language: str = "vi",
        transport: Transport = urllib_transport,
    ):
        self.server_url = server_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.language = language
        self.transport = transport

    def _call(self, method: str, name: str, payload: dict | None = None, timeout=None) -> dict:
        headers = {
            "Accept": "application/json",
            "Accept-Language": self.language,
            "User-Agent": f"pacnet-kiosk/{__version__}",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        url = self.server_url + API_PREFIX + name
        status, raw = self.transport(method, url, headers, body, timeout or self.timeout)
        try:
            data = json.loads(raw.decode() or "{}") if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = {"detail": raw[:200].decode(errors="replace")}
        if status >= 500:
            raise Offline(f"{status} from the server")
        if status == 401:
            raise Unauthorized(status, data)
        if status >= 400:
            raise Refused(status, data)
        if not isinstance(data, dict):
            raise Offline("an answer that is not a JSON object")
        return data

    def enrol(self, code: str, name: str) -> dict:
        return self._call("POST", "enrol", {"code": code, "name": name})

    def rules(self) -> dict:
        return self._call("GET", "rules")

    def heartbeat(self, payload: dict) -> dict:
        return self._call("POST", "heartbeat", payload)

    def sign_in(self, session_id: str, person: str, pin: str) -> dict:
        payload = {"id": session_id, "person": person}
        if pin:
            payload["pin"] = pin
        return self._call("POST", "sign-in", payload)

    def guest(self) -> dict:
        return self._call("POST", "guest", {})

    def sign_out(self, session_id: str, reason: str, end: str, pages: int = 0) -> dict:
        return self._call(
            "POST", "sign-out", {"id": session_id, "reason": reason, "end": end, "pages": pages}
        )

    def sessions_upload(self, client_time: str, sessions: list[dict]) -> dict:
        return self._call(
            "POST",
            "sessions",
            {"client_time": client_time, "sessions": sessions},
            timeout=max(self.timeout, 30.0),
        )
