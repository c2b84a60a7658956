"""Read endpoints for plans: a plan applies to the whole network, so every role may read all."""

from rest_framework import viewsets

from pacnet.core.api import ScopedViewMixin
from pacnet.plans.api.filters import PlanFilter
from pacnet.plans.api.serializers import PlanSerializer
from pacnet.plans.models import Plan
from pacnet.plans.selectors import plans_latest_first


class PlanViewSet(ScopedViewMixin, viewsets.ReadOnlyModelViewSet):
    """The plans, latest first, with their period, targets and thresholds."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    scoped_model = Plan
    lookup_url_kwarg = "plan_id"

    def get_queryset(self):
        return plans_latest_first()
