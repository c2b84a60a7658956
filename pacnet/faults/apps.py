from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaultsConfig(AppConfig):
    name = "pacnet.faults"
    label = "faults"
    verbose_name = _("Faults and repairs")

    def ready(self):
        from pacnet.faults.panels import panels_register

        panels_register()
