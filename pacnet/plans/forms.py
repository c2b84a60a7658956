"""The plan form: targets are typed as percents ("3" is 3 %), the plan stores ratios (0.03)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.core.forms import BootstrapMixin
from pacnet.plans.models import Plan

HUNDRED = Decimal(100)
# Settings a plan stores as a ratio and people enter as a percent (the audit shows them so too).
PERCENT_FIELDS = Plan.AUDIT_AS_PERCENT
SHARES = frozenset(PERCENT_FIELDS) - {"users_growth_min", "visits_growth_min", "visits_growth_max"}
# Ranges typed as "from" and "to": (lower field, upper field).
RANGES = (
    ("visits_growth_min", "visits_growth_max"),
    ("effective_share_min", "effective_share_max"),
)


def as_percent(ratio: Decimal | None) -> Decimal | None:
    """0.0300 → 3, 0.0550 → 5.5: what a person typed, without trailing zeros."""
    if ratio is None:
        return None
    value = (ratio * HUNDRED).quantize(Decimal("0.01"))
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class PercentField(forms.DecimalField):
    """A percent typed by a person, cleaned to the ratio the plan stores."""

    def __init__(self, *, share: bool, **kwargs):
        # Shares are 0–100 %; a growth target may be negative (a decline kept small).
        low, high = (0, 100) if share else (-100, Decimal("999.99"))
        super().__init__(min_value=low, max_value=high, decimal_places=2, **kwargs)
        self.widget.attrs.update({"step": "0.01", "inputmode": "decimal"})

    def prepare_value(self, value):
        # A Decimal is the stored ratio (initial); typed data arrives as text and is kept.
        return as_percent(value) if isinstance(value, Decimal) else value

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / HUNDRED


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "reference", "start", "end", *PERCENT_FIELDS, "days_with_visit_min"]
        labels = {
            "name": _("Name"),
            "reference": _("Reference"),
            "start": _("In force from"),
            "end": _("In force until"),
            "users_growth_min": _("Users grow each year by at least (%)"),
            "visits_growth_min": _("Visits grow each year by, from (%)"),
            "visits_growth_max": _("to (%)"),
            "effective_share_min": _("Share of access points that are effective, from (%)"),
            "effective_share_max": _("to (%)"),
            "working_ratio_min": _("Computers in working order at month end, at least (%)"),
            "effective_months_share": _("Months that must be effective in a year, at least (%)"),
            "days_with_visit_min": _("Days with a visit in a month, at least"),
        }
        help_texts = {
            "reference": _("The plan's number, for example 484/KH-UBND."),
            "visits_growth_min": _("For example 5 to 7: at least 5 % meets the target."),
            "effective_share_min": _("For example 80 to 100."),
            "working_ratio_min": _("A point is effective in a month with both of these."),
            "effective_months_share": _("Of the months during which the point was open."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PERCENT_FIELDS:
            old = self.fields[name]
            self.fields[name] = PercentField(
                share=name in SHARES,
                label=old.label,
                help_text=old.help_text,
                required=True,
                initial=old.initial,
            )
            self.fields[name].widget.attrs["class"] = old.widget.attrs.get("class", "")
        self.fields["days_with_visit_min"].widget.attrs.update(min=0, max=31)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("A plan cannot end before it starts."))
        for low, high in RANGES:
            bounds = cleaned.get(low), cleaned.get(high)
            if None not in bounds and bounds[1] < bounds[0]:
                self.add_error(high, _("“To” cannot be below “from”."))
        return cleaned

    def settings(self) -> dict:
        """The cleaned values, as the plan services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
