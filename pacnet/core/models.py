"""Shared records: the audit trail of every change to a core object."""

import re
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
PERCENT = re.compile(r"^-?\d+(?:\.\d+)? %$")


def _readable(value: str) -> str:
    """A stored value in the reader's language: dates as dd/mm/yyyy, 7.5 % as 7,5 %."""
    if not value:
        return value
    if PERCENT.match(value):
        return f"{number_format(Decimal(value[:-2]))} %"
    return ISO_DATE.sub(r"\3/\2/\1", gettext(value))


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    # {field name: [old value, new value]} as text, so the entry survives model changes.
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    source = models.CharField(_("through"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        """(label, old, new) translated for the reader."""
        return [
            (gettext(name), _readable(old), _readable(new))
            for name, (old, new) in self.changes.items()
        ]
