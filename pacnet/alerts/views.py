"""The alerts pages: the list (filters kind, point, open) and one alert. Read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pacnet.accounts.permissions import Action
from pacnet.alerts.forms import AlertFilterForm
from pacnet.alerts.models import Alert
from pacnet.alerts.selectors import (
    alert_group_rows,
    alert_groups,
    alerts_filtered,
    alerts_visible,
)
from pacnet.core.access import object_for, require_model

PAGE_SIZE = 100  # groups of alerts


@login_required
@require_safe
def alert_list(request):
    require_model(request, Action.VIEW, Alert)
    filters = AlertFilterForm(request.GET or None, user=request.user)
    alerts = alerts_filtered(alerts_visible(request.user), **filters.values())
    # One row per point and kind: 162 computers past their end of life are 18 rows, not 162.
    page = Paginator(alert_group_rows(alerts), PAGE_SIZE).get_page(request.GET.get("page"))
    groups = alert_groups(alerts, page.object_list)
    return render(
        request,
        "alerts/alert_list.html",
        {
            "filters": filters,
            "page": page,
            "groups": groups,
            "alerts": [a for g in groups for a in g.alerts],
            "alert_total": alerts.count(),
        },
    )


@login_required
@require_safe
def alert_detail(request, alert_id: int):
    alert = object_for(request, Action.VIEW, Alert.objects.select_related("site"), pk=alert_id)
    return render(
        request, "alerts/alert_detail.html", {"alert": alert, "subject": subject_link(alert)}
    )


def subject_link(alert: Alert) -> tuple[str, str]:
    """Where to act on the alert: the item, the fault, the schedule or the point."""
    params = alert.params
    if alert.kind in (Alert.Kind.WARRANTY_ENDING, Alert.Kind.END_OF_LIFE):
        url = reverse("inventory:equipment_detail", kwargs={"equipment_code": params["item"]})
        return url, _("Open the item %(code)s") % {"code": params["item"]}
    if alert.kind == Alert.Kind.FAULT_OPEN:
        url = reverse("faults:fault_detail", kwargs={"fault_id": params["fault"]})
        return url, _("Open fault #%(id)s") % {"id": params["fault"]}
    if alert.kind == Alert.Kind.MAINTENANCE_OVERDUE:
        url = reverse("maintenance:schedule") + f"?site={alert.site.code}"
        return url, _("Open the maintenance schedule")
    url = reverse("geography:site_detail", kwargs={"site_code": alert.site.code})
    return url, _("Open the access point")
