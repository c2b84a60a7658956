"""Reading an uploaded table (CSV or XLSX) into rows of text, one dict per row, for the imports.

The file-level rules (size, encoding, old .xls, row limit, header) are the same for every import;
each app gives only its columns, its row checks and its words. Row numbers are those a
spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.core.exports import neutralised_rows
from pacnet.core.validators import no_control_characters

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 500  # a file that bad needs fixing anyway; the count of the rest is given
MAX_CELL = 1000  # characters: the longest text field imported is 300
# The CSV reader's own limit (characters): bounds the memory one field may take; a longer field
# makes its row unreadable, a field up to it is reported as too long by `cell_problem`.
FIELD_LIMIT = MAX_BYTES
# The largest count an integer column holds on every database (PostgreSQL "integer").
MAX_COUNT = 2**31 - 1
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class RowError:
    """One problem: `row` is None for the whole file, `column` empty for the whole row."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.column:
            return _("row %(row)s, column %(column)s: %(message)s") % values
        return _("row %(row)s: %(message)s") % values


def in_file_order(errors: Iterable[RowError], columns: Sequence[str]) -> list[RowError]:
    """By row, then in the order of `columns`; whole-file and whole-row problems first.

    Only the first MAX_ERRORS are kept, followed by a line giving the count of the rest.
    """

    def key(error: RowError) -> tuple[int, int]:
        column = columns.index(error.column) if error.column in columns else -1
        return (error.row or 0, column)

    ordered = sorted(errors, key=key)
    if len(ordered) <= MAX_ERRORS:
        return ordered
    return [*ordered[:MAX_ERRORS], RowError(None, "", more_errors(len(ordered) - MAX_ERRORS))]


def more_errors(count: int) -> str:
    """The line that stands for the problems past MAX_ERRORS."""
    return ngettext(
        "… and %(count)s more problem, not shown: correct these first.",
        "… and %(count)s more problems, not shown: correct these first.",
        count,
    ) % {"count": number_format(count, force_grouping=True)}


def cell_problem(text: str, *, max_length: int = MAX_CELL) -> str | None:
    """What is wrong with a cell whatever its column (too long, a control character), or None."""
    if len(text) > max_length:
        return _("The value is too long: at most %(max)s characters.") % {"max": max_length}
    try:
        no_control_characters(text)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def out_of_range(text: str, maximum: int) -> str:
    return _("%(value)s is out of range: at most %(max)s.") % {"value": text, "max": maximum}


def whole_number(text: str) -> int | None:
    """ASCII digits only (int() also takes “٣” and str.isdigit() “²”), else None."""
    if text and text.isascii() and text.isdigit():
        return int(text)
    return None


