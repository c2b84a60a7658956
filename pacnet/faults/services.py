"""Every write to faults and repairs: one transaction each, audited, domain errors raised.

A fault's transitions also record the equipment's status through
`inventory.services.equipment_status_change`, so that the working computers follow:
reported by a person -> faulty, in repair -> under repair, fixed -> working,
written off -> retired, replaced -> the old item retired (and the new one working).
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import warnings
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps, UnidentifiedImageError

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import day_check, moment_check
from pacnet.faults import selectors
from pacnet.faults.models import (
    CLOSED_STATUSES,
    TRANSITIONS,
    Fault,
    FaultEvent,
    FaultStatus,
    Repair,
)
from pacnet.geography.models import Site
from pacnet.inventory import services as inventory
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_code_suggestion, equipment_status_on
from pacnet.kiosk.selectors.board import not_reporting_after

AUTOMATIC_SOURCE = "automatic"
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_INFO_KEPT = {"icc_profile", "transparency", "dpi", "duration", "loop"}
PHOTO_MAX_SIDE = 2000  # pixels: a repair needs no more, and slow lines show it sooner
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
# The equipment status each transition records (none: the item's status is left alone).
ITEM_STATUS_AFTER = {
    FaultStatus.REPORTED: EquipmentStatus.FAULTY,
    FaultStatus.IN_REPAIR: EquipmentStatus.UNDER_REPAIR,
    FaultStatus.FIXED: EquipmentStatus.WORKING,
    FaultStatus.REPLACED: EquipmentStatus.RETIRED,
    FaultStatus.WRITTEN_OFF: EquipmentStatus.RETIRED,
}
# The item kind a fault's category defaults to (everything else: hardware).
CATEGORY_OF_KIND = {
    Equipment.Kind.USB_MODEM: Fault.Category.INTERNET_LINE,
    Equipment.Kind.ROUTER: Fault.Category.INTERNET_LINE,
    Equipment.Kind.UPS: Fault.Category.POWER,
}


def fault_category_for(item: Equipment | None) -> str:
    """The category a report starts with: from the item's kind, Internet line without an item."""
    if item is None:
        return Fault.Category.INTERNET_LINE
    return CATEGORY_OF_KIND.get(item.kind, Fault.Category.HARDWARE)


def fault_photo_check(photo: UploadedFile) -> tuple[ContentFile, str]:
    """Refuse a photo over 5 MB, over 40 MP or that is not a picture; returns it re-encoded.

    The copy kept has no EXIF (a phone's GPS position, the owner's name), the orientation
    applied, and at most 2000 px a side (read over slow lines); the format is kept.
    """
    if photo.size > PHOTO_MAX_BYTES:
        raise DomainError({"photo": _("The photo is larger than 5 MB. Take a smaller one.")})
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two limits: a warning refuses the file too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            photo.seek(0)
            with Image.open(photo) as image:
                image_format = image.format
                _refuse_too_many_pixels(image)
                image.verify()
            photo.seek(0)
            with Image.open(photo) as image:
                content = _photo_reencoded(image, image_format)
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DomainError({"photo": _too_many_pixels()}) from error
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
    ) as error:
        raise DomainError({"photo": _not_a_photo()}) from error
    finally:
        photo.seek(0)
    return content, PHOTO_FORMATS[image_format]


def _not_a_photo() -> str:
    return _("This file is not a photo (JPEG, PNG, WebP or GIF).")


def _refuse_too_many_pixels(image: Image.Image) -> None:
    """The header's size, before any pixel is decoded: a tiny file may claim 30000×30000."""
    if image.format not in PHOTO_FORMATS:
        raise DomainError({"photo": _not_a_photo()})
    width, height = image.size
    if width * height > PHOTO_MAX_PIXELS:
        raise DomainError({"photo": _too_many_pixels()})


def _too_many_pixels() -> str:
    return _("The photo has too many pixels (at most 40 megapixels). Take a smaller one.")


