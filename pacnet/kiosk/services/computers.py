"""Enrolment, tokens, heartbeats and staff instructions of the point's public computers."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core import sql
from pacnet.core.audit import audit_record
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on
from pacnet.inventory.services import PROFILE_FIELDS, computer_profile_update
from pacnet.kiosk.models import (
    ComputerPresence,
    EnrolmentCode,
    Instruction,
    KioskToken,
    LibkiNode,
)
from pacnet.kiosk.selectors.computers import secret_digest

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed
CODE_LENGTH = 8
TEXT_MAX = 500


def _code_normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _check_kiosk_computer(computer: Equipment) -> None:
    if computer.kind != Equipment.Kind.COMPUTER:
        raise DomainError({"computer": _("Only a computer can run a kiosk.")})
    status = equipment_status_on(computer, timezone.localdate())
    if status is None or status == EquipmentStatus.RETIRED:
        raise DomainError({"computer": _("This computer is not in service.")})


@transaction.atomic
def enrolment_code_create(*, actor: Any, computer: Equipment) -> str:
    """A one-time code the computer's kiosk exchanges for its token; shown once, kept hashed."""
    _check_kiosk_computer(computer)
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    EnrolmentCode.objects.create(
        computer=computer,
        digest=secret_digest(raw),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + dt.timedelta(hours=settings.PACNET_KIOSK_ENROLMENT_HOURS),
    )
    audit_record(
        actor=actor,
        instance=computer,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("kiosk enrolment code"): gettext_noop("created")},
    )
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def computer_enrol(*, code: str, host_name: str) -> tuple[Equipment, str]:
    """Exchange a valid enrolment code for a new token; the computer's old token is revoked."""
    host_name = (host_name or "").strip()
    if not host_name or len(host_name) > 120:
        raise DomainError({"name": _("Give the computer's host name (at most 120 characters).")})
    normalised = _code_normalised(code)
    now = timezone.now()
    found = (
        EnrolmentCode.objects.select_for_update()
        .select_related("computer__site")
        .filter(digest=secret_digest(normalised), used_at__isnull=True, expires_at__gt=now)
        .first()
        if normalised and len(normalised) <= 40
        else None
    )
    if found is None:
        raise DomainError(
            {"code": _("This enrolment code is not valid: it is wrong, used or expired.")}
        )
    computer = found.computer
    _check_kiosk_computer(computer)
    found.used_at = now
    found.save(update_fields=["used_at"])
    KioskToken.objects.filter(computer=computer, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    KioskToken.objects.create(computer=computer, digest=secret_digest(token), host_name=host_name)
    audit_record(
        actor=None,
        instance=computer,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("kiosk enrolled"): host_name},
        source="kiosk",
    )
    return computer, token


