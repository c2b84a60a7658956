"""JSON shapes of a maintenance plan with its checklist, and of a visit as recorded."""

from rest_framework import serializers

from pacnet.maintenance.models import MaintenancePlan, MaintenanceTaskResult, MaintenanceVisit


class MaintenancePlanSerializer(serializers.ModelSerializer):
    checklist = serializers.SerializerMethodField(help_text="The tasks in use, in order.")

    class Meta:
        model = MaintenancePlan
        fields = ["id", "name", "kind", "interval_months", "active", "created_on", "checklist"]
        read_only_fields = fields

    def get_checklist(self, plan: MaintenancePlan) -> list[str]:
        return [task.text for task in plan.checklist]


class TaskResultSerializer(serializers.ModelSerializer):
    task = serializers.CharField(source="task.text", read_only=True)

    class Meta:
        model = MaintenanceTaskResult
        fields = ["task", "outcome"]
        read_only_fields = fields


class MaintenanceVisitSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="code", read_only=True)
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    items = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the items covered."
    )
    results = TaskResultSerializer(many=True, read_only=True)

    class Meta:
        model = MaintenanceVisit
        fields = [
            "id",
            "site",
            "plan",
            "plan_name",
            "visited_on",
            "done_by_name",
            "items",
            "results",
            "note",
        ]
        read_only_fields = fields
