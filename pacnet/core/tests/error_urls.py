"""The site's routes plus three that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from pacnet.urls import urlpatterns as site_urlpatterns


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/refused/", refused),
    path("test-errors/broken/", broken),
    *site_urlpatterns,
]
