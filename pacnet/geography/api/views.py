"""Read endpoints for units and points; points are created and changed through services."""

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from pacnet.accounts.permissions import visible_sites, visible_units
from pacnet.core.api import AS_OF_PARAMETER, ScopedViewMixin
from pacnet.geography import services
from pacnet.geography.api.filters import SiteFilter, UnitFilter
from pacnet.geography.api.serializers import (
    SiteCreateSerializer,
    SiteSerializer,
    SiteUpdateSerializer,
    UnitSerializer,
)
from pacnet.geography.models import AdministrativeUnit, Site, UnitParentage
from pacnet.geography.selectors import sites_with_state

SOURCE = "api"


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]),
    retrieve=extend_schema(parameters=[AS_OF_PARAMETER]),
)
class UnitViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    scoped_model = AdministrativeUnit
    lookup_field = "code"
    lookup_url_kwarg = "unit_code"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AdministrativeUnit.objects.none()
        parentage = UnitParentage.objects.valid_on(self.as_of).filter(unit=OuterRef("pk"))
        return (
            visible_units(self.request.user)
            .annotate(parent_code=Subquery(parentage.values("parent__code")[:1]))
            .prefetch_related("successors")
        )


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]),
    retrieve=extend_schema(parameters=[AS_OF_PARAMETER]),
    create=extend_schema(request=SiteCreateSerializer, responses={201: SiteSerializer}),
    partial_update=extend_schema(request=SiteUpdateSerializer, responses={200: SiteSerializer}),
)
class SiteViewSet(
    ScopedViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    scoped_model = Site
    lookup_field = "code"
    lookup_url_kwarg = "site_code"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Site.objects.none()
        sites = visible_sites(self.request.user).prefetch_related("opening_periods")
        return sites_with_state(sites, self.as_of)

    def create(self, request, *args, **kwargs):
        incoming = SiteCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        site = services.site_create(actor=request.user, source=SOURCE, **incoming.validated_data)
        return Response(self._shown(site), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        site = self.get_object()
        incoming = SiteUpdateSerializer(
            site, data=request.data, partial=True, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        services.site_update(
            actor=request.user, site=site, source=SOURCE, **incoming.validated_data
        )
        return Response(self._shown(site))

    def _shown(self, site: Site) -> dict:
        fresh = sites_with_state(Site.objects.filter(pk=site.pk), self.as_of)
        fresh = fresh.prefetch_related("opening_periods").get()
        return self.get_serializer(fresh).data
