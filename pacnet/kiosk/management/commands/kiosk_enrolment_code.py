"""`pacnet kiosk_enrolment_code COMPUTER`: print a one-time code enrolling its kiosk."""

from django.core.management.base import BaseCommand, CommandError

from pacnet.core.errors import DomainError
from pacnet.kiosk.management.computers import computer_by_code
from pacnet.kiosk.services.computers import enrolment_code_create


class Command(BaseCommand):
    help = "Create a one-time enrolment code for a computer and print the code alone."

    def add_arguments(self, parser):
        parser.add_argument("computer", help="the computer's equipment code")

    def handle(self, *args, **options):
        computer = computer_by_code(options["computer"])
        try:
            code = enrolment_code_create(actor=None, computer=computer)
        except DomainError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(code)
