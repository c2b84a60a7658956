from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

api_patterns = [
    path("geography/", include("pacnet.geography.api.urls")),
    path("inventory/", include("pacnet.inventory.api.urls")),
    path("plans/", include("pacnet.plans.api.urls")),
    path("maintenance/", include("pacnet.maintenance.api.urls")),
    path("connectivity/", include("pacnet.connectivity.api.urls")),
    path("kiosk/v1/", include("pacnet.kiosk.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    # First: Libki clients use these exact paths, and follow no redirect.
    path("", include("pacnet.kiosk.libki.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
    path("accounts/", include("pacnet.accounts.urls")),
    path("", include("pacnet.dashboard.urls")),
    path("", include("pacnet.geography.urls")),
    path("", include("pacnet.connectivity.urls")),
    # Before inventory: its equipment/<code>/ would take faults' equipment/indicators/.
    path("", include("pacnet.faults.urls")),
    path("", include("pacnet.inventory.urls")),
    path("", include("pacnet.maintenance.urls")),
    path("", include("pacnet.usage.urls")),
    path("", include("pacnet.kiosk.urls")),
    path("", include("pacnet.plans.urls")),
    path("", include("pacnet.alerts.urls")),
]
# No public serving of MEDIA_ROOT, not even in debug: fault photos are private and are
# served by faults:fault_photo, which checks the user's scope.
