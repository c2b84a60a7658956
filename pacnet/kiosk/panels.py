"""What kiosk adds to geography's pages: the way from a point's page to its kiosk rules.

Registered from `KioskConfig.ready()` (see `pacnet.core.panels`): geography does not import
kiosk, which sits above it.
"""

from __future__ import annotations

from pacnet.accounts.permissions import Action, user_may
from pacnet.core import panels
from pacnet.core.panels import Panel
from pacnet.geography.selectors import site_hours_readable
from pacnet.kiosk.selectors import rules_of


def _rules_context(request, site) -> dict | None:
    rules = rules_of(site)
    if not user_may(request.user, Action.VIEW, rules):
        return None
    return {"site": site, "rules": rules, "hours": site_hours_readable(site)}


def register() -> None:
    panels.panel_register(
        page="site_detail",
        panel=Panel(
            "kiosk_rules", "kiosk/_rules_panel.html", _rules_context, order=30, slot="side"
        ),
    )
