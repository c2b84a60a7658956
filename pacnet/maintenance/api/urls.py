from rest_framework.routers import DefaultRouter

from pacnet.maintenance.api.views import MaintenancePlanViewSet, MaintenanceVisitViewSet

app_name = "maintenance-api"

router = DefaultRouter()
router.register("plans", MaintenancePlanViewSet, basename="plan")
router.register("visits", MaintenanceVisitViewSet, basename="visit")
urlpatterns = router.urls
