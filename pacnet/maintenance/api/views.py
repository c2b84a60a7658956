"""Maintenance plans (network-wide) and the visits of the points in the user's scope: read only.

Plans and visits are written through the pages (`pacnet.maintenance.services`).
"""

from rest_framework import permissions, viewsets

from pacnet.accounts.permissions import restrict_to_scope
from pacnet.core.api import ScopedPermission, ScopedViewMixin
from pacnet.maintenance.api.filters import MaintenancePlanFilter, MaintenanceVisitFilter
from pacnet.maintenance.api.serializers import MaintenancePlanSerializer, MaintenanceVisitSerializer
from pacnet.maintenance.models import MaintenancePlan, MaintenanceVisit
from pacnet.maintenance.selectors import plans_with_checklists, visits_with_results


class NetworkWidePermission(ScopedPermission):
    """A plan applies to every point: the role's permission on plans is the whole check."""

    def has_object_permission(self, request, view, obj):
        return True


class MaintenancePlanViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MaintenancePlanSerializer
    filterset_class = MaintenancePlanFilter
    scoped_model = MaintenancePlan
    permission_classes = [permissions.IsAuthenticated, NetworkWidePermission]
    lookup_url_kwarg = "maintenance_plan_pk"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MaintenancePlan.objects.none()
        return plans_with_checklists()


class MaintenanceVisitViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MaintenanceVisitSerializer
    filterset_class = MaintenanceVisitFilter
    scoped_model = MaintenanceVisit
    lookup_url_kwarg = "visit_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MaintenanceVisit.objects.none()
        return visits_with_results(restrict_to_scope(self.request.user, MaintenanceVisit.objects))
