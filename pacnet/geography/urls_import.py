"""Routes of the import page; geography/urls.py puts them BEFORE points/<site_code>/."""

from django.urls import path

from pacnet.geography import views_import

urlpatterns = [
    path("points/import/", views_import.site_import, name="site_import"),
    path(
        "points/import/template.csv",
        views_import.site_import_template,
        name="site_import_template",
    ),
]
