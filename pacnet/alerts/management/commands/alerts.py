import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.alerts.services import alerts_refresh, alerts_send


class Command(BaseCommand):
    help = "Raise and resolve the equipment alerts; with --send, e-mail the new ones (daily cron)."

    def add_arguments(self, parser):
        parser.add_argument("--send", action="store_true", help="E-mail alerts not yet sent.")
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="The day to check (default: today)."
        )

    def handle(self, *args, send: bool, today: str | None, **options):
        day = timezone.localdate()
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(_("--today takes a date as YYYY-MM-DD.")) from error
        result = alerts_refresh(today=day)
        self.stdout.write(
            _("Alerts: %(raised)d raised, %(resolved)d resolved, %(open)d open.")
            % {"raised": result.raised, "resolved": result.resolved, "open": result.still_open}
        )
        if not send:
            return
        sent = alerts_send(today=day)
        self.stdout.write(
            _("E-mails: %(mails)d sent, %(alerts)d alerts e-mailed, %(failures)d failed.")
            % {"mails": sent.mails, "alerts": sent.alerts_emailed, "failures": sent.failures}
        )
        if sent.failures:
            raise CommandError(_("Some e-mails could not be sent; the next run will retry."))
