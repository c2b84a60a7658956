"""Fault status badges: the same on every page."""

from django import template
from django.utils.html import format_html
from django.utils.text import capfirst

from pacnet.faults.models import FaultStatus

register = template.Library()

BADGE = {
    FaultStatus.REPORTED: ("text-bg-danger", "bi-exclamation-triangle"),
    FaultStatus.ASSIGNED: ("text-bg-warning", "bi-person-gear"),
    FaultStatus.IN_REPAIR: ("text-bg-warning", "bi-tools"),
    FaultStatus.FIXED: ("text-bg-success", "bi-check-circle"),
    FaultStatus.REPLACED: ("text-bg-success", "bi-arrow-repeat"),
    FaultStatus.WRITTEN_OFF: ("text-bg-secondary", "bi-archive"),
}


@register.simple_tag
def fault_badge(status: str):
    css, icon = BADGE.get(status, ("text-bg-light", ""))
    label = FaultStatus(status).label if status in FaultStatus.values else status
    return format_html(
        '<span class="badge {} fw-normal" data-fault-status="{}"><i class="bi {}" '
        'aria-hidden="true"></i> {}</span>',
        css,
        status,
        icon,
        capfirst(str(label)),
    )
