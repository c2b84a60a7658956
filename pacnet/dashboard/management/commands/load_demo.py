import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.dashboard.demo import (
    demo_history_load,
    demo_is_loaded,
    demo_logins,
    demo_network_load,
)
from pacnet.usage.demo import demo_usage_present


class Command(BaseCommand):
    help = "Load the Đắk Nông demo network of BRIEF.md (once: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--network-only",
            action="store_true",
            help="Units, points and equipment only: no demo users, no synthetic history.",
        )
        parser.add_argument(
            "--usage-until",
            metavar="YYYY-MM-DD",
            help="Last day of synthetic usage (default: today).",
        )

    def handle(self, *args, network_only: bool, usage_until: str | None, **options):
        until = None
        if usage_until:
            try:
                until = dt.date.fromisoformat(usage_until)
            except ValueError as error:
                raise CommandError(_("--usage-until takes a date as YYYY-MM-DD.")) from error
        if demo_is_loaded():
            self.stdout.write(_("The demo network is already loaded."))
        else:
            demo_network_load()
            self.stdout.write(self.style.SUCCESS(_("Đắk Nông demo network loaded.")))
        if network_only:
            return
        if not demo_usage_present():
            self.stdout.write(_("Generating synthetic usage since September 2017…"))
        counts, users_created = demo_history_load(now=timezone.now(), usage_until=until)
        if counts is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Synthetic usage loaded: %(sessions)d sessions, %(tallies)d tallies.")
                    % counts
                )
            )
        if users_created:
            self.stdout.write(self.style.SUCCESS(_("Demo users created.")))
        self.stdout.write(_("Demo logins (user / password / role):"))
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username:10} {password}  {role}")