@transaction.atomic
def kiosk_token_revoke(*, actor: Any, computer: Equipment) -> int:
    """Revoke the computer's token in force: its kiosk must be enrolled again. Returns 0 or 1."""
    revoked = KioskToken.objects.filter(computer=computer, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        audit_record(
            actor=actor,
            instance=computer,
            action=AuditEntry.Action.UPDATE,
            after={gettext_noop("kiosk token"): gettext_noop("revoked")},
        )
    return revoked


@dataclass
class Heartbeat:
    """What a kiosk says of itself; every field may be missing."""

    client_version: str = ""
    uptime_seconds: int | None = None
    free_disk_mb: int | None = None
    free_memory_mb: int | None = None
    current_user: str = ""
    address: str = ""
    profile: dict[str, Any] | None = None


def presence_values(*, protocol: str, beat: Heartbeat, now: dt.datetime) -> dict[str, Any]:
    """The presence row's fields for a heartbeat."""
    return {
        "protocol": protocol,
        "last_seen": now,
        "client_version": beat.client_version[:40],
        "uptime_seconds": beat.uptime_seconds,
        "free_disk_mb": beat.free_disk_mb,
        "free_memory_mb": beat.free_memory_mb,
        "current_user": beat.current_user[:40],
        "address": beat.address[:64],
    }


def profile_of(beat: Heartbeat) -> tuple[dict[str, Any], str | None]:
    """The profile fields the kiosk sent, and their digest (None when it sent none)."""
    profile = {k: v for k, v in (beat.profile or {}).items() if k in PROFILE_FIELDS}
    if not profile:
        return profile, None
    return profile, hashlib.sha256(json.dumps(profile, sort_keys=True).encode()).hexdigest()


def presence_update_query(
    computer: int | sql.Key, values: dict[str, Any], digest: str | None
) -> sql.Query:
    """UPDATE the presence row, only where its profile digest is `digest` when one is given:
    the usual beat (no profile, or the same as before) changes one row and nothing else."""
    key = sql.Key.of(computer)
    params = [sql.moment_param(v) if isinstance(v, dt.datetime) else v for v in values.values()]
    params += key.params
    if digest is not None:
        params.append(digest)
    return sql.Query(_presence_update_text(tuple(values), key.text, digest is not None), params)


@sql.text
def _presence_update_text(names: tuple[str, ...], computer: str, with_digest: bool) -> str:
    assignments = ", ".join(f"{sql.column(ComputerPresence, name)} = %s" for name in names)
    where = f"{sql.column(ComputerPresence, 'computer')} = {computer}"
    if with_digest:
        where += f" AND {sql.column(ComputerPresence, 'profile_digest')} = %s"
    return f"UPDATE {sql.table(ComputerPresence)} SET {assignments} WHERE {where}"


def computer_seen(
    *,
    computer_id: int,
    protocol: str,
    beat: Heartbeat,
    now: dt.datetime | None = None,
    marked: bool = False,
) -> None:
    """Keep the computer's presence, and its profile when the profile changed. The usual beat
    is one hand-written UPDATE (pacnet/core/sql.py); `marked`: the caller ran that UPDATE
    already (the heartbeat, within its one statement) and it changed the row."""
    now = now or timezone.now()
    values = presence_values(protocol=protocol, beat=beat, now=now)
    profile, digest = profile_of(beat)
    if marked or sql.execute(*presence_update_query(computer_id, values, digest)):
        return
    with transaction.atomic(savepoint=False):
        presence = ComputerPresence.objects.filter(computer_id=computer_id)
        if not presence.update(**values):
            try:
                with transaction.atomic():
                    ComputerPresence.objects.create(computer_id=computer_id, **values)
            except IntegrityError:  # another worker's first heartbeat won the race
                presence.update(**values)
        if profile:
            computer_profile_update(
                actor=None,
                item=Equipment.objects.get(pk=computer_id),
                profile_source="kiosk",
                source="kiosk",
                **profile,
            )
            presence.update(profile_digest=digest)


@transaction.atomic
def instruction_send(*, actor: Any, computer: Equipment, kind: str, text: str = "") -> Instruction:
    """A message or a one-shot command for the computer, handed to it at its next call."""
    if kind not in Instruction.Kind.values:
        raise DomainError({"kind": _("Unknown instruction.")})
    text = (text or "").strip()
    if kind == Instruction.Kind.MESSAGE and not text:
        raise DomainError({"text": _("Write the message.")})
    if len(text) > TEXT_MAX:
        raise DomainError({"text": _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    if computer.kind != Equipment.Kind.COMPUTER:
        raise DomainError({"computer": _("Only a computer can run a kiosk.")})
    instruction = Instruction.objects.create(
        computer=computer,
        kind=kind,
        text=text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, instance=instruction, action=AuditEntry.Action.CREATE)
    return instruction


def instructions_acknowledge(
    *, computer_id: int, ids: list[int], now: dt.datetime | None = None
) -> int:
    """The kiosk has carried these out: they are not handed out again."""
    ids = [i for i in ids if isinstance(i, int)][:100]
    if not ids:
        return 0
    return Instruction.objects.filter(
        computer_id=computer_id, pk__in=ids, delivered_at__isnull=True
    ).update(delivered_at=now or timezone.now())


@transaction.atomic
def instructions_take(*, computer: Equipment, now: dt.datetime | None = None) -> list[Instruction]:
    """The pending instructions, marked delivered as they are handed out (a client that does
    not acknowledge, as Libki's, gets each once)."""
    pending = list(
        Instruction.objects.select_for_update().filter(computer=computer, delivered_at__isnull=True)
    )
    if pending:
        Instruction.objects.filter(pk__in=[i.pk for i in pending]).update(
            delivered_at=now or timezone.now()
        )
    return pending


# Added for the Libki protocol (kept at the end of the file, so that merges stay simple).

# A point's Libki nodes waiting to be linked: beyond this, new names are not kept (no flood).
NODES_WAITING_PER_POINT = 50


def instructions_take_of(
    *, computer: Equipment, kinds: list[str], now: dt.datetime | None = None
) -> list[Instruction]:
    """The pending instructions of these kinds, marked delivered as handed out (Libki takes
    commands with register_node and messages with get_user_data)."""
    with transaction.atomic(savepoint=False):
        pending = list(
            Instruction.objects.select_for_update().filter(
                computer=computer, delivered_at__isnull=True, kind__in=kinds
            )
        )
        if pending:
            Instruction.objects.filter(pk__in=[i.pk for i in pending]).update(
                delivered_at=now or timezone.now()
            )
    return pending


@transaction.atomic(savepoint=False)
def libki_node_register(
    *,
    name: str,
    node: LibkiNode | None,
    location: str,
    site: Any,
    address: str,
    now: dt.datetime | None = None,
) -> LibkiNode | None:
    """A Libki client's register_node: its node (`node`, as the caller read it by `name`, or
    None when new) kept up to date, and linked to the computer of its point `site` whose
    equipment code is the node's name. A new name is kept only for a known point; None when
    it is not kept."""
    now = now or timezone.now()
    nodes = LibkiNode.objects.select_related("computer__site", "site")
    if node is None:
        if site is None:
            return None
        waiting = LibkiNode.objects.filter(site=site, computer__isnull=True).count()
        if waiting >= NODES_WAITING_PER_POINT:
            return None
        try:
            with transaction.atomic():
                node = LibkiNode.objects.create(
                    name=name,
                    location=location,
                    site=site,
                    address=address,
                    first_seen=now,
                    last_seen=now,
                )
        except IntegrityError:  # the same client registered twice at once
            node = nodes.get(name=name)
        else:
            audit_record(actor=None, instance=node, action=AuditEntry.Action.CREATE, source="libki")
    if node.computer_id is None and site is not None:
        computer = (
            Equipment.objects.filter(
                site=site, code__iexact=name, kind=Equipment.Kind.COMPUTER, libki_node__isnull=True
            )
            .select_related("site")
            .first()
        )
        if computer is not None:
            node.computer = computer
            node.save(update_fields=["computer"])
            audit_record(
                actor=None,
                instance=node,
                action=AuditEntry.Action.UPDATE,
                after={gettext_noop("linked to the computer"): computer.code},
                source="libki",
            )
    node.location, node.address, node.last_seen = location, address, now
    node.site = node.computer.site if node.computer_id else (site or node.site)
    LibkiNode.objects.filter(pk=node.pk).update(
        location=location, address=address, last_seen=now, site=node.site
    )
    return node
