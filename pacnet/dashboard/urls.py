from django.urls import path

from pacnet.dashboard import views

app_name = "dashboard"
# Exports: <scope>/<table>.<format>, format "xlsx" or "csv" (anything else: 404).
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.network, name="dashboard"),
    path("dashboard/units.<str:format>", views.export, {"table": "units"}, name="units_export"),
    path("dashboard/points.<str:format>", views.export, {"table": "points"}, name="points_export"),
    path("dashboard/months.<str:format>", views.export, {"table": "months"}, name="months_export"),
    path("dashboard/unit/<str:unit_code>/", views.unit, name="unit"),
    path(
        "dashboard/unit/<str:unit_code>/units.<str:format>",
        views.export,
        {"table": "units"},
        name="unit_units_export",
    ),
    path(
        "dashboard/unit/<str:unit_code>/points.<str:format>",
        views.export,
        {"table": "points"},
        name="unit_points_export",
    ),
    path(
        "dashboard/unit/<str:unit_code>/months.<str:format>",
        views.export,
        {"table": "months"},
        name="unit_months_export",
    ),
    path("dashboard/point/<str:site_code>/", views.point, name="point"),
    path(
        "dashboard/point/<str:site_code>/months.<str:format>",
        views.export,
        {"table": "months"},
        name="point_months_export",
    ),
]
