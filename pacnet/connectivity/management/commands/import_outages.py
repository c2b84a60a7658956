from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.connectivity.imports import line_outages_import


class Command(BaseCommand):
    help = (
        "Import Internet line outages from a CSV (UTF-8) or XLSX file with the columns "
        "point,start,end,cause; times are local, ISO (2019-07-03 08:15). Nothing is written "
        "unless every row is valid; importing the same rows again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--language", choices=["vi", "en"], help="Language of the messages (default: vi)."
        )

    def handle(self, *args, file: str, language=None, **options):
        with translation.override(language or translation.get_language()):
            try:
                result = line_outages_import(actor=None, path_or_file=file)
            except OSError as error:
                raise CommandError(
                    _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
                ) from error
            if not result.ok:
                raise CommandError("\n".join([_("Nothing was imported."), *result.error_lines()]))
            self.stdout.write(
                _("%(rows)s rows: %(created)s outages recorded, %(unchanged)s already recorded.")
                % {"rows": result.rows, "created": result.created, "unchanged": result.unchanged}
            )
