from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.geography.imports import site_import


class Command(BaseCommand):
    help = (
        "Import administrative units and access points from a CSV (UTF-8) or XLSX file; "
        "see docs/geography-import.md. Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--user", help="Record the changes under this username and limit them to its area."
        )
        parser.add_argument(
            "--language", choices=["vi", "en"], help="Language of the messages (default: vi)."
        )

    def handle(self, *args, file: str, dry_run: bool, user, language, **options):
        with translation.override(language or translation.get_language()):
            self._import(Path(file), dry_run, user)

    def _import(self, path: Path, dry_run: bool, username: str | None) -> None:
        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(_("No active user %(name)s.") % {"name": username})
        try:
            with path.open("rb") as stream:
                summary = site_import(actor=actor, file=stream, name=path.name, dry_run=dry_run)
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}
            ) from error
        if not summary.ok:
            raise CommandError("\n".join(summary.lines()))
        for line in summary.lines():
            self.stdout.write(line)
