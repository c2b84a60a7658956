from django.urls import path

from pacnet.maintenance import views

app_name = "maintenance"
urlpatterns = [
    path("maintenance/", views.maintenance_schedule_list, name="schedule"),
    path("maintenance/plans/", views.maintenance_plan_list, name="plan_list"),
    path("maintenance/plans/new/", views.maintenance_plan_create, name="plan_create"),
    path(
        "maintenance/plans/<int:maintenance_plan_id>/edit/",
        views.maintenance_plan_update,
        name="plan_update",
    ),
    path(
        "maintenance/points/<str:site_code>/plans/<int:maintenance_plan_id>/visit/",
        views.maintenance_visit_create,
        name="visit_create",
    ),
    path("maintenance/visits/<int:visit_id>/", views.maintenance_visit_detail, name="visit_detail"),
]
