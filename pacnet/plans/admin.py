"""Back office for plans: created and changed through the plan services' rules, audited."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pacnet.core.admin import AuditedAdmin
from pacnet.plans.models import Plan
from pacnet.plans.services import PLAN_FIELDS, plan_overlap_check, plan_update


class PlanForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                plan_overlap_check(start=start, end=end, exclude_pk=self.instance.pk)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    form = PlanForm
    list_display = ("name", "reference", "start", "end")
    search_fields = ("name", "reference")
    fieldsets = (
        (None, {"fields": ("name", "reference", "start", "end")}),
        (
            _("Targets"),
            {
                "fields": (
                    "users_growth_min",
                    "visits_growth_min",
                    "visits_growth_max",
                    "effective_share_min",
                    "effective_share_max",
                )
            },
        ),
        (
            _("Thresholds"),
            {"fields": ("days_with_visit_min", "working_ratio_min", "effective_months_share")},
        ),
    )
    update_service = staticmethod(plan_update)
    update_service_object = "plan"
    update_service_fields = PLAN_FIELDS
