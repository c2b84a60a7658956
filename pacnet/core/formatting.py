"""How pacnet writes money and line speeds, the same in every language and on every page."""

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"  # the figure and its unit stay on one line


def money(amount) -> str:
    """12500000 -> "12.500.000 đ": Vietnamese đồng with dots for thousands, in both languages."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}{NBSP}đ".replace(",", ".")


def line_speed(kbps) -> str:
    """A speed in kbit/s, written in Mbit/s (the forms' unit): 512 -> "0,512 Mbit/s" (vi)."""
    if kbps in (None, ""):
        return ""
    mbps = (Decimal(kbps) / 1000).normalize()
    return (
        f"{number_format(mbps, decimal_pos=None, use_l10n=True, force_grouping=True)}{NBSP}Mbit/s"
    )
