"""Outages from a paper log typed into a CSV file: `point,start,end,cause`.

Every row is checked first; then all rows are written in one transaction, or none.
A row whose line already has an outage starting at the same minute is left as it is,
so importing a file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pacnet.geography.lines import line_outage_record
from pacnet.geography.lines_selectors import current_line
from pacnet.geography.models import InternetLine, LineOutage

HEADER = ["point", "start", "end", "cause"]
SOURCE = "import_outages"


@dataclass
class OutageImportResult:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    number: int
    line: InternetLine
    start: dt.datetime
    end: dt.datetime
    cause: str


class _RolledBack(Exception):
    """Leave the transaction without writing anything."""


def _causes() -> dict[str, str]:
    """Cause codes and their labels in English and Vietnamese, lower-cased, to the code."""
    known = {}
    for code, label in LineOutage.Cause.choices:
        known[code] = code
        for language in ("en", "vi"):
            with translation.override(language):
                known[str(label).lower()] = code
    return known


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.strip())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _read(stream) -> tuple[list[str] | None, list[dict[str, str]]]:
    reader = csv.DictReader(stream)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    return header, list(reader)


def _parse(records: list[dict[str, str]], result: OutageImportResult) -> list[_Row]:
    codes = {(r.get("point") or "").strip() for r in records}
    lines_of: dict[str, list[InternetLine]] = {}
    for line in InternetLine.objects.filter(site__code__in=codes).select_related("site"):
        lines_of.setdefault(line.site.code, []).append(line)
    causes = _causes()
    rows = []
    for number, record in enumerate(records, start=2):  # row 1 is the header
        problems = []
        code = (record.get("point") or "").strip()
        times = {}
        for name in ("start", "end"):
            try:
                times[name] = _moment(record.get(name) or "")
            except ValueError:
                problems.append(
                    _("%(column)s is not a date and time like 2019-07-03 08:15.") % {"column": name}
                )
        cause = causes.get((record.get("cause") or "").strip().lower() or "unknown")
        if cause is None:
            problems.append(_("Unknown cause %(cause)r.") % {"cause": record.get("cause")})
        line = None
        if code not in lines_of:
            problems.append(_("No access point %(code)r with an Internet line.") % {"code": code})
        elif "start" in times:
            day = timezone.localtime(times["start"]).date()
            line = current_line(lines_of[code], day)
            if line is None:
                problems.append(_("%(code)s had no Internet line on that day.") % {"code": code})
        if problems:
            result.errors += [
                _("Row %(n)s: %(problem)s") % {"n": number, "problem": p} for p in problems
            ]
        else:
            rows.append(_Row(number, line, times["start"], times["end"], cause))
    return rows


def _write(actor: Any, rows: list[_Row], result: OutageImportResult) -> None:
    seen = set(
        LineOutage.objects.filter(line__in={r.line for r in rows}).values_list("line_id", "start")
    )
    for row in rows:
        if (row.line.pk, row.start) in seen:
            result.unchanged += 1
            continue
        try:
            line_outage_record(
                actor=actor,
                line=row.line,
                start=row.start,
                end=row.end,
                cause=row.cause,
                source=SOURCE,
            )
        except ValidationError as error:
            for text in error.messages:
                result.errors.append(
                    _("Row %(n)s: %(problem)s") % {"n": row.number, "problem": text}
                )
            continue
        seen.add((row.line.pk, row.start))
        result.created += 1


def line_outages_import(*, actor: Any, path_or_file: str | Path | Any) -> OutageImportResult:
    """Import outages; on any error, the result lists them by row and nothing is written."""
    if isinstance(path_or_file, str | Path):
        with open(path_or_file, encoding="utf-8-sig", newline="") as stream:
            header, records = _read(stream)
    else:
        header, records = _read(io.TextIOWrapper(path_or_file, encoding="utf-8-sig", newline=""))
    result = OutageImportResult(rows=len(records))
    if header != HEADER:
        result.errors.append(_("The first row must be %(header)s.") % {"header": ",".join(HEADER)})
        return result
    rows = _parse(records, result)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _write(actor, rows, result)
            if result.errors:
                raise _RolledBack
    except _RolledBack:
        result.created = result.unchanged = 0
    return result
