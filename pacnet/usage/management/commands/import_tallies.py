from django.utils.translation import gettext as _

from pacnet.core.management.import_command import ImportCommand
from pacnet.usage.services import tallies_import


class Command(ImportCommand):
    help = (
        "Import paper tallies from a CSV (UTF-8) or XLSX file with the header "
        "point,date,visits,users. "
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
