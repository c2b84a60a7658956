"""The plan in force and the targets and thresholds it sets (BRIEF.md's defaults without one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from pacnet.plans.models import Plan


@dataclass(frozen=True)
class Thresholds:
    """What a year is judged against: a plan's settings, or BRIEF.md's defaults."""

    users_growth_min: Decimal = Decimal("0.03")
    visits_growth_min: Decimal = Decimal("0.05")
    visits_growth_max: Decimal = Decimal("0.07")
    effective_share_min: Decimal = Decimal("0.80")
    effective_share_max: Decimal = Decimal("1.00")
    days_with_visit_min: int = 15
    working_ratio_min: Decimal = Decimal("0.60")
    effective_months_share: Decimal = Decimal("0.75")
    plan: Plan | None = None

    @classmethod
    def of(cls, plan: Plan | None) -> Thresholds:
        if plan is None:
            return cls()
        return cls(
            users_growth_min=plan.users_growth_min,
            visits_growth_min=plan.visits_growth_min,
            visits_growth_max=plan.visits_growth_max,
            effective_share_min=plan.effective_share_min,
            effective_share_max=plan.effective_share_max,
            days_with_visit_min=plan.days_with_visit_min,
            working_ratio_min=plan.working_ratio_min,
            effective_months_share=plan.effective_months_share,
            plan=plan,
        )


def plan_in_force(day: dt.date) -> Plan | None:
    """The plan whose period contains the day (plans do not overlap: see plan services)."""
    return Plan.objects.filter(start__lte=day, end__gte=day).order_by("-start").first()


def plan_for_year(year: int) -> Plan | None:
    """The plan in force on the year's last day; else the plan overlapping the year that ends last.

    A plan that starts in September (484/KH-UBND, 13/09/2017) thus governs its first year,
    and a plan that ends in June still governs a year no later plan covers.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        Plan.objects.filter(Q(start__lte=last) & Q(end__gte=first))
        .order_by("-end", "-start")
        .first()
    )


def thresholds_for_year(year: int) -> Thresholds:
    return Thresholds.of(plan_for_year(year))


def plans_latest_first() -> QuerySet[Plan]:
    return Plan.objects.order_by("-start")


def years_governed(plan: Plan) -> list[int]:
    """The years whose figures are judged against the plan (see plan_for_year)."""
    years = range(plan.start.year, plan.end.year + 1)
    return [year for year in years if plan_for_year(year) == plan]


def plan_summaries() -> list[dict]:
    """Every plan, latest first, with its period and settings as JSON takes them (numbers)."""
    return [
        {
            "id": plan.pk,
            "name": plan.name,
            "reference": plan.reference,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            **{name: _number(getattr(plan, name)) for name in Plan.SETTINGS},
        }
        for plan in plans_latest_first()
    ]


def _number(value: Decimal | int) -> float | int:
    return float(value) if isinstance(value, Decimal) else value
