from django.urls import path

from pacnet.inventory import views
from pacnet.inventory.views import imports

app_name = "inventory"
urlpatterns = [
    path("equipment/", views.equipment_list, name="equipment_list"),
    path("equipment/new/", views.equipment_create, name="equipment_create"),
    # Before the detail route: "import" is not an equipment code.
    path("equipment/import/", imports.equipment_import, name="equipment_import"),
    path(
        "equipment/import/template.csv",
        imports.equipment_import_template,
        name="equipment_import_template",
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
]
