"""Display helpers of the Internet line pages: availability as a percent, the benchmark badge."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pacnet.core.formatting import line_speed
from pacnet.core.tables import percent_text

register = template.Library()


@register.filter
def as_percent(value, digits: int = 1) -> str:
    """0.9876 → "98,8 %" (in the language's number format); "–" when there is no figure."""
    if value is None:
        return "–"
    return percent_text(value, places=int(digits))


@register.simple_tag
def benchmark_badge(share, benchmark: int):
    """Green when each computer gets at least the benchmark, amber when it gets less."""
    if share is None or share.per_computer_kbps is None:
        return ""
    if share.below_benchmark:
        css, text = "text-bg-warning", _("below %(speed)s per computer")
    else:
        css, text = "text-bg-success", _("at least %(speed)s per computer")
    return format_html(
        '<span class="badge text-wrap text-start {}" data-benchmark="{}">{}</span>',
        css,
        "below" if share.below_benchmark else "meets",
        text % {"speed": line_speed(benchmark)},
    )