def _photo_reencoded(image: Image.Image, image_format: str) -> ContentFile:
    image.load()
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    # Pillow writes some of `info` back (a JPEG or GIF comment): keep only what renders it.
    upright.info = {k: v for k, v in upright.info.items() if k in PHOTO_INFO_KEPT}
    buffer = io.BytesIO()
    # Saved without exif=…: Pillow writes no EXIF block unless it is given one.
    options = {"quality": 85, "optimize": True} if image_format == "JPEG" else {}
    upright.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def fault_report(
    *,
    actor: Any,
    site: Site,
    description: str,
    equipment: Equipment | None = None,
    category: str = "",
    photo: UploadedFile | None = None,
    source: str = "",
    fault_source: str = Fault.Source.PERSON,
    rule: str = "",
    at: dt.datetime | None = None,
) -> Fault:
    """A new fault on an item (or on the point itself); a person's report marks the item faulty."""
    at = at or timezone.now()
    moment_check("reported_at", at)
    if equipment is not None and equipment.site_id != site.pk:
        raise DomainError({"equipment": _("This item is not at this access point.")})
    if equipment is not None and equipment_status_on(equipment, timezone.localdate(at)) in (
        None,
        EquipmentStatus.RETIRED,
    ):
        raise DomainError({"equipment": _("This item is not in service.")})
    description = (description or "").strip()
    if not description:
        raise DomainError({"description": _("Say in a few words what happened.")})
    category = category or fault_category_for(equipment)
    if category not in Fault.Category.values:
        raise DomainError({"category": _("Unknown category “%(c)s”.") % {"c": category}})
    fault = Fault(
        site=site,
        equipment=equipment,
        category=category,
        description=description,
        source=fault_source,
        rule=rule,
        reported_by=_user(actor),
        reported_at=at,
        status=FaultStatus.REPORTED,
    )
    content, extension = fault_photo_check(photo) if photo else (None, "")
    # The automatic rules check their constraints themselves; the database keeps them too.
    fault.full_clean(exclude=["photo"], validate_constraints=False)
    fault.save()
    _event(fault, FaultStatus.REPORTED, "", actor, at, "")
    # A silent computer may just be unused: only a technician's visit changes its status.
    if fault_source == Fault.Source.PERSON:
        _item_status(fault, FaultStatus.REPORTED, actor, at, source)
    if photo:
        # Last, so that a refusal above leaves no file; a name of our own, as the phone's
        # file name may carry a person's name.
        fault.photo.save(f"{uuid.uuid4().hex}{extension}", content, save=True)
    after = snapshot(fault)
    # The stored path is not for the audit trail: it would leak to whoever reads it.
    after[_audit_label(Fault, "photo")] = gettext_noop("photo attached") if fault.photo else ""
    try:
        audit_record(
            actor=actor,
            instance=fault,
            action=AuditEntry.Action.CREATE,
            after=after,
            source=source,
        )
    except Exception:
        fault.photo.delete(save=False)
        raise
    return fault


@transaction.atomic
def fault_assign(
    *,
    actor: Any,
    fault: Fault,
    technician: Any,
    note: str = "",
    source: str = "",
    at: dt.datetime | None = None,
) -> Fault:
    """Name the technician who will see to the fault (again, to hand it to someone else)."""
    if technician is None or not user_may(technician, Action.CHANGE, fault):
        raise DomainError(
            {"technician": _("This person cannot repair faults at this access point.")}
        )
    return _move(fault, FaultStatus.ASSIGNED, actor, note, source, at, technician=technician)


@transaction.atomic
def fault_repair_start(
    *, actor: Any, fault: Fault, note: str = "", source: str = "", at: dt.datetime | None = None
) -> Fault:
    """The technician has the item in hand: it is under repair from today."""
    return _move(fault, FaultStatus.IN_REPAIR, actor, note, source, at)


@transaction.atomic
def fault_close(
    *,
    actor: Any,
    fault: Fault,
    outcome: str,
    note: str = "",
    replacement: dict[str, Any] | None = None,
    repair: dict[str, Any] | None = None,
    source: str = "",
    at: dt.datetime | None = None,
) -> Fault:
    """Fixed, replaced or written off. A replacement may name the new item to register.

    `replacement` holds equipment_create's fields for the new item (code, model, serial,
    acquisition_cost, warranty_ends_on, funding_source); a missing code gets the next free one.
    `repair` holds repair_record's fields (done_by, cost, parts, vendor) of a fixed fault's
    repair, recorded on the day it is closed.
    """
    if outcome not in CLOSED_STATUSES:
        raise DomainError({"outcome": _("Choose fixed, replaced or written off.")})
    if replacement is not None and outcome != FaultStatus.REPLACED:
        raise DomainError(_("Only a replaced item has a new item."))
    if repair is not None and outcome != FaultStatus.FIXED:
        raise DomainError(_("Only a fault closed as fixed records its repair here."))
    if repair is not None and not (repair.get("done_by") or "").strip():
        raise DomainError({"done_by": _("Say who repaired it (a person or a shop).")})
    fault = _move(fault, outcome, actor, note, source, at)
    if replacement is not None and fault.equipment_id:
        fault.replacement = _replacement_create(fault, actor, replacement, source, at)
        fault.save(update_fields=["replacement"])
    if repair is not None:
        # In the same transaction: a refused repair leaves the fault open.
        repair_record(
            actor=actor,
            fault=fault,
            kind=Repair.Kind.REPAIR,
            done_on=timezone.localdate(fault.closed_at),
            outcome=note,
            source=source,
            **repair,
        )
    return fault


