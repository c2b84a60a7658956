"""`pacnet plans [--format json|text]`: the plans with their period, targets and thresholds."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import formats, translation
from django.utils.translation import gettext as _

from pacnet.plans.forms import as_percent
from pacnet.plans.models import Plan
from pacnet.plans.selectors import plan_summaries, plans_latest_first


def _percent(ratio) -> str:
    return formats.number_format(as_percent(ratio))


def _day(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class Command(BaseCommand):
    help = "Print the plans, latest first, with their period, targets and thresholds."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, **options):
        if options["format"] == "json":
            self.stdout.write(json.dumps({"plans": plan_summaries()}, ensure_ascii=False))
            return
        with translation.override(options["language"]):
            plans = list(plans_latest_first())
            if not plans:
                self.stdout.write(_("No plan has been entered yet."))
            self.stdout.write("\n\n".join(self._text(plan) for plan in plans))

    def _text(self, plan: Plan) -> str:
        period = _("In force from %(start)s to %(end)s") % {
            "start": _day(plan.start),
            "end": _day(plan.end),
        }
        low, high = _percent(plan.visits_growth_min), _percent(plan.visits_growth_max)
        lines = [
            plan.name,
            f"  {plan.reference} · {period}" if plan.reference else f"  {period}",
            "  " + _("Targets"),
            "    - "
            + _("The number of users grows by at least %(n)s %% every year.")
            % {"n": _percent(plan.users_growth_min)},
            "    - "
            + _(
                "The number of visits grows by %(low)s–%(high)s %% every year: at least "
                "%(low)s %% meets the target."
            )
            % {"low": low, "high": high},
            "    - "
            + _(
                "%(low)s–%(high)s %% of the access points counted in a year are effective "
                "that year."
            )
            % {
                "low": _percent(plan.effective_share_min),
                "high": _percent(plan.effective_share_max),
            },
            "  " + _("When an access point is effective"),
            "    - "
            + _(
                "In a month: it had a visit on at least %(days)s days, and at least %(ratio)s %% "
                "of its computers were in working order on the month's last day."
            )
            % {"days": plan.days_with_visit_min, "ratio": _percent(plan.working_ratio_min)},
            "    - "
            + _(
                "In a year: it was effective in at least %(share)s %% of its counted months (the "
                "months that have ended and during all of which it was open)."
            )
            % {"share": _percent(plan.effective_months_share)},
        ]
        return "\n".join(lines)
