"""`pacnet guest_passes --point CODE --count N [--format json|text]`: issue a batch of passes."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.core.errors import DomainError
from pacnet.geography.models import Site
from pacnet.usage.services import guest_passes_issue


class Command(BaseCommand):
    help = (
        "Issue a batch of COUNT guest passes (1 to 500) for the point and print each code with "
        "its PIN; the PINs are stored hashed and cannot be printed again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--point", required=True, metavar="CODE", help="the point's code")
        parser.add_argument("--count", type=int, required=True, metavar="N")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--language", choices=["vi", "en"], help="Language of the messages.")

    def handle(self, *args, point: str, count: int, format: str, language=None, **options):
        with translation.override(language or translation.get_language()):
            site = Site.objects.filter(code=point.strip().upper()).first()
            if site is None:
                raise CommandError(_("Unknown access point “%(code)s”.") % {"code": point})
            try:
                issued = guest_passes_issue(actor=None, site=site, count=count)
            except DomainError as error:
                raise CommandError(" ".join(error.messages)) from error
            if format == "json":
                rows = [{"code": code, "pin": pin} for code, pin in issued.passes]
                self.stdout.write(json.dumps(rows))
                return
            title = ngettext(
                "%(n)s guest pass for %(point)s, issued on %(day)s:",
                "%(n)s guest passes for %(point)s, issued on %(day)s:",
                count,
            )
            lines = [
                title % {"n": count, "point": site.code, "day": issued.batch.issued_on.isoformat()},
                f"{_('Code'):<10} {_('PIN')}",
            ]
            lines += [f"{code:<10} {pin}" for code, pin in issued.passes]
            self.stdout.write("\n".join(lines))