def csv_records(lines: Iterable[str], *, delimiter: str = ",") -> Iterable[tuple[int, Any]]:
    """(row number, cells) with the header as row 1, as a spreadsheet numbers them.

    A record the CSV reader refuses (a value longer than FIELD_LIMIT) gives its message instead
    of its cells, and reading goes on with the next line.
    """
    csv.field_size_limit(FIELD_LIMIT)  # the default (128 KB) would refuse the row unreported
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield (
                number,
                _("The row cannot be read: a value is longer than %(size)s MB.")
                % {"size": FIELD_LIMIT // (1024 * 1024)},
            )
            continue
        yield number, cells


@dataclass
class ErrorLog:
    """Problems as (row, column, message), row 0 the whole file: the first MAX_ERRORS kept,
    the rest counted. For the imports that stream a file too large to hold."""

    errors: list[tuple[int, str, str]] = field(default_factory=list)
    errors_left_off: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((row, column, message))
        else:
            self.errors_left_off += 1

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_left_off

    def error_lines(self) -> list[str]:
        lines = [
            str(RowError(row or None, column, message))
            for row, column, message in sorted(self.errors, key=lambda e: e[0])
        ]
        if self.errors_left_off:
            lines.append(more_errors(self.errors_left_off))
        return lines


class NotCsv(Exception):
    """The file is not CSV text in UTF-8: the message says what it is and what to do."""


@contextmanager
def opened(path_or_file: Any) -> Iterator[IO[str]]:
    """Text of a path or a file object (rewound: it is read twice), UTF-8 with or without BOM.

    Reading it raises NotCsv for an Excel file or bytes that are not UTF-8.
    """
    if isinstance(path_or_file, str | Path):
        with open(path_or_file, "rb") as stream, _text(stream) as text:
            yield text
        return
    path_or_file.seek(0)
    if isinstance(path_or_file.read(0), str):
        yield path_or_file
        return
    with _text(path_or_file) as text:
        yield text


@contextmanager
def _text(stream: IO[bytes]) -> Iterator[IO[str]]:
    start = stream.read(len(XLSX_MAGIC))
    stream.seek(0)
    if start in (XLSX_MAGIC, XLS_MAGIC):
        raise NotCsv(_("This is an Excel file. This import reads CSV: save it as CSV UTF-8."))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield text
    finally:
        text.detach()  # leave the caller's file open


def csv_rows(stream: IO[str]) -> Iterator[tuple[int, list[str] | str]]:
    """(row number, cells) with the header as row 1, or (row number, why it is unreadable)."""
    try:
        for number, cells in csv_records(stream):
            yield number, cells if isinstance(cells, str) else [cell.strip() for cell in cells]
    except UnicodeDecodeError as error:
        # Decoded by blocks: the row of the bad byte is not known.
        raise NotCsv(_("The file is not UTF-8 text. In Excel, save it as CSV UTF-8.")) from error


class WriteFailed(Exception):
    """A service refused one row while writing (a rare race): the whole import is undone."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(
    file: IO[bytes],
    name: str,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    max_cell: int = MAX_CELL,
    moments: Sequence[str] = (),
) -> Table:
    """The rows of the first sheet (XLSX) or of the CSV text; file-level problems as errors.

    A cell longer than `max_cell` is an error; a date-and-time cell of a column in `moments`
    keeps its time (elsewhere a cell that Excel holds as a date and time gives its date).
    """
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _refused(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        return _refused(_("The file is empty."))
    if data.startswith(XLS_MAGIC) or name.lower().endswith(".xls"):
        return _refused(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8."))
    if name.lower().endswith(".xlsx") and not data.startswith(XLSX_MAGIC):
        return _refused(_("The file could not be read as an Excel workbook (.xlsx)."))
    try:
        lines = _xlsx_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(data)
        return _table(lines, columns, required, max_cell, moments)
    except _Refused as refused:
        return _refused(str(refused))


class _Refused(Exception):
    pass


def _refused(message: str) -> Table:
    return Table(errors=[RowError(None, "", message)])


def _csv_lines(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Refused(
            _("The file is not UTF-8 text. In Excel, save it as CSV UTF-8 or as .xlsx.")
        ) from error
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;").delimiter
    except csv.Error:
        delimiter = ","
    for _number, cells in csv_records(io.StringIO(text, newline=""), delimiter=delimiter):
        if isinstance(cells, str):  # not expected: no field of a file under MAX_BYTES is longer
            raise _Refused(cells)
        yield cells


def _xlsx_lines(data: bytes):
    from openpyxl import load_workbook

    # openpyxl raises many kinds of exception on a damaged or foreign file.
    unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    try:
        # Not data_only: a formula's cached value may be missing (then read as empty) or stale.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:
        raise _Refused(unreadable) from error
    try:
        for row in workbook.worksheets[0].iter_rows():
            yield [FORMULA if cell.data_type == "f" else cell.value for cell in row]
    except Exception as error:
        raise _Refused(unreadable) from error
    finally:
        workbook.close()


FORMULA = object()  # a formula cell of a workbook, refused by `_table`


def cell_text(value: Any, *, moment: bool = False) -> str:
    """A cell as text: dates in ISO form, 3.0 as 3, Unicode composed (NFC), spaces trimmed.

    A date and time gives its date, or with `moment` the date and time (2019-07-03 08:15:00).
    """
    if value is None or value is FORMULA:
        return ""
    if isinstance(value, dt.datetime):
        if moment:
            return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _table(
    lines, columns: Sequence[str], required: Sequence[str], max_cell: int, moments: Sequence[str]
) -> Table:
    table = Table()
    iterator = iter(lines)
    header = [cell_text(h).lower() for h in next(iterator, [])]
    if not any(header):
        raise _Refused(_("The file is empty."))
    table.errors = header_errors(header, columns, required)
    if table.errors:
        return table
    table.columns = [h for h in header if h]
    nameless = {i for i, h in enumerate(header) if not h}
    timed = {i for i, h in enumerate(header) if h in moments}
    count = 0
    for number, cells in enumerate(iterator, start=2):
        texts = [cell_text(c, moment=i in timed) for i, c in enumerate(cells)]
        formulas = [i for i, c in enumerate(cells) if c is FORMULA]
        if not any(texts) and not formulas:
            continue
        if count == MAX_ROWS:
            count = number_format(MAX_ROWS, force_grouping=True)
            raise _Refused(
                _("The file has more than %(count)s rows. Split it into smaller files.")
                % {"count": count}
            )
        count += 1
        if any(t for i, t in enumerate(texts) if i in nameless or i >= len(header)):
            table.errors.append(RowError(number, "", _("A value is in a column without a name.")))
        bad = _cell_errors(number, header, texts, formulas, max_cell)
        if bad:  # reported; the row's own checks would only echo the bad value
            table.errors += bad
            continue
        table.rows.append((number, {h: t for h, t in zip(header, texts, strict=False) if h}))
    if not count:
        table.errors.append(RowError(None, "", _("The file has a header but no rows.")))
    return table


def _cell_errors(
    number: int, header: list[str], texts: list[str], formulas: list[int], max_cell: int
):
    errors = []
    for i, column in enumerate(header[: len(texts)]):
        if not column:
            continue
        if i in formulas:
            message = _(
                "The cell holds a formula. Copy the column and paste it as values "
                "(Paste Special → Values), then import again."
            )
        else:
            message = cell_problem(texts[i], max_length=max_cell)
        if message:
            errors.append(RowError(number, column, message))
    return errors


def header_errors(
    header: list[str], columns: Sequence[str], required: Sequence[str]
) -> list[RowError]:
    """Unknown, repeated and missing columns, each an error of row 1."""
    errors, seen = [], set()
    for column in header:
        if not column:
            continue
        if column not in columns:
            message = _("Unknown column. The columns are: %(columns)s.") % {
                "columns": ", ".join(columns)
            }
            errors.append(RowError(1, column, message))
        elif column in seen:
            errors.append(RowError(1, column, _("This column appears twice.")))
        seen.add(column)
    errors += [RowError(1, c, _("This column is missing.")) for c in required if c not in seen]
    return errors


def template_csv(columns: Sequence[str], rows: Iterable[Sequence[str] | Mapping[str, str]]) -> str:
    """A template as CSV text with a byte-order mark, so that Excel reads it as UTF-8.

    A row is its cells in column order, or a dict by column (a missing column is empty).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(c, "") for c in columns] if isinstance(row, Mapping) else row
        writer.writerows(neutralised_rows([cells]))  # neutralised as every CSV we write
    return "\ufeff" + out.getvalue()


