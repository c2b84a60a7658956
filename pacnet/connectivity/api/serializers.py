"""JSON shapes of an Internet line, with the outage going on if the line is down."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pacnet.connectivity.models import InternetLine, LineOutage


class OutageSerializer(serializers.ModelSerializer):
    class Meta:
        model = LineOutage
        fields = ["start", "cause", "note"]
        read_only_fields = fields


class InternetLineSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    fee_after_discount = serializers.IntegerField(
        read_only=True, help_text="The fee paid each month, in whole dong: fee × (1 − discount)."
    )
    open_outage = serializers.SerializerMethodField(
        help_text="The outage going on (the line is down since `start`); null while it is up."
    )

    class Meta:
        model = InternetLine
        fields = [
            "id",
            "site",
            "provider",
            "contract_number",
            "bandwidth_mbps",
            "upload_mbps",
            "monthly_fee",
            "discount_percent",
            "fee_after_discount",
            "active_from",
            "active_to",
            "status",
            "open_outage",
        ]
        read_only_fields = fields

    @extend_schema_field(OutageSerializer(allow_null=True))
    def get_open_outage(self, line: InternetLine) -> dict | None:
        # The view prefetches the open outages into `open_outages`: no query per line.
        outage = next(iter(line.open_outages), None)
        return None if outage is None else OutageSerializer(outage).data
