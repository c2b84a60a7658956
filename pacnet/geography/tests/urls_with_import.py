"""The project's URLs with the import routes, whether or not geography/urls.py has them yet."""

from django.urls import include, path

from pacnet import urls as project
from pacnet.geography import urls as geography
from pacnet.geography.urls import imports as import_urls

_present = {p.name for p in geography.urlpatterns}
# Before points/<site_code>/, which would otherwise take "import" for a point's code.
_geography = [p for p in import_urls.urlpatterns if p.name not in _present]
_geography += geography.urlpatterns

urlpatterns = [
    p for p in project.urlpatterns if getattr(p, "urlconf_name", None) is not geography
] + [path("", include((_geography, "geography")))]
