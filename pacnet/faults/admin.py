"""Back office for faults and repairs: read only, since every change drives an equipment
status through `pacnet.faults.services` (and is audited there)."""

from django.contrib import admin

from pacnet.core.admin import ReadOnlyAdmin, ReadOnlyInline
from pacnet.faults.models import Fault, FaultEvent, Repair


class FaultEventInline(ReadOnlyInline):
    model = FaultEvent
    fields = ("at", "from_status", "status", "actor", "assigned_to", "note")
    readonly_fields = fields


@admin.register(Fault)
class FaultAdmin(ReadOnlyAdmin):
    list_display = ("pk", "site", "equipment", "category", "status", "reported_at", "closed_at")
    list_filter = ("status", "category", "source")
    search_fields = ("site__code", "equipment__code", "description")
    date_hierarchy = "reported_at"
    list_select_related = ("site", "equipment")
    inlines = (FaultEventInline,)


@admin.register(Repair)
class RepairAdmin(ReadOnlyAdmin):
    list_display = ("done_on", "site", "equipment", "kind", "done_by", "cost", "under_warranty")
    list_filter = ("kind", "under_warranty")
    search_fields = ("site__code", "equipment__code", "done_by", "vendor")
    date_hierarchy = "done_on"
    list_select_related = ("site", "equipment")
