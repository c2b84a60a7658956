"""Import sessions and paper tallies from a CSV or XLSX file: check it all, then write in chunks.

`pacnet.core.tabular.table_records` reads the file (CSV in UTF-8 or the first sheet of a
workbook, streamed: the header, the cells, the file-level errors, as the other imports word
them). Each import reads it twice: the first pass checks every row, the second writes it in
chunks of CHUNK rows with bulk inserts, so memory stays bounded whatever the file's length.
The callers (`services.sessions_import`, `services.tallies_import`) hold the transaction.
Here: what both imports share (the result, the cells they parse).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core import tabular
from pacnet.core.tabular import MAX_COUNT, ErrorLog, whole_number

CELL_MAX = 100  # characters: codes, card numbers and moments are all far shorter
CHUNK = 50_000
IN_BATCH = 2_000  # values per SQL IN (...) list


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


def records(path_or_file: Any, columns: tuple[str, ...], result: ImportResult):
    """(row number, {column: text}) of each row whose cells are readable; the rest to `result`."""
    return tabular.table_records(path_or_file, columns=columns, log=result, max_cell=CELL_MAX)


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
