"""JSON shape of a plan: its period, and its targets and thresholds as numbers (ratios)."""

from rest_framework import serializers

from pacnet.plans.models import Plan


def _ratio(help_text: str) -> serializers.DecimalField:
    # A number in JSON (0.03 is 3 %), as the `pacnet plans` command prints it.
    return serializers.DecimalField(
        max_digits=5, decimal_places=4, coerce_to_string=False, read_only=True, help_text=help_text
    )


class PlanSerializer(serializers.ModelSerializer):
    users_growth_min = _ratio("Yearly users growth target, at least (0.03 is 3 %).")
    visits_growth_min = _ratio("Yearly visits growth target, from.")
    visits_growth_max = _ratio("Yearly visits growth target, to.")
    effective_share_min = _ratio("Share of counted points that are effective in a year, from.")
    effective_share_max = _ratio("Share of counted points that are effective in a year, to.")
    working_ratio_min = _ratio(
        "Share of a point's computers in working order at a month's end for an effective month."
    )
    effective_months_share = _ratio(
        "Share of a point's counted months that must be effective for an effective year."
    )

    class Meta:
        model = Plan
        fields = ["id", "name", "reference", "start", "end", *Plan.SETTINGS]
        read_only_fields = fields
