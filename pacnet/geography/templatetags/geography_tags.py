"""Small display helpers of the geography pages: a point's status badge, added columns."""

from django import template
from django.utils.html import format_html

from pacnet.geography.models import Site

register = template.Library()


@register.simple_tag
def site_status_badge(status: str):
    """A coloured badge for a point's status on a day (open, temporarily closed…)."""
    label = Site.Status(status).label if status in Site.Status.values else status
    return format_html(
        '<span class="badge badge-status-{}" data-status="{}">{}</span>', status, status, label
    )


@register.simple_tag
def column_cell(column, row):
    """The cell of a column another app adds to a table of points (`core.panels.columns_for`)."""
    return column.cell(row.pk)
