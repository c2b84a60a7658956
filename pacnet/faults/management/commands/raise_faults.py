from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pacnet.faults.services import faults_raise_automatic
from pacnet.geography.selectors import today


class Command(BaseCommand):
    help = (
        "Raise a fault for each working computer at an open point with no session for N days "
        "(once: never a second while one is open)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PACNET_SILENT_DAYS,
            help="Days without a session (default: the PACNET_SILENT_DAYS setting, 14).",
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError(_("--days takes a whole number of at least 1."))
        raised = faults_raise_automatic(today=today(), days=days)
        for fault in raised:
            self.stdout.write(f"  #{fault.pk} {fault.equipment.code}")
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d fault(s) raised.") % {"count": len(raised)})
        )
