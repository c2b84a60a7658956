"""Back office for usage: patrons change through the service; records are read and deleted.

Sessions and tallies are not edited here: every change to them must refresh the rollups,
which the web pages and imports do through pacnet.usage.services.
"""

from django.contrib import admin

from pacnet.core.admin import AuditedAdmin, ReadOnlyAdmin
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.services import (
    PERSONAL_FIELDS,
    patron_audit_snapshot,
    patron_update,
    session_delete,
)


@admin.register(Patron)
class PatronAdmin(AuditedAdmin):
    list_display = (
        "card_number",
        "display_name",
        "birth_year",
        "gender",
        "registered_at",
        "registered_on",
        "anonymised_on",
    )
    list_filter = ("gender", "registered_at", "anonymised_on")
    search_fields = ("card_number", "display_name")
    list_select_related = ("registered_at",)
    readonly_fields = (
        "card_number",
        "registered_at",
        "registered_on",
        "consent_given_on",
        "anonymised_on",
    )
    exclude = ("pin_hash",)  # the kiosk PIN is set on the patron's page, never shown
    update_service = staticmethod(patron_update)
    update_service_object = "patron"
    update_service_fields = frozenset(PERSONAL_FIELDS)

    def audit_snapshot(self, obj) -> dict[str, str]:
        return patron_audit_snapshot(obj)

    def has_add_permission(self, request):
        return False  # registration records consent: the usage pages do it

    def has_delete_permission(self, request, obj=None):
        return False  # sessions point to patrons; anonymise instead


class GuestPassInline(admin.TabularInline):
    model = GuestPass
    extra = 0
    fields = ("code",)
    readonly_fields = ("code",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GuestPassBatch)
class GuestPassBatchAdmin(ReadOnlyAdmin):
    list_display = ("site", "issued_on", "issued_by")
    list_filter = ("site",)
    list_select_related = ("site", "issued_by")
    inlines = (GuestPassInline,)


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = (
        "computer",
        "site",
        "start",
        "end",
        "patron",
        "guest_pass",
        "service",
        "pages_printed",
    )
    list_filter = ("site", "service")
    search_fields = ("computer__code", "patron__card_number", "guest_pass__code")
    list_select_related = ("computer", "site", "patron", "guest_pass")
    date_hierarchy = "day"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        session_delete(actor=request.user, session=obj)

    def delete_queryset(self, request, queryset):
        for session in queryset:
            session_delete(actor=request.user, session=session)


@admin.register(ManualTally)
class ManualTallyAdmin(ReadOnlyAdmin):
    list_display = ("site", "day", "visits", "users")
    list_filter = ("site",)
    list_select_related = ("site",)
    date_hierarchy = "day"