def _move(
    fault: Fault,
    status: str,
    actor: Any,
    note: str,
    source: str,
    at: dt.datetime | None,
    technician: Any = None,
) -> Fault:
    at = at or timezone.now()
    related = ("equipment", "site", "reported_by", "assigned_to", "replacement")
    fault = Fault.objects.select_for_update(of=("self",)).select_related(*related).get(pk=fault.pk)
    if status not in TRANSITIONS[fault.status]:
        raise DomainError(
            _("A fault that is “%(now)s” cannot become “%(next)s”.")
            % {"now": fault.get_status_display(), "next": FaultStatus(status).label}
        )
    if at < fault.reported_at:
        raise DomainError(_("This is before the fault was reported."))
    moment_check("at", at)
    before = snapshot(fault)
    previous = fault.status
    fault.status = status
    if technician is not None:
        fault.assigned_to = technician
    if status in CLOSED_STATUSES:
        fault.closed_at = at
    fault.save()
    _event(fault, status, previous, actor, at, note, technician)
    audit_record(
        actor=actor, instance=fault, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    _item_status(fault, status, actor, at, source, note)
    return fault


def _item_status(
    fault: Fault, status: str, actor: Any, at: dt.datetime, source: str, note: str = ""
) -> None:
    """Record the item's status that the fault's new status implies, when it changes."""
    target = ITEM_STATUS_AFTER.get(status)
    if target is None or fault.equipment_id is None:
        return
    item = fault.equipment
    day = timezone.localdate(at)
    current = equipment_status_on(item, day)
    if current == target or current == EquipmentStatus.RETIRED:
        return
    # An item already out of order stays as it is when one more fault is reported on it.
    if status == FaultStatus.REPORTED and current != EquipmentStatus.WORKING:
        return
    text = _("Fault #%(id)s: %(text)s") % {"id": fault.pk, "text": note or fault.description}
    inventory.equipment_status_change(
        actor=actor, item=item, status=target, effective_on=day, note=text[:300], source=source
    )


def _replacement_create(
    fault: Fault, actor: Any, fields: dict[str, Any], source: str, at: dt.datetime | None
) -> Equipment:
    old = fault.equipment
    day = timezone.localdate(at) if at else timezone.localdate()
    values = {k: v for k, v in fields.items() if v not in (None, "")}
    code = values.pop("code", "") or equipment_code_suggestion(old.site, old.kind)
    return inventory.equipment_create(
        actor=actor,
        code=code,
        site=old.site,
        kind=old.kind,
        status_on=day,
        acquired_on=day,
        source=source,
        **values,
    )


def _event(fault, status, previous, actor, at, note, technician=None) -> FaultEvent:
    return FaultEvent.objects.create(
        fault=fault,
        status=status,
        from_status=previous,
        actor=_user(actor),
        at=at,
        note=(note or "")[:500],
        assigned_to=technician,
    )


@transaction.atomic
def repair_record(
    *,
    actor: Any,
    kind: str,
    done_on: dt.date,
    done_by: str,
    fault: Fault | None = None,
    equipment: Equipment | None = None,
    vendor: str = "",
    parts: str = "",
    cost: int | None = None,
    under_warranty: bool | None = None,
    outcome: str = "",
    profile: dict[str, Any] | None = None,
    source: str = "",
) -> Repair:
    """A repair, replacement or upgrade on a fault's item, or on an item without a fault.

    Under warranty defaults to "the item's warranty had not ended on that day". An upgrade
    sets the given profile fields of the computer through computer_profile_update.
    """
    if fault is not None:
        equipment = equipment or fault.equipment
        if fault.equipment_id and equipment.pk != fault.equipment_id:
            raise DomainError({"equipment": _("This is not the item of the fault.")})
    if fault is None and equipment is None:
        raise DomainError({"equipment": _("Choose the item that was repaired.")})
    site = fault.site if fault is not None else equipment.site
    if under_warranty is None:
        ends = equipment.warranty_ends_on if equipment else None
        under_warranty = bool(ends and done_on <= ends)
    profile = {k: v for k, v in (profile or {}).items() if v not in (None, "")}
    upgrade = kind in (Repair.Kind.UPGRADE_HARDWARE, Repair.Kind.UPGRADE_SOFTWARE)
    if profile and not upgrade:
        raise DomainError(_("Only an upgrade changes the computer's profile."))
    repair = Repair(
        site=site,
        fault=fault,
        equipment=equipment,
        kind=kind,
        done_on=done_on,
        done_by=(done_by or "").strip(),
        vendor=vendor,
        parts=parts,
        cost=cost,
        under_warranty=under_warranty,
        outcome=outcome,
        profile_changes=profile,
        recorded_by=_user(actor),
    )
    repair.full_clean()
    day_check("done_on", done_on)
    if fault is not None and done_on < timezone.localdate(fault.reported_at):
        raise DomainError({"done_on": _("This is before the fault was reported.")})
    if equipment is not None and equipment.acquired_on and done_on < equipment.acquired_on:
        raise DomainError({"done_on": _("The date is before the item was acquired.")})
    repair.save()
    audit_record(actor=actor, instance=repair, action=AuditEntry.Action.CREATE, source=source)
    if profile:
        inventory.computer_profile_update(
            actor=actor, item=equipment, profile_source="manual", source=source, **profile
        )
    return repair


def _audit_label(model, name: str) -> str:
    """A field's label as the audit trail stores it (the English message id)."""
    with translation.override(None):
        return str(model._meta.get_field(name).verbose_name)


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None


# --- Automatic faults ------------------------------------------------------------------


@transaction.atomic
def faults_raise_automatic(*, today: dt.date, days: int | None = None) -> list[Fault]:
    """A "computer silent" fault for each working computer with no session for `days` days,
    or whose kiosk has not reported for PACNET_KIOSK_NOT_REPORTING_HOURS.

    Raised once: never a second while one is open.
    """
    days = days or settings.PACNET_SILENT_DAYS
    if days < 1:
        raise DomainError(_("The number of days must be at least 1."))
    raised = []
    # Raised now; for a past day (a late run, a test), at the start of that day.
    at = timezone.now() if today == timezone.localdate() else selectors.day_start(today)
    kiosk_silent_before = at - not_reporting_after()
    for item in selectors.silent_computers(
        today=today, days=days, kiosk_silent_before=kiosk_silent_before
    ):
        kiosk_silent = (
            item.kiosk_last_seen is not None and item.kiosk_last_seen < kiosk_silent_before
        )
        raised.append(
            fault_report(
                actor=None,
                site=item.site,
                equipment=item,
                category=Fault.Category.HARDWARE,
                description=(
                    _kiosk_silent_text(item.kiosk_last_seen) if kiosk_silent else _silent_text(days)
                ),
                fault_source=Fault.Source.AUTOMATIC,
                rule=Fault.Rule.SILENT_COMPUTER,
                source=AUTOMATIC_SOURCE,
                at=at,
            )
        )
    return raised


def _silent_text(days: int) -> str:
    # Stored text, read at the point: in the site's language, whoever runs the command.
    with translation.override(settings.LANGUAGE_CODE):
        return _("No session on this computer for %(days)d days.") % {"days": days}


def _kiosk_silent_text(last_seen: dt.datetime) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The kiosk of this computer has not reported since %(time)s.") % {
            "time": timezone.localtime(last_seen).strftime("%d/%m/%Y %H:%M")
        }


