from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.usage.services import tallies_import


class Command(BaseCommand):
    help = (
        "Import paper tallies from a CSV file with the header point,date,visits,users. "
        "Nothing is written unless every row is valid; a row replaces the tally of its point "
        "and date."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv file (UTF-8).")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def handle(self, *args, file: str, language=None, **options):
        with translation.override(language or translation.get_language()):
            try:
                result = tallies_import(actor=None, path_or_file=file)
            except OSError as error:
                raise CommandError(
                    _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
                ) from error
            if not result.ok:
                raise CommandError("\n".join([_("Nothing was imported."), *result.error_lines()]))
            self.stdout.write(
                _(
                    "%(rows)s rows: %(created)s tallies created, %(updated)s replaced, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
