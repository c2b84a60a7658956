"""The back office: the audit trail (read-only) and the base of every audited admin page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.models import AuditEntry

SOURCE = "admin"

admin.site.site_header = _("pacnet back office")
admin.site.site_title = _("pacnet back office")
admin.site.index_title = _("Back office")


def _row_text(row, skip: str) -> str:
    return ", ".join(value for name, value in snapshot(row).items() if value and name != skip)


def _foreign_key(inline, parent_model):
    """The inline's link to its parent: the named one, or its only key to the parent's model."""
    if inline.fk_name:
        return inline.model._meta.get_field(inline.fk_name)
    return next(
        f for f in inline.model._meta.fields if f.is_relation and f.related_model is parent_model
    )


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete made here leaves an audit entry, as a service would.

    When `update_service` is set, a change to the object's own fields goes through that
    service (which audits it); inline rows and many-to-many links are audited after them.
    """

    update_service: Callable[..., Any] | None = None
    update_service_object = ""  # the service's keyword for the object: "site", "unit", "item"
    update_service_fields: frozenset[str] = frozenset()

    def audit_snapshot(self, obj) -> dict[str, str]:
        """The object's fields and, for each inline, its rows as one line of text."""
        data = snapshot(obj)
        with translation.override(None):  # the trail is stored language-neutral (core.audit)
            for inline in self.inlines:
                fk = _foreign_key(inline, self.model)
                rows = inline.model._default_manager.filter(**{fk.name: obj.pk})
                skip = str(fk.verbose_name)
                text = "; ".join(_row_text(row, skip) for row in rows)
                data[str(inline.model._meta.verbose_name_plural)] = text
        return data

    def _stored(self, obj):
        return self.model._default_manager.get(pk=obj.pk)

    def save_model(self, request, obj, form, change):
        changes = {n: getattr(obj, n) for n in form.changed_data if n in self.update_service_fields}
        others = set(form.changed_data) - set(changes) - self._many_to_many_names()
        if change and self.update_service and not others:
            stored = self._stored(obj)
            if changes:
                self.update_service(
                    actor=request.user,
                    **{self.update_service_object: stored},
                    source=SOURCE,
                    **changes,
                )
            # What is left to audit after the service: inline rows and many-to-many links.
            form._audit_before = self.audit_snapshot(stored)
            return
        form._audit_before = self.audit_snapshot(self._stored(obj)) if change else {}
        super().save_model(request, obj, form, change)

    def _many_to_many_names(self) -> set[str]:
        return {f.name for f in self.model._meta.many_to_many}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        audit_record(
            actor=request.user,
            instance=form.instance,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            before=getattr(form, "_audit_before", {}),
            after=self.audit_snapshot(form.instance),
            source=SOURCE,
        )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit_delete(request, obj)
            super().delete_queryset(request, queryset)

    def _audit_delete(self, request, obj) -> None:
        audit_record(
            actor=request.user,
            instance=obj,
            action=AuditEntry.Action.DELETE,
            before=self.audit_snapshot(obj),
            source=SOURCE,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by their services (with their rules and audit): read here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is evidence: it is read here, never written or deleted."""

    list_display = ("at", "actor", "action", "content_type", "object_repr", "source")
    list_filter = ("action", "source", "content_type")
    search_fields = ("object_repr", "object_id", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor", "content_type")
    fields = (
        "at", "actor", "action", "content_type", "object_id", "object_repr", "source",
        "changes_table",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("what changed"))
    def changes_table(self, entry: AuditEntry):
        return format_html_join(
            "\n",
            "<div><strong>{}</strong>: {} → {}</div>",
            ((name, old or "—", new or "—") for name, (old, new) in entry.changes.items()),
        )
