"""Every write to equipment: one transaction each, audited, domain errors raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange

EQUIPMENT_FIELDS = {"site", "kind", "model", "serial", "acquired_on"}


@transaction.atomic
def equipment_create(
    *,
    actor: Any,
    code: str,
    site: Site,
    kind: str,
    status: str = EquipmentStatus.WORKING,
    status_on: dt.date,
    model: str = "",
    serial: str = "",
    acquired_on: dt.date | None = None,
    source: str = "",
) -> Equipment:
    item = Equipment(
        code=code, site=site, kind=kind, model=model, serial=serial, acquired_on=acquired_on
    )
    item.full_clean()
    item.save()
    EquipmentStatusChange.objects.create(
        equipment=item, status=status, effective_on=status_on, recorded_by=_user(actor)
    )
    after = snapshot(item) | {_("status"): f"{EquipmentStatus(status).label} ({status_on})"}
    audit_record(
        actor=actor, instance=item, action=AuditEntry.Action.CREATE, after=after, source=source
    )
    return item


@transaction.atomic
def equipment_update(*, actor: Any, item: Equipment, source: str = "", **changes: Any) -> Equipment:
    unknown = set(changes) - EQUIPMENT_FIELDS
    if unknown:
        raise TypeError(f"equipment_update got unknown fields {sorted(unknown)}")
    before = snapshot(item)
    for name, value in changes.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor, instance=item, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return item


@transaction.atomic
def equipment_status_change(
    *,
    actor: Any,
    item: Equipment,
    status: str,
    effective_on: dt.date,
    note: str = "",
    source: str = "",
) -> EquipmentStatusChange:
    """From `effective_on` on, the item is in `status`; a second change that day replaces it."""
    if status not in EquipmentStatus.values:
        raise DomainError(_("Unknown status “%(status)s”.") % {"status": status})
    if item.acquired_on and effective_on < item.acquired_on:
        raise DomainError(_("The date is before the item was acquired."))
    existing = item.status_changes.filter(effective_on=effective_on).first()
    if existing and existing.status == status and existing.note == (note or existing.note):
        return existing
    before = {_("status"): _status_label(existing)} if existing else {}
    change, _created = EquipmentStatusChange.objects.update_or_create(
        equipment=item,
        effective_on=effective_on,
        defaults={"status": status, "note": note, "recorded_by": _user(actor)},
    )
    audit_record(
        actor=actor,
        instance=item,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={_("status"): _status_label(change)},
        source=source,
    )
    return change


def _status_label(change: EquipmentStatusChange) -> str:
    return f"{EquipmentStatus(change.status).label} ({change.effective_on:%d/%m/%Y})"


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None
