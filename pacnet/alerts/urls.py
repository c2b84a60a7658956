from django.urls import path

from pacnet.alerts import views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert_detail"),
]
