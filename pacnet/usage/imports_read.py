"""Reading usage CSV files: open twice (check, then write), parse cells, collect row errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_ERRORS = 500  # a file that bad needs fixing anyway; the count of the rest is given


class CellError(Exception):
    """One bad cell: the message is already translated."""


@dataclass
class ImportResult:
    """What an import did, or why it did nothing: errors are (row, column, message)."""

    errors: list[tuple[int, str, str]] = field(default_factory=list)
    errors_left_off: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    persons_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((row, column, message))
        else:
            self.errors_left_off += 1

    def error_lines(self) -> list[str]:
        lines = [
            _("row %(row)s, column %(column)s: %(message)s")
            % {"row": row, "column": column or "-", "message": message}
            for row, column, message in sorted(self.errors, key=lambda e: e[0])
        ]
        if self.errors_left_off:
            lines.append(_("… and %(n)s more errors.") % {"n": self.errors_left_off})
        return lines


@contextmanager
def opened(path_or_file: Any) -> Iterator[IO[str]]:
    """Text of a path or a file object (rewound: it is read twice), UTF-8 with or without BOM."""
    if isinstance(path_or_file, str | Path):
        with open(path_or_file, encoding="utf-8-sig", newline="") as stream:
            yield stream
        return
    path_or_file.seek(0)
    if isinstance(path_or_file.read(0), str):
        yield path_or_file
        return
    text = io.TextIOWrapper(path_or_file, encoding="utf-8-sig", newline="")
    try:
        yield text
    finally:
        text.detach()  # leave the caller's file open


def csv_rows(stream: IO[str]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) with the header as row 1, as a spreadsheet numbers them."""
    for number, cells in enumerate(csv.reader(stream), start=1):
        yield number, [cell.strip() for cell in cells]


def header_positions(cells: list[str], columns: tuple[str, ...]) -> dict[str, int] | str:
    """Where each expected column is, or the message saying what is wrong with the header."""
    names = [c.strip().lower().lstrip("\ufeff") for c in cells]
    missing = [c for c in columns if c not in names]
    if missing:
        return _("The header must be %(header)s; missing: %(missing)s.") % {
            "header": ",".join(columns),
            "missing": ", ".join(missing),
        }
    return {c: names.index(c) for c in columns}


def parse_moment(text: str) -> dt.datetime:
    """ISO 8601; a moment with no offset is local (Asia/Ho_Chi_Minh) time."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CellError(
            _("“%(value)s” is not an ISO 8601 date and time.") % {"value": text}
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def parse_day(text: str) -> dt.date:
    """ISO (2019-03-31) or dd/mm/yyyy."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (yyyy-mm-dd or dd/mm/yyyy).") % {"value": text})


def parse_count(text: str) -> int:
    if not text.isdigit():
        raise CellError(_("“%(value)s” is not a whole number of 0 or more.") % {"value": text})
    return int(text)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()
