from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "pacnet.maintenance"
    label = "maintenance"
    verbose_name = _("Preventive maintenance")

    def ready(self):
        from pacnet.maintenance.panels import panels_register

        panels_register()
