"""Visits and users by gender, age band, group and service, from the rollups.

Guests (no personal data) and paper tallies (no persons) fall under "unknown", so that the
gender and age rows add up to the period's totals. Groups overlap: a person counts in each
group they belong to. Services count sessions (ServiceDay).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from pacnet.indicators.models import ServiceDay, SiteDay, Visit

UNKNOWN = "unknown"
GENDERS = ("female", "male", "other", UNKNOWN)
AGE_BANDS = ("<15", "15-24", "25-59", "60+", UNKNOWN)
GROUPS = ("ethnic_minority", "farmer", "student", "poor_household", "disability", "elderly")


def age_band(birth_year: int | None, on: dt.date) -> str:
    """The age band at the period's end, from the birth year alone."""
    if birth_year is None:
        return UNKNOWN
    age = on.year - birth_year
    if age < 15:
        return "<15"
    if age < 25:
        return "15-24"
    if age < 60:
        return "25-59"
    return "60+"


@dataclass
class Breakdowns:
    gender: dict[str, dict[str, int]]  # key → {"visits": n, "users": n}
    age_band: dict[str, dict[str, int]]
    group: dict[str, dict[str, int]]
    service: dict[str, int]  # service code ("" when not recorded) → sessions


def breakdowns(*, site_ids: Iterable[int], start: dt.date, end: dt.date) -> Breakdowns:
    """Five queries, whatever the number of points and persons."""
    site_ids = list(site_ids)
    visits = Visit.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end)
    tallies = SiteDay.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end).aggregate(
        visits=Coalesce(Sum("tally_visits"), 0), users=Coalesce(Sum("tally_users"), 0)
    )

    gender = {key: {"visits": 0, "users": 0} for key in GENDERS}
    rows = visits.values("patron__gender").annotate(
        visits=Count("pk"), users=Count("person_key", distinct=True)
    )
    for row in rows:
        key = row["patron__gender"] if row["patron__gender"] in GENDERS else UNKNOWN
        _add(gender[key], row)
    _add(gender[UNKNOWN], tallies)

    ages = {key: {"visits": 0, "users": 0} for key in AGE_BANDS}
    # A person has one birth year, so distinct users per birth year add up exactly.
    rows = visits.values("patron__birth_year").annotate(
        visits=Count("pk"), users=Count("person_key", distinct=True)
    )
    for row in rows:
        _add(ages[age_band(row["patron__birth_year"], end)], row)
    _add(ages[UNKNOWN], tallies)

    aggregates = {}
    for name in GROUPS:
        flag = Q(**{f"patron__{name}": True})
        aggregates[f"{name}_visits"] = Count("pk", filter=flag)
        aggregates[f"{name}_users"] = Count("person_key", distinct=True, filter=flag)
    counts = visits.aggregate(**aggregates)
    group = {
        name: {"visits": counts[f"{name}_visits"], "users": counts[f"{name}_users"]}
        for name in GROUPS
    }

    service = dict(
        ServiceDay.objects.filter(site_id__in=site_ids, day__gte=start, day__lte=end)
        .values("service")
        .annotate(n=Sum("sessions"))
        .order_by("service")
        .values_list("service", "n")
    )
    return Breakdowns(gender=gender, age_band=ages, group=group, service=service)


def _add(target: dict[str, int], row: dict) -> None:
    target["visits"] += row["visits"]
    target["users"] += row["users"]
