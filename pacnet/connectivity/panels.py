"""What connectivity adds to geography's pages: the outage buttons and the Internet line panel
of a point's page, and the way from the list of points to the list of lines.

Registered from `ConnectivityConfig.ready()` (see `pacnet.core.panels`): geography does not
import connectivity, which sits above it.
"""

from __future__ import annotations

from pacnet.accounts.permissions import Action, user_may
from pacnet.connectivity.forms import LineDownForm
from pacnet.connectivity.selectors import BENCHMARK_KBPS, outage_undoable, site_line_panel
from pacnet.core import panels
from pacnet.core.panels import Panel


def _line_context(request, site) -> dict:
    """The context of both panels, read once per request: they show the same line."""
    read = request.__dict__.setdefault("_connectivity_panels", {})
    if site.pk not in read:
        line_panel = site_line_panel(site)
        may_change = user_may(request.user, Action.CHANGE, site)
        read[site.pk] = {
            "site": site,
            "line_panel": line_panel,
            "may_change": may_change,
            "may_undo_outage": may_change and outage_undoable(line_panel.open_outage, request.user),
            "line_down_form": LineDownForm(),
            "benchmark": BENCHMARK_KBPS,
        }
    return read[site.pk]


def _nothing(request, obj) -> dict:
    return {}


def register() -> None:
    # A point's page: the outage buttons under its title, the line panel under its equipment.
    panels.panel_register(
        page="site_detail",
        panel=Panel("line_status", "connectivity/_line_status.html", _line_context, slot="top"),
    )
    panels.panel_register(
        page="site_detail",
        panel=Panel("line", "connectivity/_line_panel.html", _line_context, order=20, slot="side"),
    )
    panels.panel_register(
        page="site_list",
        panel=Panel("lines", "connectivity/_site_list_action.html", _nothing, slot="actions"),
    )
