from django.utils.translation import gettext as _

from pacnet.core.management.import_command import ImportCommand
from pacnet.usage.services import sessions_import


class Command(ImportCommand):
    help = (
        "Import sessions from a CSV (UTF-8) or XLSX file with the header "
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
