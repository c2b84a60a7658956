"""Back office for alerts: read only; `alerts_refresh` raises and resolves them."""

from django.contrib import admin

from pacnet.alerts.models import Alert, AlertDelivery
from pacnet.core.admin import ReadOnlyAdmin, ReadOnlyInline


class DeliveryInline(ReadOnlyInline):
    model = AlertDelivery
    fields = ("user", "sent_at")
    readonly_fields = fields


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("raised_on", "kind", "site", "subject_key", "resolved_on", "emailed_at")
    list_filter = ("kind", "resolved_on")
    search_fields = ("site__code", "subject_key")
    date_hierarchy = "raised_on"
    list_select_related = ("site",)
    inlines = (DeliveryInline,)
