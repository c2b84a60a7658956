import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.geography.models import Site
from pacnet.kiosk.selectors import rules_json
from pacnet.kiosk.services import kiosk_rules_update

MINUTES = ("session_minutes", "daily_minutes", "guest_session_minutes", "guest_daily_minutes")
SWITCHES = ("pin_required", "guest_self_registration")
TEXTS = ("warning_minutes", "hours", "client_header")
KEYS = (*MINUTES, *SWITCHES, *TEXTS)
SWITCH_VALUES = {"on": True, "off": False}


class Command(BaseCommand):
    help = (
        "Print a point's kiosk rules as JSON, after setting some (all or nothing, audited). "
        "Keys: " + ", ".join(KEYS) + "; see docs/kiosk.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--point", required=True, help="The code of the access point.")
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="A rule to set, e.g. session_minutes=45, pin_required=on, "
            "hours='mon-fri 07:30-17:00'. May be repeated.",
        )
        parser.add_argument(
            "--language", choices=["vi", "en"], help="Language of the messages (default: vi)."
        )

    def handle(self, *args, point: str, sets: list[str], language, **options):
        with translation.override(language or translation.get_language()):
            site = Site.objects.filter(code=point.strip()).first()
            if site is None:
                raise CommandError(_("No access point has the code %(code)s.") % {"code": point})
            changes = _changes(sets)
            if changes:
                try:
                    kiosk_rules_update(actor=None, site=site, source="command", **changes)
                except DomainError as error:
                    raise CommandError(_problems(error)) from error
            self.stdout.write(json.dumps(rules_json(site), ensure_ascii=False, indent=2))


def _changes(settings: list[str]) -> dict:
    changes: dict = {}
    for item in settings:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in KEYS:
            raise CommandError(
                _("Unknown rule “%(key)s”. Use KEY=VALUE with a key among: %(keys)s.")
                % {"key": key or item, "keys": ", ".join(KEYS)}
            )
        if key in changes:
            raise CommandError(_("“%(key)s” is set twice.") % {"key": key})
        if key in MINUTES:
            if not value.isdigit():
                raise CommandError(
                    _("%(key)s: “%(value)s” is not a whole number of minutes.")
                    % {"key": key, "value": value}
                )
            changes[key] = int(value)
        elif key in SWITCHES:
            if value.lower() not in SWITCH_VALUES:
                raise CommandError(
                    _("%(key)s: “%(value)s” is neither on nor off.") % {"key": key, "value": value}
                )
            changes[key] = SWITCH_VALUES[value.lower()]
        else:
            changes[key] = value
    return changes


def _problems(error: DomainError) -> str:
    if not hasattr(error, "error_dict"):
        return "\n".join([*error.messages, _("Nothing was changed.")])
    lines = []
    for key, messages in error.message_dict.items():
        lines += [f"{key}: {message}" for message in messages]
    return "\n".join(lines) + "\n" + _("Nothing was changed.")
