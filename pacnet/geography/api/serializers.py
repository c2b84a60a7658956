"""JSON shapes of units and access points; dated fields come from annotations of the view."""

from rest_framework import serializers

from pacnet.accounts.permissions import visible_units
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.services import SITE_FIELDS


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent_code",
        read_only=True,
        allow_null=True,
        help_text="Code of the unit it belonged to on the `as_of` day.",
    )
    successors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "valid_from", "valid_to", "parent", "successors"]


class SiteSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(
        source="unit_code",
        read_only=True,
        allow_null=True,
        help_text="Code of the unit the point belonged to on the `as_of` day.",
    )
    unit_name = serializers.CharField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        source="status_on",
        choices=Site.Status.choices,
        read_only=True,
        help_text="Status on the `as_of` day.",
    )

    class Meta:
        model = Site
        fields = [
            "code",
            *SITE_FIELDS,
            "unit",
            "unit_name",
            "status",
        ]


class SiteCreateSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AdministrativeUnit.objects.none(),
        help_text="Code of the unit the new point belongs to.",
    )

    class Meta:
        model = Site
        fields = [
            "code",
            "name",
            "kind",
            "origin",
            "opened_on",
            "unit",
            "host_organisation",
            "address",
            "closed_on",
            "opening_hours",
            "phone",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A point can only be created in a unit the user can see.
            self.fields["unit"].queryset = visible_units(request.user)


class SiteUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = [
            "name",
            "kind",
            "origin",
            "host_organisation",
            "address",
            "opened_on",
            "closed_on",
            "opening_hours",
            "phone",
            "note",
        ]
