"""The answers, with the types the Libki client reads (docs/kiosk.md "Libki clients").

The client evaluates register_node, login and logout answers as JavaScript: a JSON null reads
as the text "null" and any non-empty string is true. So no value here is ever null, flags are
the numbers 1/0 (`authenticated` is 1 or absent), and minutes are JSON integers.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

from pacnet.kiosk.models import KioskRules

LOGGED_IN = "Logged in"
LOGGED_OUT = "Logged out"
KICKED = "Kicked"  # the session was ended by staff
ONLINE = "online"
SUSPENDED = "suspended"  # the client disables its login: "This kiosk is out of order."


def concrete(value: Any) -> Any:
    """The value with every null made "" (a null would reach the client as "null")."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return {k: concrete(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [concrete(v) for v in value]
    return value


def respond(answer: dict[str, Any]) -> JsonResponse:
    # ensure_ascii (the default): U+2028 in a text would break the client's ES5 evaluation.
    return JsonResponse(concrete(answer), json_dumps_params={"ensure_ascii": True})


def _warning_first(rules: KioskRules) -> int:
    minutes = [int(m) for m in rules.warning_minutes.split(",") if m.strip().isdigit()]
    return max(minutes, default=5)


def settings_of(rules: KioskRules | None, *, signing_in: bool) -> dict[str, Any]:
    """Every setting the client stores, each with a concrete value (unset: "")."""
    guests = bool(rules and rules.guest_self_registration and signing_in)
    return {
        "ClientBehavior": "FCFS+RES",
        "ReservationShowUsername": "1",
        "EnableGuestSelfRegistration": "enabled" if guests else "",
        "EnableClientSessionLocking": 0,
        "EnableClientPasswordlessMode": 0,
        "TermsOfService": "",
        "TermsOfServiceDetails": "",
        "BannerTopURL": "",
        "BannerTopWidth": "",
        "BannerTopHeight": "",
        "BannerBottomURL": "",
        "BannerBottomWidth": "",
        "BannerBottomHeight": "",
        "Logo": "",
        "LogoURL": "",
        "LogoWidth": "",
        "LogoHeight": "",
        "inactivityWarning": "",
        "inactivityLogout": "",
        "ClientTimeNotificationFrequency": 5,
        "ClientTimeWarningThreshold": _warning_first(rules) if rules else 5,
        "ClientTimeWarningFrequency": 5,
        "ShowTimeRemainingInSplash": "",
        "ShowTimeRemainingInTray": "",
        "ClientStyleSheet": "",
        "InternetConnectivityURLs": "",
    }


def registered(
    *,
    rules: KioskRules | None,
    status: str = ONLINE,
    signing_in: bool = True,
    reserved_for: str = "",
    commands: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """register_node's answer; `reserved_for` is left out when empty (an empty label hides)."""
    answer: dict[str, Any] = {"registered": 1, "status": status}
    answer |= settings_of(rules, signing_in=signing_in)
    if reserved_for:
        answer["reserved_for"] = reserved_for
    return answer | (commands or {})


def refused_node() -> dict[str, Any]:
    """register_node for a client the point does not accept: its login stays disabled."""
    return {"registered": 0, "status": SUSPENDED} | settings_of(None, signing_in=False)


def autologin(*, version: tuple[int, ...], username: str, minutes: int) -> dict[str, Any]:
    """A session staff started on the computer: 2.4 calls it `autologin`, older clients
    `unlock` (to 2.4, `unlock` means "unlock a locked session")."""
    key = "autologin" if version >= (2, 4) else "unlock"
    return {key: 1, "username": username, "minutes": int(minutes)}


def signed_in(*, units: int, username: str = "", password: str = "") -> dict[str, Any]:
    answer: dict[str, Any] = {"authenticated": 1, "units": int(units)}
    if username and password:  # a guest who registered: the client uses these from now on
        answer |= {"username": username, "password": password}
    return answer


def login_refused(error: str) -> dict[str, Any]:
    """`authenticated` is left out: the client would read "0" as true."""
    return {"error": error}


def user_data(*, status: str, units: int = 0, messages: list[str] | None = None) -> dict:
    return {"status": status, "units": int(units), "messages": list(messages or [])}


def logged_out(done: bool, error: str = "") -> dict[str, Any]:
    answer: dict[str, Any] = {"logged_out": 1 if done else 0}
    return answer | ({"error": error} if error else {})


def printed(*, error: str = "") -> dict[str, Any]:
    """Only the HTTP status matters to the client: it is always 200."""
    return {"success": 0, "error": error} if error else {"success": 1}
