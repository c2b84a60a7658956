"""Reads of a point's kiosk rules: the rules in force, what kiosks are sent, closing time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from pacnet.geography.hours import DAY_MINUTES, Period, hours_text
from pacnet.geography.models import Site, SiteSuspension
from pacnet.geography.selectors import site_hours
from pacnet.kiosk.models import KioskClosure, KioskRules

ONE_DAY = dt.timedelta(days=1)


def rules_of(site: Site) -> KioskRules:
    """The point's rules; the defaults (unsaved) when staff never changed them."""
    if Site.kiosk_rules.related.is_cached(site):  # loaded with the point (select_related)
        return getattr(site, "kiosk_rules", None) or KioskRules(site=site)
    return KioskRules.objects.filter(site=site).first() or KioskRules(site=site)


def warning_minutes(rules: KioskRules) -> list[int]:
    """ "5,1" → [5, 1], largest first; a stored value is always valid (the service checks)."""
    return sorted((int(p) for p in rules.warning_minutes.split(",") if p.strip()), reverse=True)


def _closures_from(site: Site, day: dt.date) -> list[dict]:
    """Kiosk closures and temporary closures of the point that are not over on `day`."""
    kiosk = KioskClosure.objects.filter(site=site, end__gte=day).values_list("start", "end")
    suspensions = (
        SiteSuspension.objects.filter(site=site)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("start", "end")
    )
    spans = sorted([*kiosk, *suspensions], key=lambda span: (span[0], span[1] or dt.date.max))
    return [
        {"start": start.isoformat(), "end": end.isoformat() if end else None}
        for start, end in spans
    ]


def rules_json(site: Site, *, today: dt.date | None = None) -> dict:
    """What `GET /api/kiosk/v1/rules` answers (docs/kiosk.md), but for `server_time`."""
    rules, periods = rules_of(site), site_hours(site)
    shown = {
        "point": site.code,
        "point_name": site.name,
        "session_minutes": rules.session_minutes,
        "daily_minutes": rules.daily_minutes,
        "guest_session_minutes": rules.guest_session_minutes,
        "guest_daily_minutes": rules.guest_daily_minutes,
        "pin_required": rules.pin_required,
        "guest_self_registration": rules.guest_self_registration,
        "warning_minutes": warning_minutes(rules),
        "hours": hours_text(periods),
        "periods": [{"weekday": p.weekday, "opens": p.opens, "closes": p.closes} for p in periods],
        "closures": _closures_from(site, today or timezone.localdate()),
        "timezone": settings.TIME_ZONE,
    }
    # Derived from the content itself: it changes exactly when something a kiosk enforces does.
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()
    return shown | {"version": digest[:16]}


def _closed_days(site: Site, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days from `first` to `last` the point's kiosks are closed (closures, suspensions)."""
    days: set[dt.date] = set()
    spans = [
        *KioskClosure.objects.filter(site=site, start__lte=last, end__gte=first).values_list(
            "start", "end"
        ),
        *SiteSuspension.objects.filter(site=site, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .values_list("start", "end"),
    ]
    for start, end in spans:
        day = max(start, first)
        while day <= min(end or last, last):
            days.add(day)
            day += ONE_DAY
    if site.closed_on is not None:  # closed for good
        day = max(site.closed_on, first)
        while day <= last:
            days.add(day)
            day += ONE_DAY
    return days


def closed_on(site: Site, day: dt.date) -> bool:
    """Whether the kiosks refuse every sign-in that day: a kiosk closure or a temporary closure."""
    return day in _closed_days(site, day, day)


def minutes_to_closing(site: Site, moment: dt.datetime) -> int | None:
    """Whole minutes until the point closes (0: closed now); None when its hours are not set.

    A period closing at 24:00 goes on into a period of the next day opening at 00:00.
    """
    periods = site_hours(site)
    if not periods:
        return None
    local = timezone.localtime(moment)
    day = local.date()
    closed = _closed_days(site, day, day + dt.timedelta(days=7))
    if day in closed:
        return 0
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    current = _period_at(periods, day.weekday(), seconds / 60)
    if current is None:
        return 0
    left = current.closes * 60 - seconds
    for ahead in range(1, 8):  # at most a week: a point open day and night
        if current.closes != DAY_MINUTES or day + dt.timedelta(days=ahead) in closed:
            break
        current = _period_at(periods, (day.weekday() + ahead) % 7, 0)
        if current is None:
            break
        left += current.closes * 60
    return int(left // 60)


def _period_at(periods: list[Period], weekday: int, minute: float) -> Period | None:
    return next((p for p in periods if p.weekday == weekday and p.opens <= minute < p.closes), None)


RULES_VERSION_SECONDS = 30


def rules_version(site_id: int) -> str:
    """The rules' version for a heartbeat, kept half a minute: a change reaches kiosks within
    that, and a heartbeat costs no rules queries in between."""
    return cache.get_or_set(
        f"kiosk:rules-version:{site_id}",
        lambda: rules_json(Site.objects.get(pk=site_id))["version"],
        RULES_VERSION_SECONDS,
    )
