"""Every write to plans: one transaction each, audited; plan periods never overlap."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.plans.models import Plan

# Targets and thresholds a plan may set; BRIEF.md's values are the model's defaults.
PLAN_SETTINGS = frozenset(Plan.SETTINGS)
PLAN_FIELDS = PLAN_SETTINGS | {"name", "reference", "start", "end"}


def plan_overlap_check(*, start: dt.date, end: dt.date, exclude_pk: int | None = None) -> None:
    """One plan in force on any day: refuse a period overlapping another plan's."""
    others = Plan.objects.filter(start__lte=end, end__gte=start)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.order_by("start").first()
    if other is not None:
        raise DomainError(
            {
                "start": _("This period overlaps the plan “%(plan)s” (%(start)s–%(end)s).")
                % {
                    "plan": other.name,
                    "start": other.start.strftime("%d/%m/%Y"),
                    "end": other.end.strftime("%d/%m/%Y"),
                }
            }
        )


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    name: str,
    start: dt.date,
    end: dt.date,
    reference: str = "",
    source: str = "",
    **settings: Any,
) -> Plan:
    unknown = set(settings) - PLAN_SETTINGS
    if unknown:
        raise TypeError(f"plan_create got unknown settings {sorted(unknown)}")
    plan = Plan(name=name, reference=reference, start=start, end=end, **settings)
    plan.full_clean()
    plan_overlap_check(start=start, end=end)
    plan.save()
    audit_record(actor=actor, instance=plan, action=AuditEntry.Action.CREATE, source=source)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, source: str = "", **changes: Any) -> Plan:
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"plan_update got unknown fields {sorted(unknown)}")
    before = snapshot(plan)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan_overlap_check(start=plan.start, end=plan.end, exclude_pk=plan.pk)
    plan.save()
    audit_record(
        actor=actor, instance=plan, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return plan
