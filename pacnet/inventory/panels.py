"""What inventory adds to geography's pages: a point's equipment, the computers of each point.

Registered from `InventoryConfig.ready()` (see `pacnet.core.panels`): geography does not
import inventory, which sits above it.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pacnet.core import panels
from pacnet.core.panels import Column, Panel
from pacnet.geography.selectors import today
from pacnet.inventory.selectors import computer_counts_on, site_equipment_on


def _site_equipment(request, site) -> dict:
    day = today()
    return {"equipment": site_equipment_on(site, day), "day": day}


def _computers(counts: dict[str, int] | None) -> str:
    counts = counts or {"working": 0, "in_service": 0}
    return format_html(
        '<span class="text-nowrap">{} / {}</span>', counts["working"], counts["in_service"]
    )


def _nothing(request, obj) -> dict:
    return {}


def register() -> None:
    # A point's page: in the right-hand column, above its Internet line.
    panels.panel_register(
        page="site_detail",
        panel=Panel(
            "equipment", "inventory/_site_equipment.html", _site_equipment, order=10, slot="side"
        ),
    )
    # The list of points: the computers of each, and what the figures mean under the table.
    panels.column_register(
        page="site_list",
        column=Column(
            "computers",
            _("Computers"),
            computer_counts_on,  # one query for every row of the list
            _computers,
            title=_("computers in working order / computers in service"),
            css_class="text-end",
        ),
    )
    panels.panel_register(
        page="site_list",
        panel=Panel("computers", "inventory/_site_list_note.html", _nothing, slot="notes"),
    )