@transaction.atomic
def fault_raise_for_line_outage(*, site: Site, started_at: dt.datetime, note: str = "") -> Fault:
    """The point's open Internet line fault, raised now if there is none (one per point)."""
    Site.objects.select_for_update().get(pk=site.pk)  # two outages at once raise one fault
    existing = selectors.open_internet_line_fault(site)
    if existing is not None:
        return existing
    return fault_report(
        actor=None,
        site=site,
        category=Fault.Category.INTERNET_LINE,
        description=note or _line_text(),
        fault_source=Fault.Source.AUTOMATIC,
        rule=Fault.Rule.LINE_OUTAGE,
        source=AUTOMATIC_SOURCE,
        at=started_at,
    )


@transaction.atomic
def fault_withdraw_for_line_outage(
    *, actor: Any, site: Site, started_at: dt.datetime, source: str = ""
) -> bool:
    """Remove the fault raised for an outage that was undone, if nobody has acted on it yet."""
    fault = (
        Fault.objects.select_for_update()
        .filter(
            site=site,
            rule=Fault.Rule.LINE_OUTAGE,
            status=FaultStatus.REPORTED,
            reported_at=started_at,
        )
        .first()
    )
    if fault is None or fault.repairs.exists():
        return False
    audit_record(
        actor=actor,
        instance=fault,
        action=AuditEntry.Action.DELETE,
        before=snapshot(fault),
        source=source,
    )
    fault.delete()
    return True


def _line_text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The Internet line is down.")
