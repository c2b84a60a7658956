import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.usage.rollups import usage_rollup_rebuild


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("“%(value)s” is not a date (yyyy-mm-dd).") % {"value": text}
        ) from error


class Command(BaseCommand):
    help = "Recompute the usage rollups from the sessions and tallies (all days, or start..end)."

    def add_arguments(self, parser):
        parser.add_argument("--start", help="First day (yyyy-mm-dd).")
        parser.add_argument("--end", help="Last day (yyyy-mm-dd).")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def handle(self, *args, start=None, end=None, language=None, **options):
        with translation.override(language or translation.get_language()):
            first = _day(start) if start else None
            last = _day(end) if end else None
            if first and last and last < first:
                raise CommandError(_("The end is before the start."))
            pairs = usage_rollup_rebuild(start=first, end=last)
            self.stdout.write(_("%(n)s point-days recomputed.") % {"n": pairs})
