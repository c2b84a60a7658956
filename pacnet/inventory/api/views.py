"""Equipment in the user's scope, and the one write: a dated status change."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pacnet.accounts.permissions import Action, restrict_to_scope
from pacnet.core.api import AS_OF_PARAMETER, ScopedViewMixin
from pacnet.inventory import services
from pacnet.inventory.api.filters import EquipmentFilter
from pacnet.inventory.api.serializers import EquipmentSerializer, StatusChangeSerializer
from pacnet.inventory.models import Equipment
from pacnet.inventory.selectors import equipment_with_status

SOURCE = "api"


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]),
    retrieve=extend_schema(parameters=[AS_OF_PARAMETER]),
)
class EquipmentViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilter
    scoped_model = Equipment
    lookup_field = "code"
    lookup_url_kwarg = "equipment_code"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Equipment.objects.none()
        items = restrict_to_scope(self.request.user, Equipment.objects.select_related("site"))
        return equipment_with_status(items, self.as_of)

    @extend_schema(request=StatusChangeSerializer, responses={201: StatusChangeSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        url_name="status",
        scoped_action=Action.CHANGE,
        serializer_class=StatusChangeSerializer,
        filterset_class=None,
    )
    def status_change(self, request, *args, **kwargs):
        """From `effective_on` on, the item is in `status`."""
        item = self.get_object()
        incoming = StatusChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        change = services.equipment_status_change(
            actor=request.user, item=item, source=SOURCE, **incoming.validated_data
        )
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)
