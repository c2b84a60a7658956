"""The shared shape of the import commands (a CSV or XLSX file): thin, all rules in the services."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _


class ImportCommand(BaseCommand):
    """Subclasses give `run_import(path)` (a service call) and `summary(result)`."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file: .csv (UTF-8) or .xlsx (its first sheet).")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def run_import(self, path: str):
        raise NotImplementedError

    def summary(self, result) -> str:
        raise NotImplementedError

    def handle(self, *args, file: str, language=None, **options):
        with translation.override(language or translation.get_language()):
            try:
                result = self.run_import(file)
            except OSError as error:
                raise CommandError(
                    _("Cannot open %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
                ) from error
            if not result.ok:
                raise CommandError("\n".join([_("Nothing was imported."), *result.error_lines()]))
            self.stdout.write(self.summary(result))
