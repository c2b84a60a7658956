"""Plan settings shown as people typed them: ratios as percents, in the reader's language."""

from django import template
from django.utils import formats

from pacnet.plans.forms import as_percent

register = template.Library()


@register.filter
def percent(ratio) -> str:
    """0.0550 → "5,5" in Vietnamese, "5.5" in English (the template adds the % sign)."""
    value = as_percent(ratio)
    return "" if value is None else formats.number_format(value)
