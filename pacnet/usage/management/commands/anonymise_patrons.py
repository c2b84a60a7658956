from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.usage.services import patrons_anonymise


class Command(BaseCommand):
    help = (
        "Remove the personal data of patrons with no session (or registration) in the last "
        "DAYS days; every figure stays the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def handle(self, *args, older_than: int, language=None, **options):
        with translation.override(language or translation.get_language()):
            try:
                count = patrons_anonymise(actor=None, older_than_days=older_than)
            except DomainError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(_("%(n)s patrons anonymised.") % {"n": count})
