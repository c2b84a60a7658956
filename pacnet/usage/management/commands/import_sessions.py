from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.usage.services import sessions_import


class Command(BaseCommand):
    help = (
        "Import sessions from a CSV file with the header "
        "point,computer,person,person_kind,start,end,service,pages. "
        "Nothing is written unless every row is valid; importing the same rows again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv file (UTF-8).")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def handle(self, *args, file: str, language=None, **options):
        with translation.override(language or translation.get_language()):
            try:
                result = sessions_import(actor=None, path_or_file=file)
            except OSError as error:
                raise CommandError(
                    _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
                ) from error
            if not result.ok:
                raise CommandError("\n".join([_("Nothing was imported."), *result.error_lines()]))
            self.stdout.write(
                _(
                    "%(rows)s rows: %(created)s sessions created, %(updated)s replaced, "
                    "%(unchanged)s unchanged; %(persons)s new cards or passes."
                )
                % {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "persons": result.persons_created,
                }
            )