def choices(field_choices, words: dict[str, str]) -> dict[str, str]:
    """Codes, Vietnamese words and the labels in both languages, all lower case."""
    found = {value: value for value in field_choices.values} | words
    for language in ("vi", "en"):
        with translation.override(language):
            found |= {str(label).casefold(): value for value, label in field_choices.choices}
    return found


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy or ISO yyyy-mm-dd in ASCII digits; anything else -> None."""
    if not text.isascii():  # strptime's %d takes any Unicode digit
        return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class RowChecker:
    """Checks one row's cells; `errors` collects a RowError per problem."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]):
        self.number, self.cells, self.errors = number, cells, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = 0) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.error(column, _("This value is required."))
        elif max_length and len(value) > max_length:
            self.error(column, _("At most %(max)s characters.") % {"max": max_length})
        return value

    def choice(self, column: str, labels: dict[str, str], hint: str) -> str:
        value = self.text(column, required=True)
        if value and value.casefold() not in labels:
            self.error(
                column,
                _("Unknown value “%(value)s”. Use %(hint)s.") % {"value": value, "hint": hint},
            )
        return labels.get(value.casefold(), "")

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.text(column, required=required)
        day = parse_date(value) if value else None
        if value and day is None:
            self.error(
                column,
                _("“%(value)s” is not a date. Write dd/mm/yyyy, e.g. 01/06/2012.")
                % {"value": value},
            )
        return day

    def not_for(self, columns: Sequence[str], message: str) -> None:
        """Each of `columns` must be empty in this kind of row."""
        for column in columns:
            if self.cells.get(column):
                self.error(column, message)
