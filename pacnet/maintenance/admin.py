"""Back office for preventive maintenance: read only, since plans and visits are written
through `pacnet.maintenance.services` (which checks and audits them)."""

from django.contrib import admin

from pacnet.core.admin import ReadOnlyAdmin, ReadOnlyInline
from pacnet.maintenance.models import (
    MaintenancePlan,
    MaintenanceTask,
    MaintenanceTaskResult,
    MaintenanceVisit,
)


class MaintenanceTaskInline(ReadOnlyInline):
    model = MaintenanceTask
    fields = ("position", "text", "active")
    readonly_fields = fields


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "interval_months", "active", "created_on")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    inlines = (MaintenanceTaskInline,)


class MaintenanceTaskResultInline(ReadOnlyInline):
    model = MaintenanceTaskResult
    fields = ("task", "outcome")
    readonly_fields = fields


@admin.register(MaintenanceVisit)
class MaintenanceVisitAdmin(ReadOnlyAdmin):
    list_display = ("visited_on", "site", "plan", "done_by_name", "done_by")
    list_filter = ("plan",)
    search_fields = ("site__code", "plan__name", "done_by_name")
    date_hierarchy = "visited_on"
    list_select_related = ("site", "plan", "done_by")
    inlines = (MaintenanceTaskResultInline,)
