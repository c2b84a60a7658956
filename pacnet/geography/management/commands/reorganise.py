"""`pacnet reorganise`: merge units or remove a level of the administrative map from a date.

Thin: parses, calls pacnet.geography.reorganisation, prints what changed. --dry-run does the
same work inside a transaction and rolls it back.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit
from pacnet.geography.reorganisation import level_remove, units_merge, units_merge_into_new

SOURCE = "reorganise"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class _DryRun(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def parse_day(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(_("“%(text)s” is not a date: write YYYY-MM-DD.") % {"text": text})


def units_by_code(codes: list[str]) -> list[AdministrativeUnit]:
    found = AdministrativeUnit.objects.in_bulk(codes, field_name="code")
    missing = [code for code in codes if code not in found]
    if missing:
        raise CommandError(_("Unknown unit code: %(codes)s.") % {"codes": ", ".join(missing)})
    return [found[code] for code in codes]


class Command(BaseCommand):
    help = "Reorganise the administrative map from a date, keeping the history of every unit."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        merge = actions.add_parser(
            "merge", help="Merge units into one from a date; they end the day before."
        )
        merge.add_argument("--into", required=True, metavar="CODE", help="The unit they become.")
        merge.add_argument(
            "--units", required=True, metavar="X,Y", help="Codes of the merged units."
        )
        merge.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="First new day.")
        merge.add_argument("--create-name", metavar="NAME", help="Create CODE with this name.")
        merge.add_argument(
            "--create-level",
            choices=AdministrativeUnit.Level.values,
            help="Level of the created unit (default: that of the merged units).",
        )
        merge.add_argument(
            "--create-parent",
            metavar="CODE",
            help="Parent of the created unit (default: the merged units' common parent).",
        )
        remove = actions.add_parser(
            "remove-level", help="Abolish a level from a date; its contents move up."
        )
        remove.add_argument("--level", required=True, choices=AdministrativeUnit.Level.values)
        remove.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="First new day.")
        remove.add_argument("--within", metavar="CODE", help="Only under this unit.")
        for sub in (merge, remove):
            sub.add_argument(
                "--dry-run", action="store_true", help="Show what would change; write nothing."
            )

    def handle(self, *args, action: str, dry_run: bool, **options) -> None:
        day = parse_day(options["date"])
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            with transaction.atomic():
                if action == "merge":
                    summary = self.merge(day=day, **options)
                else:
                    summary = self.remove_level(day=day, **options)
                self.print_changes(first_entry)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(self.style.SUCCESS(summary))
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written.")))
            return
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(summary))

    def merge(self, *, day: dt.date, **options) -> str:
        codes = [code.strip() for code in options["units"].split(",") if code.strip()]
        sources = units_by_code(codes)
        target_code = options["into"].strip()
        if options["create_name"]:
            parent = options["create_parent"]
            target, totals = units_merge_into_new(
                actor=None,
                sources=sources,
                code=target_code,
                name=options["create_name"],
                level=options["create_level"],
                parent=units_by_code([parent.strip()])[0] if parent else None,
                day=day,
                source=SOURCE,
            )
        else:
            target = AdministrativeUnit.objects.filter(code=target_code).first()
            if target is None:
                raise CommandError(
                    _("Unknown unit code: %(code)s. To create it, give --create-name.")
                    % {"code": target_code}
                )
            totals = units_merge(actor=None, sources=sources, target=target, day=day, source=SOURCE)
        if not totals["merged"]:
            return _("Nothing to change: this merge is already recorded.")
        return _(
            "From %(day)s, merged into %(code)s: %(merged)d unit(s); "
            "moved: %(units)d unit(s), %(sites)d access point(s)."
        ) % {**totals, "code": target.code, "day": date_format(day, "SHORT_DATE_FORMAT")}

    def remove_level(self, *, day: dt.date, **options) -> str:
        within = units_by_code([options["within"].strip()])[0] if options["within"] else None
        level = options["level"]
        totals = level_remove(actor=None, level=level, day=day, within=within, source=SOURCE)
        if not totals["removed"]:
            return _("Nothing to change: no unit of this level is left to remove.")
        return _(
            "From %(day)s, level %(level)s removed: %(removed)d unit(s) ended; "
            "moved up: %(units)d unit(s), %(sites)d access point(s)."
        ) % {
            **totals,
            "level": AdministrativeUnit.Level(level).label,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
        }

    def print_changes(self, after_entry: int) -> None:
        """One line per changed field, read back from the audit trail the run just wrote."""
        for entry in AuditEntry.objects.filter(pk__gt=after_entry).order_by("pk"):
            for field, (old, new) in entry.changes.items():
                self.stdout.write(f"  {entry.object_repr}: {field}: {old or '–'} → {new or '–'}")
