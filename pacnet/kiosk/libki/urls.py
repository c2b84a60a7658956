"""Libki's fixed paths: no prefix, and a trailing slash tolerated rather than redirected."""

from django.urls import re_path

from pacnet.kiosk.libki import views

app_name = "libki"

urlpatterns = [
    re_path(r"^api/client/v1_0/?$", views.client_api, name="client"),
    re_path(r"^api/client/v1_0/print/?$", views.client_print, name="print"),
]
