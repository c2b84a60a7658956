"""What kiosk adds to geography's pages: on a point's page, the way to its live board and
the computers whose kiosk has not reported for a long time.

Registered from `KioskConfig.ready()` (see `pacnet.core.panels`): geography does not import
kiosk, which sits above it.
"""

from __future__ import annotations

from django.conf import settings

from pacnet.accounts.permissions import Action, user_may
from pacnet.core import panels
from pacnet.core.panels import Panel
from pacnet.kiosk.models import Reservation
from pacnet.kiosk.selectors.board import not_reporting_computers


def _board_context(request, site) -> dict | None:
    if not user_may(request.user, Action.VIEW, Reservation(site=site)):
        return None
    return {
        "site": site,
        "not_reporting": not_reporting_computers(site),
        "hours": settings.PACNET_KIOSK_NOT_REPORTING_HOURS,
    }


def register() -> None:
    panels.panel_register(
        page="site_detail",
        panel=Panel(
            "kiosk_board", "kiosk/_board_panel.html", _board_context, order=25, slot="side"
        ),
    )
