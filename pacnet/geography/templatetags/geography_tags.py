"""Small display helpers of the geography pages: status badges."""

from django import template
from django.utils.html import format_html

from pacnet.geography.models import Site

register = template.Library()

EQUIPMENT_BADGES = {
    "working": "text-bg-success",
    "faulty": "text-bg-danger",
    "under_repair": "text-bg-warning",
    "retired": "text-bg-secondary",
}


@register.simple_tag
def site_status_badge(status: str):
    """A coloured badge for a point's status on a day (open, temporarily closed…)."""
    label = Site.Status(status).label if status in Site.Status.values else status
    return format_html(
        '<span class="badge badge-status-{}" data-status="{}">{}</span>', status, status, label
    )


@register.simple_tag
def equipment_status_badge(status: str | None, label: str):
    css = EQUIPMENT_BADGES.get(status or "", "text-bg-light border")
    return format_html('<span class="badge {}">{}</span>', css, label or "–")
