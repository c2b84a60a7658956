"""Forms of the fault and repair pages: they check input, the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pacnet.accounts.permissions import restrict_to_scope, visible_sites
from pacnet.core.forms import BootstrapMixin
from pacnet.faults.models import CLOSED_STATUSES, OPEN_STATUSES, Fault, FaultStatus, Repair
from pacnet.faults.selectors import faults_for_list, faults_older_than
from pacnet.faults.services import fault_category_for
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.forms import MarkInvalidMixin, SiteChoiceField, VndField
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status

POINT_PREFIX = "point:"  # a choice that names the point itself, not an item


class CategorySelect(forms.Select):
    """Each item carries the category it suggests, for the page to preselect it."""

    def __init__(self, *args, categories: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.categories:
            option["attrs"]["data-category"] = self.categories[str(value)]
        return option


def reportable_items(user) -> QuerySet[Equipment]:
    """The items in the user's scope that are in service today."""
    items = restrict_to_scope(user, Equipment.objects.all())
    return (
        equipment_with_status(items, today())
        .exclude(status_on=EquipmentStatus.RETIRED)
        .exclude(status_on__isnull=True)
        .select_related("site")
        .order_by("kind", "code")
    )


class FaultReportForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    """Three fields from a phone: the item, what happened, a photo (the category is guessed)."""

    target = forms.ChoiceField(label=_("What is broken?"))
    category = forms.ChoiceField(label=_("Kind of fault"), choices=Fault.Category.choices)
    description = forms.CharField(
        label=_("What happened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"placeholder": _("e.g. the screen stays black")}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("A photo (JPEG, PNG, WebP or GIF) of at most 5 MB."),
    )

    def __init__(self, *args, user, **kwargs):
        self.items = {i.code: i for i in reportable_items(user)}
        self.sites = {s.code: s for s in visible_sites(user).order_by("code")}
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        categories: dict[str, str] = {}
        for item in self.items.values():
            # capfirst, not capitalize(): "modem USB" must not become "Modem usb".
            label = capfirst(item.get_kind_display())
            groups.setdefault(label, []).append((item.code, _item_label(item)))
            categories[item.code] = fault_category_for(item)
        points = [(f"{POINT_PREFIX}{c}", _point_label(s)) for c, s in self.sites.items()]
        for value, _label in points:
            categories[value] = Fault.Category.INTERNET_LINE
        choices = [("", _("Choose…")), *groups.items()]
        if points:
            choices.append((_("The point itself (Internet line, power)"), points))
        field = self.fields["target"]
        field.choices = choices
        field.widget = CategorySelect(
            attrs=field.widget.attrs, choices=choices, categories=categories
        )
        chosen = self.initial.get("target")
        self.fields["category"].initial = categories.get(chosen, Fault.Category.HARDWARE)

    def clean_target(self) -> tuple[Site, Equipment | None]:
        value = self.cleaned_data["target"]
        if value.startswith(POINT_PREFIX):
            site = self.sites.get(value.removeprefix(POINT_PREFIX))
            if site is not None:
                return site, None
        elif value in self.items:
            item = self.items[value]
            return item.site, item
        raise forms.ValidationError(_("Choose an item of your access point."))


def _item_label(item: Equipment) -> str:
    return f"{item.code} – {item.model}" if item.model else item.code


def _point_label(site: Site) -> str:
    return f"{site.code} – {site.name}"


class NoteField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Note"))
        super().__init__(max_length=500, required=False, **kwargs)


class TechnicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class AssignForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    technician = TechnicianChoiceField(label=_("Technician"), queryset=None)
    note = NoteField()

    def __init__(self, *args, technicians, **kwargs):
        from pacnet.accounts.models import User

        super().__init__(*args, auto_id="assign_%s", **kwargs)  # one page holds three forms
        self.fields["technician"].queryset = User.objects.filter(
            pk__in=[t.pk for t in technicians]
        ).order_by("username")


class StartRepairForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    note = NoteField(widget=forms.TextInput(attrs={"placeholder": _("e.g. taken to the shop")}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="start_%s", **kwargs)


class CloseForm(MarkInvalidMixin, BootstrapMixin, forms.Form):
    """The outcome is the button pressed; a replacement may register the new item at once."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(s, FaultStatus(s).label) for s in CLOSED_STATUSES]
    )
    note = NoteField()
    register_new = forms.BooleanField(
        label=_("Register the new item (replacement only)"), required=False
    )
    new_code = forms.CharField(
        label=_("Code of the new item"),
        max_length=60,
        required=False,
        help_text=_("Left empty: the point's next free code."),
    )
    new_model = forms.CharField(label=_("Model"), max_length=200, required=False)
    new_serial = forms.CharField(label=_("Serial number"), max_length=100, required=False)
    new_cost = VndField(label=_("Price (VND)"))
    new_warranty_ends_on = forms.DateField(label=_("Warranty ends on"), required=False)
    # The repair of a fault closed as fixed: recorded with it when any of it is given.
    done_by = forms.CharField(
        label=_("Repaired by"),
        max_length=200,
        required=False,
        help_text=_("The person or shop that did the work."),
    )
    cost = VndField(label=_("Cost (VND)"))
    parts = forms.CharField(
        label=_("Parts"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 500 GB hard disk")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="close_%s", **kwargs)

    def repair(self) -> dict | None:
        """The repair to record with a fixed fault (None: nothing said about it)."""
        data = self.cleaned_data
        if data["outcome"] != FaultStatus.FIXED:
            return None
        repair = {
            "done_by": data["done_by"].strip(),
            "cost": data["cost"],
            "parts": data["parts"].strip(),
        }
        return repair if any(v not in ("", None) for v in repair.values()) else None

    def replacement(self) -> dict | None:
        data = self.cleaned_data
        if data["outcome"] != FaultStatus.REPLACED or not data["register_new"]:
            return None
        return {
            "code": data["new_code"].strip().upper(),
            "model": data["new_model"],
            "serial": data["new_serial"],
            "acquisition_cost": data["new_cost"],
            "warranty_ends_on": data["new_warranty_ends_on"],
        }


class RepairForm(MarkInvalidMixin, BootstrapMixin, forms.ModelForm):
    cost = VndField(label=_("Cost (VND)"))
    under_warranty = forms.TypedChoiceField(
        label=_("Under warranty"),
        choices=[
            ("", _("From the item's warranty date")),
            ("yes", _("Yes")),
            ("no", _("No")),
        ],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Repair
        fields = ["kind", "done_on", "done_by", "vendor", "parts", "cost", "outcome"]
        widgets = {"outcome": forms.TextInput(), "parts": forms.TextInput()}
        help_texts = {
            "done_by": _("The person or shop that did the work."),
            "parts": _("e.g. 500 GB hard disk"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = today()
        self.fields["under_warranty"].widget.attrs["class"] = "form-select"


def _any(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class FaultFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("open", _("Open")),
            ("closed", _("Closed")),
            ("all", _("All")),
            *FaultStatus.choices,
        ],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=_any(Fault.Category.choices), required=False
    )
    site = SiteChoiceField(
        label=_("Access point"),
        queryset=Site.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    age = forms.TypedChoiceField(
        label=_("Reported"),
        choices=[
            ("", _("Any time")),
            ("7", _("over 7 days ago")),
            ("30", _("over 30 days ago")),
            ("90", _("over 90 days ago")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.fields["site"].queryset = visible_sites(user).order_by("code")

    def faults(self, day: dt.date) -> QuerySet[Fault]:
        faults = faults_for_list(restrict_to_scope(self.user, Fault.objects.all()))
        if not self.is_valid():
            return faults.none()
        data = self.cleaned_data
        status = data["status"] or "open"
        if status == "open":
            faults = faults.filter(status__in=OPEN_STATUSES)
        elif status == "closed":
            faults = faults.filter(status__in=CLOSED_STATUSES)
        elif status != "all":
            faults = faults.filter(status=status)
        if data["category"]:
            faults = faults.filter(category=data["category"])
        if data["site"]:
            faults = faults.filter(site=data["site"])
        if data["age"]:
            faults = faults_older_than(faults, data["age"], day)
        return faults


class RepairFilterForm(BootstrapMixin, forms.Form):
    site = SiteChoiceField(
        label=_("Access point"),
        queryset=Site.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(Repair.Kind.choices), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.fields["site"].queryset = visible_sites(user).order_by("code")

    def repairs(self, queryset: QuerySet[Repair]) -> QuerySet[Repair]:
        repairs = restrict_to_scope(self.user, queryset)
        if not self.is_valid():
            return repairs.none()
        if self.cleaned_data["site"]:
            repairs = repairs.filter(site=self.cleaned_data["site"])
        if self.cleaned_data["kind"]:
            repairs = repairs.filter(kind=self.cleaned_data["kind"])
        return repairs
