"""Every write of the kiosk app, by the nouns it serves; import from here."""

from pacnet.kiosk.services.rules import (
    kiosk_closure_add,
    kiosk_closure_delete,
    kiosk_rules_update,
)

__all__ = [
    "kiosk_closure_add",
    "kiosk_closure_delete",
    "kiosk_rules_update",
]
