from django.utils.translation import gettext as _

from pacnet.usage.management.csv_import import CsvImportCommand
from pacnet.usage.services import sessions_import


class Command(CsvImportCommand):
    help = (
        "Import sessions from a CSV file with the header "
        "point,computer,person,person_kind,start,end,service,pages. "
        "Nothing is written unless every row is valid; importing the same rows again changes "
        "nothing."
    )

    def run_import(self, path: str):
        return sessions_import(actor=None, path_or_file=path)

    def summary(self, result) -> str:
        return _(
            "%(rows)s rows: %(created)s sessions created, %(updated)s replaced, "
            "%(unchanged)s unchanged; %(persons)s new cards or passes."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "persons": result.persons_created,
        }
