"""JSON shapes of units and access points; dated fields come from annotations of the view."""

from rest_framework import serializers

from pacnet.accounts.permissions import visible_units
from pacnet.core.errors import DomainError
from pacnet.geography.hours import hours_parse, hours_text
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import site_hours_text
from pacnet.geography.services import SITE_FIELDS

HOURS_HELP = (
    "Weekly opening hours, e.g. `mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed`;"
    " days not named are closed; empty: hours not set. Read back in canonical form."
)


class HoursField(serializers.CharField):
    """The point's opening periods as text: read canonical, written parsed (400 if unreadable)."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False, allow_blank=True, max_length=300, help_text=HOURS_HELP, **kwargs
        )

    def get_attribute(self, instance):
        return site_hours_text(instance)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return hours_text(hours_parse(text))
        except DomainError as error:
            raise serializers.ValidationError(error.message_dict["hours"]) from error


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
    opening_hours = HoursField(read_only=True)
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
    opening_hours = HoursField()

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
    opening_hours = HoursField()

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
