"""The full demo's kiosk rules and opening hours (not in --network-only).

Commune points keep office hours (mon-fri 07:30-11:30,13:30-17:00; sat mornings; sun
closed); district libraries open all day on weekdays; the provincial library longer, with a
PIN and guest self-registration, and closed for the next National Day (2 September).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pacnet.geography.demo import COMMUNE_POINTS, LIBRARY_POINTS
from pacnet.geography.models import Site
from pacnet.kiosk.models import KioskRules
from pacnet.kiosk.services import kiosk_closure_add, kiosk_rules_update

SOURCE = "demo"
COMMUNE_HOURS = "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed"
DISTRICT_HOURS = "mon-fri 07:30-17:00; sat 07:30-11:30; sun closed"
PROVINCIAL = "TV-TINH"
PROVINCIAL_RULES = {
    "hours": "mon-fri 07:00-20:00; sat-sun 08:00-17:00",
    "session_minutes": 90,
    "daily_minutes": 180,
    "pin_required": True,
    "guest_self_registration": True,
}


def demo_kiosk_present() -> bool:
    return KioskRules.objects.filter(site__code=PROVINCIAL).exists()


@transaction.atomic
def demo_kiosk_rules_load(*, now: dt.datetime) -> None:
    """Rules and hours of every demo point, through the services."""
    sites = {s.code: s for s in Site.objects.filter(code__in=_codes())}
    for code, _unit, _name, _district in COMMUNE_POINTS:
        kiosk_rules_update(actor=None, site=sites[code], hours=COMMUNE_HOURS, source=SOURCE)
    for code, _name, kind, _unit, _computers in LIBRARY_POINTS:
        if code == PROVINCIAL:
            continue
        hours = DISTRICT_HOURS if kind == Site.Kind.DISTRICT_LIBRARY else COMMUNE_HOURS
        kiosk_rules_update(actor=None, site=sites[code], hours=hours, source=SOURCE)
    provincial = sites[PROVINCIAL]
    kiosk_rules_update(actor=None, site=provincial, source=SOURCE, **PROVINCIAL_RULES)
    today = timezone.localdate(now)
    national_day = dt.date(today.year, 9, 2)
    if national_day < today:
        national_day = dt.date(today.year + 1, 9, 2)
    kiosk_closure_add(
        actor=None,
        site=provincial,
        start=national_day,
        end=national_day,
        reason="Quốc khánh",
        source=SOURCE,
    )


def _codes() -> list[str]:
    return [p[0] for p in [*LIBRARY_POINTS, *COMMUNE_POINTS]]
