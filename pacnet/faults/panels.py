"""What faults adds to the pages of inventory, which sits below it (see `core.panels`)."""

from __future__ import annotations

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.panels import Panel, panel_register
from pacnet.faults.models import Fault


def _equipment_actions(request, item) -> dict | None:
    """The item's page offers to report a fault and to record a repair, as the role allows."""
    context = {
        "item": item,
        "may_report_fault": user_may(request.user, Action.ADD, Fault),
        "may_record_repair": user_may(request.user, Action.CHANGE, Fault),
    }
    return context if context["may_report_fault"] or context["may_record_repair"] else None


def panels_register() -> None:
    panel_register(
        page="inventory:equipment_detail",
        panel=Panel(
            "faults-actions", "faults/_equipment_actions.html", _equipment_actions, slot="actions"
        ),
    )
