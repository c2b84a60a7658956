"""Forms of preventive maintenance: they check input, the services in services.py write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import visible_sites
from pacnet.core.forms import BootstrapMixin
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.forms import MarkInvalidMixin, SiteChoiceField
from pacnet.inventory.models import Equipment
from pacnet.maintenance.models import MaintenancePlan, MaintenanceTask, TaskOutcome

TASK_PREFIX = "task_"


class MaintenancePlanForm(MarkInvalidMixin, BootstrapMixin, forms.ModelForm):
    tasks = forms.CharField(
        label=_("Checklist"),
        widget=forms.Textarea,
        help_text=_("One task per line, in the order they are done."),
    )

    class Meta:
        model = MaintenancePlan
        fields = ["name", "kind", "interval_months", "active"]
        help_texts = {"interval_months": _("e.g. 3 for every quarter, 6 for twice a year")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].widget.attrs["rows"] = 7
        if self.instance.pk:
            lines = self.instance.tasks.filter(active=True).values_list("text", flat=True)
            self.initial["tasks"] = "\n".join(lines)

    def clean_tasks(self) -> list[str]:
        return self.cleaned_data["tasks"].splitlines()


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Equipment) -> str:
        return f"{obj.code} {obj.model}".strip()


class VisitForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    """One field per checklist task (done / not done / not applicable), then items and note."""

    visited_on = forms.DateField(label=_("Visit date"))
    done_by_name = forms.CharField(
        label=_("Done by"),
        max_length=200,
        required=False,
        help_text=_("Who did the work, if not you (e.g. the district technician)."),
    )
    items = ItemChoiceField(
        label=_("Items covered"),
        queryset=Equipment.objects.none(),
        required=False,  # the service says "choose at least one", next to the field
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args, tasks: list[MaintenanceTask], items, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        self.fields["visited_on"].initial = today()
        self.fields["items"].queryset = items
        self.fields["items"].initial = [i.pk for i in items]
        self.fields["items"].widget.attrs["class"] = "form-check-input"
        for task in tasks:
            self.fields[f"{TASK_PREFIX}{task.pk}"] = forms.ChoiceField(
                label=task.text,
                choices=TaskOutcome.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def task_fields(self):
        return [self[f"{TASK_PREFIX}{task.pk}"] for task in self.tasks]

    def results(self) -> dict[int, str]:
        return {t.pk: self.cleaned_data.get(f"{TASK_PREFIX}{t.pk}") or "" for t in self.tasks}


class ScheduleFilterForm(BootstrapMixin, forms.Form):
    site = SiteChoiceField(
        label=_("Access point"),
        queryset=Site.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    plan = forms.ModelChoiceField(
        label=_("Maintenance plan"),
        queryset=MaintenancePlan.objects.filter(active=True),
        required=False,
        empty_label=_("All"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["site"].queryset = visible_sites(user).order_by("code")
