"""Every write of preventive maintenance: plans with their checklists, and visits.

One transaction each, audited, domain errors raised before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.geography.selectors import today as local_today
from pacnet.inventory.models import Equipment
from pacnet.maintenance.models import (
    MaintenancePlan,
    MaintenanceTask,
    MaintenanceTaskResult,
    MaintenanceVisit,
    TaskOutcome,
)
from pacnet.maintenance.selectors import items_for_visit

CHECKLIST_TERM = gettext_noop("checklist")
RESULTS_TERM = gettext_noop("checklist results")


@transaction.atomic
def maintenance_plan_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    interval_months: int,
    tasks: Iterable[str],
    active: bool = True,
    created_on: dt.date | None = None,
    source: str = "",
) -> MaintenancePlan:
    plan = MaintenancePlan(
        name=name.strip(),
        kind=kind,
        interval_months=interval_months,
        active=active,
        created_on=created_on or local_today(),
    )
    plan.full_clean()
    lines = _checklist_lines(tasks)
    plan.save()
    MaintenanceTask.objects.bulk_create(
        MaintenanceTask(plan=plan, position=n, text=text) for n, text in enumerate(lines, 1)
    )
    audit_record(
        actor=actor,
        instance=plan,
        action=AuditEntry.Action.CREATE,
        after=snapshot(plan) | {CHECKLIST_TERM: "\n".join(lines)},
        source=source,
    )
    return plan


@transaction.atomic
def maintenance_plan_update(
    *,
    actor: Any,
    plan: MaintenancePlan,
    name: str,
    kind: str,
    interval_months: int,
    active: bool,
    tasks: Iterable[str],
    source: str = "",
) -> MaintenancePlan:
    """Set the plan and its checklist; a line taken off that a visit answered is retired."""
    current = list(plan.tasks.filter(active=True))
    before = snapshot(plan) | {CHECKLIST_TERM: "\n".join(t.text for t in current)}
    if kind != plan.kind and plan.visits.exists():
        raise DomainError(
            {"kind": _("Visits were recorded under this plan: its kind of item cannot change.")}
        )
    plan.name, plan.kind = name.strip(), kind
    plan.interval_months, plan.active = interval_months, active
    plan.full_clean()
    lines = _checklist_lines(tasks)
    plan.save()
    _checklist_replace(plan, lines)
    audit_record(
        actor=actor,
        instance=plan,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(plan) | {CHECKLIST_TERM: "\n".join(lines)},
        source=source,
    )
    return plan


def _checklist_lines(tasks: Iterable[str]) -> list[str]:
    lines = list(dict.fromkeys(t.strip() for t in tasks if t and t.strip()))
    if not lines:
        raise DomainError({"tasks": _("Write at least one task, one per line.")})
    too_long = [t for t in lines if len(t) > MaintenanceTask._meta.get_field("text").max_length]
    if too_long:
        raise DomainError({"tasks": _("A task is longer than 200 characters.")})
    return lines


def _checklist_replace(plan: MaintenancePlan, lines: list[str]) -> None:
    """Keep the tasks whose text is unchanged (their results stay theirs), add the new ones."""
    existing = {t.text: t for t in plan.tasks.all()}
    for position, text in enumerate(lines, 1):
        task = existing.pop(text, None) or MaintenanceTask(plan=plan, text=text)
        task.position, task.active = position, True
        task.save()
    answered = set(
        MaintenanceTaskResult.objects.filter(task__in=existing.values()).values_list(
            "task_id", flat=True
        )
    )
    for task in existing.values():
        if task.pk in answered:
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()


@transaction.atomic
def maintenance_visit_record(
    *,
    actor: Any,
    site: Site,
    plan: MaintenancePlan,
    visited_on: dt.date,
    results: dict[int, str],
    items: Iterable[Equipment] | None = None,
    done_by_name: str = "",
    note: str = "",
    source: str = "",
) -> MaintenanceVisit:
    """Record a visit; `results` maps task ids to outcomes (unanswered tasks are left out).

    `items` defaults to every item of the plan's kind in service at the point that day.
    """
    _visit_day_check(site=site, plan=plan, visited_on=visited_on)
    answers = _answers(plan, results)
    covered = _covered(site, plan, visited_on, items)
    visit = MaintenanceVisit(
        site=site,
        plan=plan,
        visited_on=visited_on,
        done_by=actor if getattr(actor, "pk", None) else None,
        done_by_name=done_by_name.strip(),
        note=note.strip(),
    )
    visit.full_clean(exclude=["site", "plan", "done_by"], validate_unique=False)
    visit.save()
    visit.items.set(covered)
    MaintenanceTaskResult.objects.bulk_create(
        MaintenanceTaskResult(visit=visit, task=task, outcome=outcome) for task, outcome in answers
    )
    with translation.override(None):
        ticked = "\n".join(f"{t.text}: {TaskOutcome(o).label}" for t, o in answers)
    audit_record(
        actor=actor,
        instance=visit,
        action=AuditEntry.Action.CREATE,
        after=snapshot(visit) | {RESULTS_TERM: ticked},
        source=source,
    )
    return visit


def _visit_day_check(*, site: Site, plan: MaintenancePlan, visited_on: dt.date) -> None:
    """Errors name the date field, so that the form shows them next to it."""
    if not plan.active:
        raise DomainError(_("This maintenance plan is no longer in use."))
    if visited_on > local_today():
        raise DomainError({"visited_on": _("The visit date is in the future.")})
    if visited_on < site.opened_on:
        raise DomainError({"visited_on": _("The point was not open yet on that date.")})
    if site.closed_on and visited_on > site.closed_on:
        raise DomainError({"visited_on": _("The point was already closed on that date.")})
    if MaintenanceVisit.objects.filter(site=site, plan=plan, visited_on=visited_on).exists():
        raise DomainError(
            {"visited_on": _("A visit under this plan is already recorded on that date.")}
        )


def _answers(plan: MaintenancePlan, results: dict[int, str]) -> list[tuple[MaintenanceTask, str]]:
    tasks = {t.pk: t for t in plan.tasks.filter(active=True)}
    unknown = set(results) - set(tasks)
    if unknown:
        raise DomainError(_("A task is not on this plan's checklist."))
    answers = []
    for task_id, outcome in results.items():
        if not outcome:
            continue
        if outcome not in TaskOutcome.values:
            raise DomainError(_("Unknown answer “%(outcome)s”.") % {"outcome": outcome})
        answers.append((tasks[task_id], outcome))
    if not answers:
        raise DomainError(_("Answer at least one task of the checklist."))
    return sorted(answers, key=lambda a: a[0].position)


def _covered(
    site: Site, plan: MaintenancePlan, day: dt.date, items: Iterable[Equipment] | None
) -> list[Equipment]:
    in_service = list(items_for_visit(site, plan, day))
    if items is None:
        chosen = in_service
    else:
        allowed = {i.pk for i in in_service}
        chosen = list(items)
        if any(i.pk not in allowed for i in chosen):
            raise DomainError({"items": _("An item is not in service at this point on that date.")})
    if not chosen:
        raise DomainError({"items": _("Choose at least one item the visit covered.")})
    return chosen
