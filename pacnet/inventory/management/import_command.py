"""The shared shape of the equipment import commands: the core import command, plus
--dry-run and --user. Thin: every rule is in the import modules and the services."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from pacnet.core.management.import_command import ImportCommand


class EquipmentImportCommand(ImportCommand):
    """Subclasses give `importer`: a function (actor, file, name, dry_run) -> summary."""

    importer = None

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--user", help="Record the changes under this username and limit them to its area."
        )

    def handle(self, *args, dry_run: bool = False, user: str | None = None, **options):
        self.dry_run, self.username = dry_run, user
        super().handle(*args, **options)

    def run_import(self, path: str):
        actor = None
        if self.username:
            actor = get_user_model().objects.filter(username=self.username, is_active=True).first()
            if actor is None:
                raise CommandError(_("No active user %(name)s.") % {"name": self.username})
        with Path(path).open("rb") as stream:
            return type(self).importer(
                actor=actor, file=stream, name=Path(path).name, dry_run=self.dry_run
            )

    def summary(self, result) -> str:
        return "\n".join(result.lines())
