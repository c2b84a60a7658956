"""Filters for money and line speeds: `{{ cost|vnd }}`, `{{ line.download_kbps|mbps }}`."""

from django import template

from pacnet.core.formatting import line_speed, money

register = template.Library()
register.filter("vnd", money)
register.filter("mbps", line_speed)
