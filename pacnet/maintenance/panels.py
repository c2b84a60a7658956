"""What maintenance adds to the pages of inventory, which sits below it (see `core.panels`)."""

from __future__ import annotations

from pacnet.accounts.permissions import visible_site_ids
from pacnet.core.panels import Panel, panel_register
from pacnet.geography.selectors import today
from pacnet.maintenance.selectors import maintenance_schedule

UPKEEP_DUE_SHOWN = 5


def _schedule_link(request, _obj) -> dict:
    return {}


def _next_visits_due(request, _obj) -> dict:
    """The equipment list shows the visits due soonest at the user's points."""
    rows = maintenance_schedule(site_ids=visible_site_ids(request.user), today=today())
    return {"upkeep_due": rows[:UPKEEP_DUE_SHOWN]}


def panels_register() -> None:
    panel_register(
        page="inventory:equipment_list",
        panel=Panel(
            "maintenance-link",
            "maintenance/_equipment_list_link.html",
            _schedule_link,
            slot="actions",
        ),
    )
    panel_register(
        page="inventory:equipment_list",
        panel=Panel("maintenance-due", "maintenance/due_panel.html", _next_visits_due),
    )
