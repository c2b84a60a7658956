from django.utils.translation import gettext as _

from pacnet.usage.management.csv_import import CsvImportCommand
from pacnet.usage.services import tallies_import


class Command(CsvImportCommand):
    help = (
        "Import paper tallies from a CSV file with the header point,date,visits,users. "
        "Nothing is written unless every row is valid; a row replaces the tally of its point "
        "and date."
    )

    def run_import(self, path: str):
        return tallies_import(actor=None, path_or_file=path)

    def summary(self, result) -> str:
        return _(
            "%(rows)s rows: %(created)s tallies created, %(updated)s replaced, "
            "%(unchanged)s unchanged."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
