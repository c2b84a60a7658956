"""Status and warranty badges, and sums in đồng: the same on every page."""

from django import template
from django.utils.html import format_html

from pacnet.core.formatting import money
from pacnet.inventory.models import EquipmentStatus
from pacnet.inventory.selectors import Warranty, warranty_state

register = template.Library()

BADGE_CLASS = {
    EquipmentStatus.WORKING: "text-bg-success",
    EquipmentStatus.FAULTY: "text-bg-danger",
    EquipmentStatus.UNDER_REPAIR: "text-bg-warning",
    EquipmentStatus.RETIRED: "text-bg-secondary",
}
BUTTON_CLASS = {
    EquipmentStatus.WORKING: "success",
    EquipmentStatus.FAULTY: "danger",
    EquipmentStatus.UNDER_REPAIR: "warning text-dark",  # yellow text on white is unreadable
    EquipmentStatus.RETIRED: "secondary",
}
ICON = {
    EquipmentStatus.WORKING: "bi-check-circle",
    EquipmentStatus.FAULTY: "bi-x-octagon",
    EquipmentStatus.UNDER_REPAIR: "bi-tools",
    EquipmentStatus.RETIRED: "bi-archive",
}


@register.inclusion_tag("inventory/_status_badge.html")
def status_badge(status: str | None):
    label = EquipmentStatus(status).label if status in EquipmentStatus.values else None
    return {"label": label, "css": BADGE_CLASS.get(status, ""), "icon": ICON.get(status, "")}


@register.simple_tag
def equipment_status_badge(status: str | None, label: str):
    """The small badge of an item in a point's list of equipment."""
    css = BADGE_CLASS.get(status or "", "text-bg-light border")
    return format_html('<span class="badge {}">{}</span>', css, label or "–")


@register.filter
def status_button_class(status: str) -> str:
    return BUTTON_CLASS.get(status, "secondary")


@register.filter
def status_icon(status: str) -> str:
    return ICON.get(status, "")


register.filter("vnd", money)  # core's one money style, for the templates that load these tags


@register.inclusion_tag("inventory/_warranty_badge.html")
def warranty_badge(item, day=None):
    state = warranty_state(item, day)
    return {"state": state, "ended": state == Warranty.ENDED, "item": item}
