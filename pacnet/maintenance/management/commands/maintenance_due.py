"""`pacnet maintenance_due [--scope CODE] [--today YYYY-MM-DD] --format json|text`."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pacnet.geography.selectors import scope_by_code, scope_site_ids
from pacnet.maintenance.selectors import (
    DUE_WITHIN_DAYS,
    MAX_DUE_WITHIN_DAYS,
    maintenance_due_by_point,
)


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as error:
        raise CommandError(_("--today takes a date as YYYY-MM-DD.")) from error


class Command(BaseCommand):
    help = "Print, for each open point, the preventive-maintenance visits due and overdue."

    def add_arguments(self, parser):
        parser.add_argument("--scope", default="", help="a point code or a unit code")
        parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_WITHIN_DAYS,
            help="a visit falling due within this many days counts as due",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, **options):
        day = _date(options["today"]) if options["today"] else timezone.localdate()
        if not 0 <= options["days"] <= MAX_DUE_WITHIN_DAYS:
            raise CommandError(
                _("--days takes a number of days from 0 to %(most)d.")
                % {"most": MAX_DUE_WITHIN_DAYS}
            )
        scope = None
        if options["scope"]:
            scope = scope_by_code(options["scope"])
            if scope is None:
                raise CommandError(
                    _("Unknown point or unit code: %(code)s") % {"code": options["scope"]}
                )
        points = maintenance_due_by_point(
            site_ids=scope_site_ids(scope),
            today=day,
            within_days=options["days"],
        )
        if options["format"] == "json":
            data = {"points": [point.as_dict() for point in points]}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        with translation.override(options["language"]):
            self.stdout.write(self._text(points, day, options))

    def _text(self, points, day: dt.date, options) -> str:
        lines = [
            _("Preventive maintenance on %(day)s — %(scope)s (due: within %(days)s days)")
            % {
                "day": day.strftime("%d/%m/%Y"),
                "scope": options["scope"] or _("whole network"),
                "days": options["days"],
            }
        ]
        for point in points:
            last = point.last_visit.strftime("%d/%m/%Y") if point.last_visit else _("never")
            lines.append(
                "  "
                + _("%(point)s: %(due)s due, %(overdue)s overdue, last visit %(last)s")
                % {"point": point.code, "due": point.due, "overdue": point.overdue, "last": last}
            )
        if not points:
            lines.append(_("No open access point in this scope."))
        return "\n".join(lines)
