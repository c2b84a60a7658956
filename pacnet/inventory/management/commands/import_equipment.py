from pacnet.inventory.imports import equipment_import
from pacnet.inventory.management.import_command import EquipmentImportCommand


class Command(EquipmentImportCommand):
    help = (
        "Import the equipment register from a CSV (UTF-8) or XLSX file, one row per item "
        "identified by its code; see docs/inventory.md. Nothing is written unless every row "
        "is valid; importing the same file again changes nothing."
    )
    importer = staticmethod(equipment_import)
