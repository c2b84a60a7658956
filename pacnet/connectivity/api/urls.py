from rest_framework.routers import DefaultRouter

from pacnet.connectivity.api.views import InternetLineViewSet

app_name = "connectivity-api"

router = DefaultRouter()
router.register("lines", InternetLineViewSet, basename="line")
urlpatterns = router.urls
