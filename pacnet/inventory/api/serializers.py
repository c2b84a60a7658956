"""JSON shapes of equipment and of a status change."""

from rest_framework import serializers

from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange


class EquipmentSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.ChoiceField(
        source="status_on",
        choices=EquipmentStatus.choices,
        read_only=True,
        allow_null=True,
        help_text="Status on the `as_of` day (null before the first record).",
    )

    class Meta:
        model = Equipment
        fields = [
            "code",
            "site",
            "kind",
            "model",
            "serial",
            "acquired_on",
            "funding_source",
            "acquisition_cost",
            "warranty_ends_on",
            "end_of_life_on",
            "status",
        ]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):
    equipment = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.ChoiceField(choices=EquipmentStatus.choices)

    class Meta:
        model = EquipmentStatusChange
        fields = ["equipment", "status", "effective_on", "note"]
        extra_kwargs = {"note": {"required": False}}
        # The service decides whether a second change on the same day replaces the first.
        validators: list = []
