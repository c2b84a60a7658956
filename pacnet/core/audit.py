"""The audit trail: services call `audit_record` explicitly for every write to a core object.

Entries are stored language-neutral: labels are English message ids (mark them with
gettext_noop), dates ISO; `AuditEntry.change_rows` translates them for the reader.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation

from pacnet.core.models import AuditEntry


def _display(instance: models.Model, field: models.Field) -> str:
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(instance, field.name).all()))
    if field.is_relation:
        related = getattr(instance, field.name)
        return "" if related is None else str(related)
    value = field.value_from_object(instance)
    if value is None:
        return ""
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if field.name in getattr(type(instance), "AUDIT_AS_PERCENT", ()):
        # A share stored as a fraction reads as the percent the form showed: 0.0500 → "5 %".
        return f"{(Decimal(value) * 100).normalize():f} %"
    if isinstance(field, models.DateTimeField):
        # The reader's wall clock (Asia/Ho_Chi_Minh), to the minute, not UTC.
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def snapshot(instance: models.Model) -> dict[str, str]:
    """Every concrete field (and many-to-many) of the instance, as language-neutral text."""
    fields = [
        f
        for f in instance._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name != "password"
    ]
    with translation.override(None):
        return {str(f.verbose_name): _display(instance, f) for f in fields}


def audit_record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
    source: str = "",
) -> AuditEntry | None:
    """Record who changed what; an update that changed nothing leaves no entry."""
    before = before or {}
    if after is None:
        after = {} if action == AuditEntry.Action.DELETE else snapshot(instance)
    keys = list(dict.fromkeys([*before, *after]))
    changes = {
        k: [before.get(k, ""), after.get(k, "")]
        for k in keys
        if before.get(k, "") != after.get(k, "")
    }
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
        source=source,
    )


def audit_entries_for(instance: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
