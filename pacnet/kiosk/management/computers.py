"""What the kiosk commands share: the computer named on the command line."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from pacnet.inventory.models import Equipment


def computer_by_code(code: str) -> Equipment:
    computer = Equipment.objects.select_related("site").filter(code=code).first()
    if computer is None or computer.kind != Equipment.Kind.COMPUTER:
        raise CommandError(_("No computer has the code “%(code)s”.") % {"code": code})
    return computer
