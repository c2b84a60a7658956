from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectivityConfig(AppConfig):
    name = "pacnet.connectivity"
    label = "connectivity"
    verbose_name = _("Internet lines")

    def ready(self):
        from pacnet.connectivity import panels

        panels.register()  # the line panels of a point's page, the way to the list of lines
