from django.urls import path

from pacnet.inventory import views, views_import, views_indicators, views_upkeep

app_name = "inventory"
urlpatterns = [
    path("equipment/", views.equipment_list, name="equipment_list"),
    path("equipment/new/", views.equipment_create, name="equipment_create"),
    # Before the detail route: "import" is not an equipment code.
    path("equipment/import/", views_import.equipment_import, name="equipment_import"),
    path(
        "equipment/import/template.csv",
        views_import.equipment_import_template,
        name="equipment_import_template",
    ),
    # Equipment indicators and the replacement plan (also before the detail route).
    path(
        "equipment/indicators/",
        views_indicators.equipment_indicators_page,
        name="equipment_indicators",
    ),
    path(
        "equipment/indicators/export.<str:format>",
        views_indicators.equipment_indicators_export,
        name="equipment_indicators_export",
    ),
    path("equipment/replacement/", views_indicators.replacement_plan_page, name="replacement_plan"),
    path(
        "equipment/replacement/plan.xlsx",
        views_indicators.replacement_plan_export,
        name="replacement_plan_export",
    ),
    path("equipment/<str:equipment_code>/", views.equipment_detail, name="equipment_detail"),
    path("equipment/<str:equipment_code>/edit/", views.equipment_update, name="equipment_update"),
    path(
        "equipment/<str:equipment_code>/status/",
        views.equipment_status_change,
        name="equipment_status_change",
    ),
    path(
        "equipment/<str:equipment_code>/status/undo/",
        views.equipment_status_undo,
        name="equipment_status_undo",
    ),
    # Preventive maintenance (bảo trì định kỳ).
    path("maintenance/", views_upkeep.maintenance_schedule_list, name="maintenance_schedule"),
    path("maintenance/plans/", views_upkeep.maintenance_plan_list, name="maintenance_plan_list"),
    path(
        "maintenance/plans/new/",
        views_upkeep.maintenance_plan_create,
        name="maintenance_plan_create",
    ),
    path(
        "maintenance/plans/<int:maintenance_plan_id>/edit/",
        views_upkeep.maintenance_plan_update,
        name="maintenance_plan_update",
    ),
    path(
        "maintenance/points/<str:site_code>/plans/<int:maintenance_plan_id>/visit/",
        views_upkeep.maintenance_visit_create,
        name="maintenance_visit_create",
    ),
    path(
        "maintenance/visits/<int:visit_id>/",
        views_upkeep.maintenance_visit_detail,
        name="maintenance_visit_detail",
    ),
]
