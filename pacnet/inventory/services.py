"""Every write to equipment: one transaction each, audited, domain errors raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import day_check
from pacnet.geography.models import Site
from pacnet.inventory.models import (
    ComputerProfile,
    Equipment,
    EquipmentStatus,
    EquipmentStatusChange,
)
from pacnet.inventory.selectors import equipment_status_undoable

REGISTER_FIELDS = {"funding_source", "acquisition_cost", "warranty_ends_on", "end_of_life_on"}
EQUIPMENT_FIELDS = {"site", "kind", "model", "serial", "acquired_on"} | REGISTER_FIELDS
PROFILE_FIELDS = (
    "cpu",
    "ram_mb",
    "disk_gb",
    "os",
    "os_version",
    "office_suite",
    "antivirus",
    "accessibility_tools",
)
NUMBER_FIELDS = ("ram_mb", "disk_gb")


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
    funding_source: str = "",
    acquisition_cost: int | None = None,
    warranty_ends_on: dt.date | None = None,
    end_of_life_on: dt.date | None = None,
    source: str = "",
) -> Equipment:
    item = Equipment(
        code=code,
        site=site,
        kind=kind,
        model=model,
        serial=serial,
        acquired_on=acquired_on,
        funding_source=funding_source,
        acquisition_cost=acquisition_cost,
        warranty_ends_on=warranty_ends_on,
        end_of_life_on=end_of_life_on,
    )
    item.full_clean()
    if status not in EquipmentStatus.values:
        raise DomainError({"status": _("Unknown status “%(status)s”.") % {"status": status}})
    day_check("acquired_on", acquired_on)
    day_check("status_on", status_on)
    _check_after_acquisition(acquired_on, status_on, "status_on")
    item.save()
    EquipmentStatusChange.objects.create(
        equipment=item, status=status, effective_on=status_on, recorded_by=_user(actor)
    )
    after = snapshot(item) | _status_terms(status, status_on)
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
    equipment_acquisition_check(item=item, acquired_on=item.acquired_on)
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
    # Errors name their field, so that forms show them next to it.
    if status not in EquipmentStatus.values:
        raise DomainError({"status": _("Unknown status “%(status)s”.") % {"status": status}})
    equipment_status_day_check(item=item, effective_on=effective_on)
    existing = item.status_changes.filter(effective_on=effective_on).first()
    if existing and existing.status == status and existing.note == (note or existing.note):
        return existing
    before = _status_terms(existing.status, existing.effective_on) if existing else {}
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
        after=_status_terms(change.status, change.effective_on),
        source=source,
    )
    return change


@transaction.atomic
def equipment_status_undo(
    *, actor: Any, change: EquipmentStatusChange, source: str = ""
) -> EquipmentStatusChange | None:
    """Take back a status tapped by mistake: the item has the status it had before again.

    Only the item's latest change, by the same person, in the minutes after; not one a fault's
    step recorded (that is undone on the fault). Returns the change now in force, if any.
    """
    change = EquipmentStatusChange.objects.select_for_update().get(pk=change.pk)
    item = change.equipment
    if not equipment_status_undoable(change, actor):
        raise DomainError(_("This change can no longer be undone: record the status again."))
    # A fault's step records the item's status too: undoing it here would split them.
    since = change.recorded_at - dt.timedelta(minutes=1)
    if item.faults.filter(events__at__gte=since).exists():
        raise DomainError(_("This status came with a fault's step: see the fault instead."))
    before = _status_terms(change.status, change.effective_on)
    change.delete()
    previous = item.status_changes.order_by("-effective_on").first()
    after = _status_terms(previous.status, previous.effective_on) if previous else {}
    audit_record(
        actor=actor,
        instance=item,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=after,
        source=source,
    )
    return previous


@transaction.atomic
def computer_profile_update(
    *, actor: Any, item: Equipment, profile_source: str, source: str = "", **fields: Any
) -> ComputerProfile:
    """Set the given profile fields of a computer (the others are kept); same values, no write.

    `profile_source` says who knows: "manual", "import" or "kiosk" (the kiosk's heartbeats).
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"computer_profile_update got unknown fields {sorted(unknown)}")
    if item.kind != Equipment.Kind.COMPUTER:
        raise DomainError(_("Only a computer has a hardware and software profile."))
    if profile_source not in ComputerProfile.Source.values:
        raise DomainError(_("Unknown profile source “%(source)s”.") % {"source": profile_source})
    profile = ComputerProfile.objects.filter(equipment=item).first()
    if profile is None:
        profile = ComputerProfile(equipment=item)
        before = {}
    else:
        before = _profile_terms(profile)
    for name, value in fields.items():
        setattr(profile, name, "" if value is None and name not in NUMBER_FIELDS else value)
    after = _profile_terms(profile)
    if not profile._state.adding and after == before:
        return profile
    profile.source = profile_source
    profile.full_clean(exclude=["equipment"])
    profile.save()
    audit_record(
        actor=actor,
        instance=item,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=after,
        source=source,
    )
    return profile


def equipment_acquisition_check(*, item: Equipment, acquired_on: dt.date | None) -> None:
    """Refuse an acquisition date to come, or after a status the item already has on record."""
    day_check("acquired_on", acquired_on)
    if not (acquired_on and item.pk):
        return
    days = item.status_changes.order_by("effective_on").values_list("effective_on", flat=True)
    first = days.first()
    if first and first < acquired_on:
        raise DomainError(
            {"acquired_on": _("The item already has a status recorded before this date.")}
        )


def equipment_status_day_check(*, item: Equipment, effective_on: dt.date) -> None:
    """Refuse a status on a day to come, implausibly old or before the item was acquired."""
    day_check("effective_on", effective_on)
    _check_after_acquisition(item.acquired_on, effective_on, "effective_on")


def _check_after_acquisition(acquired_on: dt.date | None, day: dt.date, field: str) -> None:
    if acquired_on and day < acquired_on:
        raise DomainError({field: _("The date is before the item was acquired.")})


def _status_terms(status: str, day: dt.date) -> dict[str, str]:
    """The audit wording of a status change: English message ids, the reader translates."""
    with translation.override(None):
        return {
            gettext_noop("status"): str(EquipmentStatus(status).label),
            gettext_noop("effective on"): day.isoformat(),
        }


def _profile_terms(profile: ComputerProfile) -> dict[str, str]:
    """The profile in the audit trail: English field names, the reader translates."""
    with translation.override(None):
        return {
            str(ComputerProfile._meta.get_field(name).verbose_name): (
                "" if getattr(profile, name) is None else str(getattr(profile, name))
            )
            for name in PROFILE_FIELDS
        }


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None
