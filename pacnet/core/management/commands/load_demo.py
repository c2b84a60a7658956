from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pacnet.core.demo import demo_is_loaded, demo_logins, demo_network_load, demo_users_create


class Command(BaseCommand):
    help = "Load the Đắk Nông demo network of BRIEF.md (once: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--network-only",
            action="store_true",
            help="Units, points and equipment only: no demo users, no synthetic history.",
        )

    def handle(self, *args, network_only: bool, **options):
        if demo_is_loaded():
            self.stdout.write(_("The demo network is already loaded."))
        else:
            demo_network_load()
            self.stdout.write(self.style.SUCCESS(_("Đắk Nông demo network loaded.")))
        if not network_only:
            if demo_users_create():
                self.stdout.write(self.style.SUCCESS(_("Demo users created.")))
            self.stdout.write(_("Demo logins (user / password / role):"))
            for username, password, role in demo_logins():
                self.stdout.write(f"  {username:10} {password}  {role}")
