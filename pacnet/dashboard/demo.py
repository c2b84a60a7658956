"""The whole demo, each app's step in the order of the layers: `pacnet load_demo` runs it.

Every step lives in its own app's `demo.py` and goes through that app's services; this module
only knows the order (points before equipment, users before faults, alerts last).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pacnet.accounts.demo import demo_logins, demo_users_create
from pacnet.alerts.services import alerts_refresh
from pacnet.connectivity.demo import demo_lines_load
from pacnet.faults.demo import demo_faults_load
from pacnet.geography.demo import demo_is_loaded, demo_points_load
from pacnet.inventory.demo import (
    demo_equipment_extras_load,
    demo_equipment_extras_present,
    demo_equipment_load,
)
from pacnet.kiosk.demo import demo_kiosk_present, demo_kiosk_rules_load
from pacnet.maintenance.demo import demo_upkeep_load
from pacnet.plans.demo import demo_plan_load
from pacnet.usage.demo import demo_usage_load, demo_usage_present

__all__ = ["demo_history_load", "demo_is_loaded", "demo_logins", "demo_network_load"]


@transaction.atomic
def demo_network_load() -> None:
    """The 18 points on their changing units, and their 2012 equipment (`--network-only`)."""
    demo_points_load()
    demo_equipment_load()


def demo_history_load(
    *, now: dt.datetime, usage_until: dt.date | None = None
) -> tuple[dict[str, int] | None, bool]:
    """Everything but the network, ending at `now` for every part: nothing lies after it.

    Returns the usage counts (None when already loaded) and whether demo users were created.
    """
    if not demo_equipment_extras_present():
        demo_equipment_extras_load()
    demo_plan_load()
    demo_lines_load(now=now)
    demo_upkeep_load(until=timezone.localdate(now))
    counts = None
    if not demo_usage_present():
        counts = demo_usage_load(until=usage_until, now=now)
    users_created = bool(demo_users_create())
    demo_faults_load(now=now)  # after the users: the provincial library's technicians fix them
    if not demo_kiosk_present():
        demo_kiosk_rules_load(now=now)
    alerts_refresh(today=timezone.localdate(now))  # last: the demo shows real alerts
    return counts, users_created
