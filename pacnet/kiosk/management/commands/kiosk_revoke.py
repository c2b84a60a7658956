"""`pacnet kiosk_revoke COMPUTER`: revoke the computer's kiosk token."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pacnet.kiosk.management.computers import computer_by_code
from pacnet.kiosk.services.computers import kiosk_token_revoke


class Command(BaseCommand):
    help = "Revoke the kiosk token of a computer: its kiosk must be enrolled again."

    def add_arguments(self, parser):
        parser.add_argument("computer", help="the computer's equipment code")

    def handle(self, *args, **options):
        computer = computer_by_code(options["computer"])
        if kiosk_token_revoke(actor=None, computer=computer):
            self.stdout.write(
                _("The kiosk token of %(code)s is revoked.") % {"code": computer.code}
            )
        else:
            self.stdout.write(_("%(code)s had no kiosk token in force.") % {"code": computer.code})
