from django.urls import path

from pacnet.faults import views
from pacnet.faults.views import equipment, repairs

app_name = "faults"
urlpatterns = [
    path("faults/", views.fault_list, name="fault_list"),
    path("faults/report/", views.fault_report, name="fault_report"),
    path("faults/<int:fault_id>/", views.fault_detail, name="fault_detail"),
    path("faults/<int:fault_id>/photo/", views.fault_photo, name="fault_photo"),
    path("faults/<int:fault_id>/assign/", views.fault_assign, name="fault_assign"),
    path("faults/<int:fault_id>/start/", views.fault_repair_start, name="fault_repair_start"),
    path("faults/<int:fault_id>/close/", views.fault_close, name="fault_close"),
    path(
        "faults/<int:fault_id>/repair/",
        repairs.repair_create_for_fault,
        name="repair_create_for_fault",
    ),
    path("repairs/", repairs.repair_list, name="repair_list"),
    path("repairs/<int:repair_id>/", repairs.repair_detail, name="repair_detail"),
    path(
        "repairs/new/<str:equipment_code>/",
        repairs.repair_create_for_item,
        name="repair_create_for_item",
    ),
    # Equipment indicators and the replacement plan: they read faults, repairs and visits.
    path("equipment/indicators/", equipment.equipment_indicators_page, name="equipment_indicators"),
    path(
        "equipment/indicators/export.<str:format>",
        equipment.equipment_indicators_export,
        name="equipment_indicators_export",
    ),
    path("equipment/replacement/", equipment.replacement_plan_page, name="replacement_plan"),
    path(
        "equipment/replacement/plan.xlsx",
        equipment.replacement_plan_export,
        name="replacement_plan_export",
    ),
]
