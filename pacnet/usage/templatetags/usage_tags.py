"""QR codes drawn on the server as inline SVG: cards and passes print with no script."""

import segno
from django import template
from django.utils.safestring import mark_safe

from pacnet.usage.constants import Service

register = template.Library()
SERVICE_LABELS = dict(Service.choices)


@register.filter
def service_label(code: str) -> str:
    """The translated name of a service code ("web" → "web browsing"); unknown codes as is."""
    return SERVICE_LABELS.get(code, code)


@register.simple_tag
def qr(text: str, scale: int = 4):
    """An inline SVG QR code of `text` (our own card and pass codes: no markup in them)."""
    code = segno.make(str(text), error="m", micro=False)
    return mark_safe(code.svg_inline(scale=scale, border=2, svgclass="qr", omitsize=True))
