from rest_framework.routers import DefaultRouter

from pacnet.plans.api.views import PlanViewSet

app_name = "plans-api"

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="plan")
urlpatterns = router.urls
