from django.urls import path

from pacnet.kiosk.api import views

app_name = "kiosk-api"

urlpatterns = [
    path("enrol", views.EnrolView.as_view(), name="enrol"),
    path("rules", views.RulesView.as_view(), name="rules"),
    path("heartbeat", views.HeartbeatView.as_view(), name="heartbeat"),
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("guest", views.GuestView.as_view(), name="guest"),
    path("sign-out", views.SignOutView.as_view(), name="sign-out"),
    path("sessions", views.SessionsUploadView.as_view(), name="sessions"),
]
