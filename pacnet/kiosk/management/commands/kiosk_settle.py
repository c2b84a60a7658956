"""`pacnet kiosk_settle`: end kiosk sessions whose time is up or whose computer went silent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pacnet.kiosk.services.sessions import kiosk_sessions_settle


class Command(BaseCommand):
    help = "End kiosk sessions whose time is up or whose computer went silent (run it often)."

    def handle(self, *args, **options):
        settled = kiosk_sessions_settle()
        self.stdout.write(_("Sessions ended: %(n)d") % {"n": settled})
