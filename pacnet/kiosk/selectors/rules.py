"""PLACEHOLDER until fr-rules lands (its version replaces this file at the merge)."""

import datetime as dt

from pacnet.kiosk.models import KioskRules


def rules_of(site) -> KioskRules:
    return KioskRules.objects.filter(site=site).first() or KioskRules(site=site)


def closed_on(site, day: dt.date) -> bool:
    return False


def minutes_to_closing(site, moment: dt.datetime) -> int | None:
    return None


def rules_json(site) -> dict:
    rules = rules_of(site)
    return {
        "point": site.code,
        "point_name": site.name,
        "session_minutes": rules.session_minutes,
        "daily_minutes": rules.daily_minutes,
        "guest_session_minutes": rules.guest_session_minutes,
        "guest_daily_minutes": rules.guest_daily_minutes,
        "pin_required": rules.pin_required,
        "guest_self_registration": rules.guest_self_registration,
        "warning_minutes": [int(m) for m in rules.warning_minutes.split(",") if m],
        "hours": "",
        "periods": [],
        "closures": [],
        "timezone": "Asia/Ho_Chi_Minh",
        "version": str(rules.updated_at or ""),
    }
