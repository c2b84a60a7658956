"""The indicators judged against the plan: each one's target, and the rule shown with its status.

The judgement itself (met / at risk / missed) is the plan's: `pacnet.plans.status`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from pacnet.plans.selectors import Thresholds

INDICATORS = ("users_growth", "visits_growth", "effective_share")


def targets(thresholds: Thresholds) -> dict[str, Decimal]:
    return {
        "users_growth": thresholds.users_growth_min,
        "visits_growth": thresholds.visits_growth_min,
        "effective_share": thresholds.effective_share_min,
    }


def _percent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f} %"


def indicator_rules(thresholds: Thresholds) -> dict[str, str]:
    """Per indicator, the rule in one translated line (shown on hover in the dashboard)."""
    t = thresholds
    return {
        "users_growth": _(
            "Met when users grow by at least %(min)s on the previous year, missed otherwise; "
            "while the year "
            "is running, at risk when the months ended so far grow less than that on the same "
            "months of the previous year."
        )
        % {"min": _percent(t.users_growth_min)},
        "visits_growth": _(
            "Met when visits grow by at least %(min)s on the previous year (target "
            "%(min)s–%(max)s), missed otherwise; while the year is running, at risk when "
            "the months ended so far grow less than %(min)s on the same months of the previous "
            "year."
        )
        % {"min": _percent(t.visits_growth_min), "max": _percent(t.visits_growth_max)},
        "effective_share": _(
            "Met when at least %(min)s of the counted points are effective (a point is "
            "effective when at least %(months)s of its counted months had at least "
            "%(days)s days with a visit and at least %(ratio)s of its computers working), "
            "missed otherwise; "
            "while the year is running, at risk when the share over the months ended so far "
            "is lower."
        )
        % {
            "min": _percent(t.effective_share_min),
            "months": _percent(t.effective_months_share),
            "days": t.days_with_visit_min,
            "ratio": _percent(t.working_ratio_min),
        },
    }
