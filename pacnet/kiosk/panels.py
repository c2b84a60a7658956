"""What kiosk adds to geography's pages: on a point's page, the way to its live board (with
the computers whose kiosk has not reported for a long time) and to its kiosk rules.

Registered from `KioskConfig.ready()` (see `pacnet.core.panels`): geography does not import
kiosk, which sits above it.
"""

from __future__ import annotations

from django.conf import settings

from pacnet.accounts.permissions import Action, user_may
from pacnet.core import panels
from pacnet.core.panels import Panel
from pacnet.geography.selectors import site_hours_readable
from pacnet.kiosk.models import Reservation
from pacnet.kiosk.selectors import rules_of
from pacnet.kiosk.selectors.board import not_reporting_computers


def _board_context(request, site) -> dict | None:
    if not user_may(request.user, Action.VIEW, Reservation(site=site)):
        return None
    return {
        "site": site,
        "not_reporting": not_reporting_computers(site),
        "hours": settings.PACNET_KIOSK_NOT_REPORTING_HOURS,
    }


def _rules_context(request, site) -> dict | None:
    rules = rules_of(site)
    if not user_may(request.user, Action.VIEW, rules):
        return None
    return {"site": site, "rules": rules, "hours": site_hours_readable(site)}


def register() -> None:
    panels.panel_register(
        page="site_detail",
        panel=Panel(
            "kiosk_board", "kiosk/_board_panel.html", _board_context, order=25, slot="side"
        ),
    )
    panels.panel_register(
        page="site_detail",
        panel=Panel(
            "kiosk_rules", "kiosk/_rules_panel.html", _rules_context, order=30, slot="side"
        ),
    )
