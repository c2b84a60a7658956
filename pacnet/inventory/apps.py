from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "pacnet.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from pacnet.inventory import panels

        panels.register()  # the equipment of a point's page, the computers of the list
