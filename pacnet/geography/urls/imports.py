"""Routes of the import page; geography/urls.py puts them BEFORE points/<site_code>/."""

from django.urls import path

from pacnet.geography.views import imports as import_views

urlpatterns = [
    path("points/import/", import_views.site_import, name="site_import"),
    path(
        "points/import/template.csv",
        import_views.site_import_template,
        name="site_import_template",
    ),
]
