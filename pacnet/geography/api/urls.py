from rest_framework.routers import DefaultRouter

from pacnet.geography.api.views import SiteViewSet, UnitViewSet

app_name = "geography-api"

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("sites", SiteViewSet, basename="site")
urlpatterns = router.urls
