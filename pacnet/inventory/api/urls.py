from rest_framework.routers import DefaultRouter

from pacnet.inventory.api.views import EquipmentViewSet

app_name = "inventory-api"

router = DefaultRouter()
router.register("equipment", EquipmentViewSet, basename="equipment")
urlpatterns = router.urls
