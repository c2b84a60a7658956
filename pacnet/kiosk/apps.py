from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "pacnet.kiosk"
    label = "kiosk"
    verbose_name = _("Kiosks")

    def ready(self):
        from pacnet.kiosk import panels

        panels.register()  # from a point's page to its live board and its kiosk rules
