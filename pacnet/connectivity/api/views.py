"""Internet lines in the user's scope, read only: outages are recorded on the point's page."""

from django.db.models import Prefetch
from rest_framework import viewsets

from pacnet.accounts.permissions import restrict_to_scope
from pacnet.connectivity.api.filters import InternetLineFilter
from pacnet.connectivity.api.serializers import InternetLineSerializer
from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.core.api import ScopedViewMixin


class InternetLineViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    """A point's Internet contracts, each with the outage going on if the line is down."""

    serializer_class = InternetLineSerializer
    filterset_class = InternetLineFilter
    scoped_model = InternetLine
    lookup_url_kwarg = "line_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InternetLine.objects.none()
        lines = restrict_to_scope(self.request.user, InternetLine.objects.select_related("site"))
        open_outages = Prefetch(
            "outages", queryset=LineOutage.objects.filter(end__isnull=True), to_attr="open_outages"
        )
        # A stable order for the pages: the model's order (point, newest contract), then the id.
        return lines.prefetch_related(open_outages).order_by("site__code", "-active_from", "pk")
