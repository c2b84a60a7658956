"""`pacnet indicators --year YYYY | --period P [--scope CODE] --format json|text`."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.core.tables import percent_text
from pacnet.geography.selectors import scope_by_code
from pacnet.indicators.periods import Period, period_indicators
from pacnet.indicators.selectors import year_indicators
from pacnet.indicators.status import INDICATORS
from pacnet.plans.status import status_label


class Command(BaseCommand):
    help = "Print a year's indicators for the network, a point or an administrative unit."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--year", type=int)
        when.add_argument(
            "--period", help="a month 2019-05, a quarter 2019-Q2, a year, or plan:<number>"
        )
        parser.add_argument("--scope", default="", help="a point code or a unit code")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (for tests)"
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, **options):
        scope = None
        if options["scope"]:
            scope = scope_by_code(options["scope"])
            if scope is None:
                raise CommandError(
                    _("Unknown point or unit code: %(code)s") % {"code": options["scope"]}
                )
        if options["period"]:
            try:
                period = Period.parse(options["period"])
            except DomainError as error:
                raise CommandError(error.messages[0]) from error
            result = period_indicators(period=period, scope=scope, today=options["today"])
        else:
            result = year_indicators(year=options["year"], scope=scope, today=options["today"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        with translation.override(options["language"]):
            self.stdout.write(self._text(result))

    def _text(self, result) -> str:
        data = result.as_dict()
        where = data["scope"] or _("whole network")
        if "period" in data:
            title = _("Indicators for %(period)s — %(scope)s") % {
                "period": data["period"],
                "scope": where,
            }
        else:
            title = _("Indicators %(year)s — %(scope)s") % {"year": data["year"], "scope": where}
        lines = [title]
        counts = [(_("Sessions"), "sessions"), (_("Visits"), "visits"), (_("Users"), "users")]
        lines += [f"{label}: {data[key]}" for label, key in counts]
        values = {
            "users_growth": (_("Users growth"), data["users_growth"]),
            "visits_growth": (_("Visits growth"), data["visits_growth"]),
            "effective_share": (_("Share of effective points"), data["effective_share"]),
        }
        for key in INDICATORS:
            label, value = values[key]
            shown = percent_text(value, places=2)
            lines.append(
                f"{label}: {shown} ({status_label(getattr(result, 'status', {}).get(key))})"
            )
        lines.append(
            _("Effective points: %(effective)s of %(counted)s counted")
            % {"effective": data["effective_points"], "counted": data["counted_points"]}
        )
        if data["points"]:
            lines.append(_("Point: sessions / visits / users — effective months / counted months"))
        for point in data["points"]:
            mark = _("effective") if point["effective"] else _("not effective")
            lines.append(
                f"  {point['point']}: {point['sessions']} / {point['visits']} / "
                f"{point['users']} — {point['effective_months']}/{point['counted_months']} "
                f"— {mark}"
            )
        return "\n".join(lines)
