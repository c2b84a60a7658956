"""Reading usage CSV files: open twice (check, then write), parse cells, collect row errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core import tabular
from pacnet.core.tabular import MAX_COUNT, ErrorLog, NotCsv, csv_rows, opened, whole_number
from pacnet.core.validators import CONTROL_CHARACTERS

__all__ = ["NotCsv", "csv_rows", "opened"]  # the usage imports read through these

CELL_MAX = 100  # characters: codes, card numbers and moments are all far shorter


class CellError(Exception):
    """One bad cell: the message is already translated."""


@dataclass
class ImportResult(ErrorLog):
    """What an import did, or why it did nothing (the errors)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    persons_created: int = 0


def header_positions(cells: list[str], columns: tuple[str, ...]) -> dict[str, int] | str:
    """Where each expected column is, or the message saying what is wrong with the header."""
    names = [c.strip().lower().lstrip("\ufeff") for c in cells]
    missing = [c for c in columns if c not in names]
    if missing:
        return _("The header must be %(header)s; missing: %(missing)s.") % {
            "header": ",".join(columns),
            "missing": ", ".join(missing),
        }
    twice = [c for c in columns if names.count(c) > 1]
    if twice:
        return _("The header has the column %(columns)s twice.") % {"columns": ", ".join(twice)}
    return {c: names.index(c) for c in columns}


def cell_problems(number: int, cells: list[str], pos: dict[str, int], result) -> bool:
    """Report each cell too long or with a control character; True when there is any."""
    # One search over the whole row first: the national files have millions of good rows.
    if max(map(len, cells)) <= CELL_MAX and not CONTROL_CHARACTERS.search("".join(cells)):
        return False
    bad = False
    for column, index in pos.items():
        message = tabular.cell_problem(cells[index], max_length=CELL_MAX)
        if message:
            result.error(number, column, message)
            bad = True
    return bad


def parse_moment(text: str) -> dt.datetime:
    """ISO 8601; a moment with no offset is local (Asia/Ho_Chi_Minh) time."""
    try:
        if not text.isascii():
            raise ValueError(text)
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise CellError(
            _("“%(value)s” is not an ISO 8601 date and time.") % {"value": text}
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def parse_day(text: str) -> dt.date:
    """ISO (2019-03-31) or dd/mm/yyyy, in ASCII digits."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y") if text.isascii() else ():
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (yyyy-mm-dd or dd/mm/yyyy).") % {"value": text})


def parse_count(text: str) -> int:
    """ASCII digits, up to what the database holds (10^23 would overflow the write)."""
    count = whole_number(text)
    if count is None:
        raise CellError(_("“%(value)s” is not a whole number of 0 or more.") % {"value": text})
    if count > MAX_COUNT:
        raise CellError(tabular.out_of_range(text, MAX_COUNT))
    return count


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()
