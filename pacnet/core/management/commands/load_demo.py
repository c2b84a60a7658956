import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.alerts.services import alerts_refresh
from pacnet.connectivity.demo import demo_lines_load
from pacnet.core.demo import (
    demo_equipment_extras_load,
    demo_equipment_extras_present,
    demo_is_loaded,
    demo_logins,
    demo_network_load,
    demo_users_create,
)
from pacnet.faults.demo import demo_faults_load
from pacnet.indicators.demo import demo_plan_load
from pacnet.inventory.demo_upkeep import demo_upkeep_load
from pacnet.usage.demo import demo_usage_load, demo_usage_present


def demo_history_load(
    *, now: dt.datetime, usage_until: dt.date | None = None
) -> tuple[dict[str, int] | None, bool]:
    """Everything but the network, ending at `now` for every part: nothing lies after it.

    Returns the usage counts (None when already loaded) and whether demo users were created.
    """
    if not demo_equipment_extras_present():
        demo_equipment_extras_load()
    demo_plan_load()
    demo_lines_load(now=now)
    demo_upkeep_load(until=timezone.localdate(now))
    counts = None
    if not demo_usage_present():
        counts = demo_usage_load(until=usage_until, now=now)
    users_created = bool(demo_users_create())
    demo_faults_load(now=now)  # after the users: the provincial library's technicians fix them
    alerts_refresh(today=timezone.localdate(now))  # last: the demo shows real alerts
    return counts, users_created


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
