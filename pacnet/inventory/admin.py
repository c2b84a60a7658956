"""Back office for equipment: every change is audited (see core.admin)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from pacnet.core.admin import AuditedAdmin
from pacnet.inventory.models import Equipment, EquipmentStatusChange
from pacnet.inventory.services import (
    EQUIPMENT_FIELDS,
    equipment_acquisition_check,
    equipment_status_day_check,
    equipment_update,
)


class StatusChangeForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        item, day = cleaned.get("equipment"), cleaned.get("effective_on")
        if day and item is not None and item.pk:
            try:
                equipment_status_day_check(item=item, effective_on=day)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class StatusChangeInline(admin.TabularInline):
    model = EquipmentStatusChange
    form = StatusChangeForm
    extra = 0
    fields = ("effective_on", "status", "note", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")


class EquipmentForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                equipment_acquisition_check(
                    item=self.instance, acquired_on=cleaned.get("acquired_on")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Equipment)
class EquipmentAdmin(AuditedAdmin):
    form = EquipmentForm
    list_display = ("code", "site", "kind", "model", "serial", "acquired_on")
    list_filter = ("kind", "site")
    search_fields = ("code", "serial", "model")
    list_select_related = ("site",)
    autocomplete_fields = ("site",)
    inlines = (StatusChangeInline,)
    update_service = staticmethod(equipment_update)
    update_service_object = "item"
    update_service_fields = frozenset(EQUIPMENT_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            if row.recorded_by_id is None:
                row.recorded_by = request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()
