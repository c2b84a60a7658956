"""Met / at risk / missed: how a figure is judged against the target a plan sets.

An ended year is met or missed. A year in progress is never missed yet: it is at risk when
its trend is below the target (growth of the months ended so far over the same months of the
previous year; share of effective points over those months), met otherwise (on track).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

MET, AT_RISK, MISSED = "met", "at_risk", "missed"


def status_label(status: str | None) -> str:
    labels = {MET: _("met"), AT_RISK: _("at risk"), MISSED: _("missed")}
    return labels.get(status, _("not assessed"))


def judge(value: Fraction | None, target: Decimal, *, year_ended: bool) -> str | None:
    """None when the value is undefined (no previous year, no counted point); exact compare."""
    if value is None:
        return None
    reached = value >= Fraction(target)
    if year_ended:
        return MET if reached else MISSED
    return MET if reached else AT_RISK
