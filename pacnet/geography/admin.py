"""Back office for units and access points: every change is audited (see core.admin)."""

from django.contrib import admin

from pacnet.core.admin import AuditedAdmin
from pacnet.geography.models import (
    AdministrativeUnit,
    Site,
    SitePlacement,
    SiteStaff,
    SiteSuspension,
    UnitParentage,
)
from pacnet.geography.services import SITE_FIELDS, UNIT_FIELDS, site_update, unit_update


class ParentageInline(admin.TabularInline):
    model = UnitParentage
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ("parent",)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    filter_horizontal = ("successors",)
    inlines = (ParentageInline,)
    update_service = staticmethod(unit_update)
    update_service_object = "unit"
    update_service_fields = frozenset(UNIT_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        # Codes identify units in imports, reports and URLs: they are set once.
        return ("code",) if obj else ()


class PlacementInline(admin.TabularInline):
    model = SitePlacement
    extra = 0
    autocomplete_fields = ("unit",)


class StaffInline(admin.TabularInline):
    model = SiteStaff
    extra = 0
    raw_id_fields = ("user",)


class SuspensionInline(admin.TabularInline):
    model = SiteSuspension
    extra = 0


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "origin", "opened_on", "closed_on")
    list_filter = ("kind", "origin")
    search_fields = ("code", "name", "host_organisation", "address")
    inlines = (PlacementInline, StaffInline, SuspensionInline)  # connectivity adds the lines
    update_service = staticmethod(site_update)
    update_service_object = "site"
    update_service_fields = frozenset(SITE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()
