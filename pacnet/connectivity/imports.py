"""Outages from a paper log typed into a CSV or XLSX file: `point,start,end,cause`.

`pacnet.core.tabular` reads the file (size, encoding, old .xls, row limit, header), as for the
point and equipment imports. Every row is checked first; then all rows are written in one
transaction, or none.
A row whose line already has an outage starting at the same minute is left as it is,
so importing a file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.connectivity.selectors import current_line
from pacnet.connectivity.services import line_outage_record
from pacnet.core.tabular import ErrorLog, RowError, Table, read_table

HEADER = ["point", "start", "end", "cause"]
SOURCE = "import_outages"
CELL_MAX = 100  # characters: a code, a moment or a cause is far shorter


@dataclass
class OutageImportResult(ErrorLog):
    rows: int = 0
    created: int = 0
    unchanged: int = 0


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
    if not text.isascii():  # ISO 8601 is written in ASCII digits
        raise ValueError(text)
    moment = dt.datetime.fromisoformat(text.strip())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _table(file: IO[bytes], name: str, result: OutageImportResult) -> Table:
    """The file's rows; its own problems (file, header, cells) go to the result."""
    table = read_table(
        file, name, columns=HEADER, required=HEADER, max_cell=CELL_MAX, times=("start", "end")
    )
    if any(error.row == 1 for error in table.errors):
        message = _("The first row must be %(header)s.") % {"header": ",".join(HEADER)}
        result.error(1, "", message)
        return Table()
    return table


def _records(table: Table, result: OutageImportResult):
    """(row number, {column: cell}) of each readable row, in file order; the others' problems
    go to the result at their place, so that the first errors kept are those of the first rows."""
    problems: dict[int, list[RowError]] = defaultdict(list)
    for error in table.errors:
        problems[error.row or 0].append(error)
    for error in problems.pop(0, []):
        result.error(0, error.column, error.message)
    records = dict(table.rows)
    for number in sorted({*records, *problems}):
        for error in problems.get(number, []):
            result.error(number, error.column, error.message)
        if number in records:
            result.rows += 1
            yield number, {column: records[number].get(column, "") for column in HEADER}


def _parse(table: Table, result: OutageImportResult) -> list[_Row]:
    """The valid rows; once a row is wrong only the errors are kept (nothing will be written)."""
    lines_of: dict[str, list[InternetLine]] = {}
    for line in InternetLine.objects.select_related("site"):
        lines_of.setdefault(line.site.code, []).append(line)
    causes = _causes()
    rows = []
    for number, record in _records(table, result):
        code = record["point"]
        times = {}
        for name in ("start", "end"):
            try:
                times[name] = _moment(record[name])
            except ValueError:
                result.error(
                    number,
                    name,
                    _("%(column)s is not a date and time like 2019-07-03 08:15.")
                    % {"column": name},
                )
        cause = causes.get(record["cause"].lower() or "unknown")
        if cause is None:
            message = _("Unknown cause %(cause)r.") % {"cause": record["cause"]}
            result.error(number, "cause", message)
        line = None
        if code not in lines_of:
            message = _("No access point %(code)r with an Internet line.") % {"code": code}
            result.error(number, "point", message)
        elif "start" in times:
            day = timezone.localtime(times["start"]).date()
            line = current_line(lines_of[code], day)
            if line is None:
                message = _("%(code)s had no Internet line on that day.") % {"code": code}
                result.error(number, "point", message)
        if result.ok:
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
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, texts in by_field.items():
                for text in texts:
                    result.error(row.number, name if name in HEADER else "", text)
            continue
        seen.add((row.line.pk, row.start))
        result.created += 1


def line_outages_import(
    *, actor: Any, path_or_file: str | Path | IO[bytes], name: str = ""
) -> OutageImportResult:
    """Import outages; on any error, the result lists them by row and nothing is written.

    A path is opened (its name says CSV or XLSX); a file of bytes is read with `name`.
    """
    result = OutageImportResult()
    if isinstance(path_or_file, str | Path):
        path = Path(path_or_file)
        with path.open("rb") as file:
            table = _table(file, name or path.name, result)
    else:
        table = _table(path_or_file, name or getattr(path_or_file, "name", "") or "", result)
    rows = _parse(table, result)
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            _write(actor, rows, result)
            if not result.ok:
                raise _RolledBack
    except _RolledBack:
        result.created = result.unchanged = 0
    return result
