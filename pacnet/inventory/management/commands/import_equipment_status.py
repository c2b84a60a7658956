from pacnet.inventory.imports.statuses import equipment_statuses_import
from pacnet.inventory.management.import_command import EquipmentImportCommand


class Command(EquipmentImportCommand):
    help = (
        "Record dated status changes from a CSV file with the header equipment,status,date "
        "(status: working, faulty, under_repair or retired; the date it takes effect). "
        "Nothing is written unless every row is valid; importing the same rows again "
        "changes nothing."
    )
    importer = staticmethod(equipment_statuses_import)
