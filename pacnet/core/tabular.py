"""Reading an uploaded table (CSV or XLSX) into rows of text, one dict per row, for the imports.

The file-level rules (size, encoding, old .xls, row limit, header) are the same for every import;
each app gives only its columns, its row checks and its words. Row numbers are those a
spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.core.exports import neutralised_rows
from pacnet.core.validators import CONTROL_CHARACTERS, no_control_characters

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
    times: Sequence[str] = (),
) -> Table:
    """The rows of the first sheet (XLSX) or of the CSV text; file-level problems as errors.

    The whole table is held (at most MAX_BYTES, MAX_ROWS rows); `table_records` streams.
    A cell longer than `max_cell` is an error; a workbook's date and time in one of the
    columns `times` keeps its time (elsewhere it gives its date).
    """
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _refused(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        return _refused(_("The file is empty."))
    stream = io.BytesIO(data)
    try:
        with closing(_lines(stream, _kind(stream, name), name)) as lines:
            return _table(_cells_only(lines), columns, required, max_cell, times)
    except _Refused as refused:
        return _refused(str(refused))


class _Refused(Exception):
    """The file cannot be read at all: the message says why and what to do."""


def _refused(message: str) -> Table:
    return Table(errors=[RowError(None, "", message)])


def _kind(stream: IO[bytes] | IO[str], name: str) -> str:
    """A workbook (xlsx) by its first bytes (a zip), CSV text (csv) otherwise; the name only
    refuses an old .xls, or a file named .xlsx that is no workbook."""
    start = stream.read(len(XLSX_MAGIC))
    stream.seek(0)
    if isinstance(start, str):  # already text: CSV
        return "csv"
    if start == XLS_MAGIC or name.lower().endswith(".xls"):
        raise _Refused(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8."))
    if start == XLSX_MAGIC:
        return "xlsx"
    if name.lower().endswith(".xlsx"):
        raise _Refused(_("The file could not be read as an Excel workbook (.xlsx)."))
    return "csv"


def _lines(stream: IO[Any], kind: str, name: str) -> Iterator[tuple[int, list[Any] | str]]:
    """(row number, cells) of the CSV text or the first sheet, the header as row 1, read as it
    goes; a CSV row the reader refuses gives its message instead of its cells.

    Raises _Refused when the file cannot be read (not UTF-8, a damaged workbook).
    """
    if kind == "xlsx":
        yield from enumerate(_xlsx_lines(stream, name), start=1)
    elif isinstance(stream.read(0), str):
        yield from _csv_lines(stream)
    else:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            yield from _csv_lines(text)
        except UnicodeDecodeError as error:
            # Decoded by blocks: the row of the bad byte is not known.
            raise _Refused(
                _(
                    "The file is not UTF-8 text. In Excel, save it as CSV UTF-8. "
                    "Or save it as .xlsx."
                )
            ) from error
        finally:
            text.detach()  # leave the caller's file open


def _csv_lines(text: IO[str]) -> Iterator[tuple[int, list[str] | str]]:
    """Comma- or semicolon-separated, as the first line has it (Excel writes either)."""
    first = text.readline()
    try:
        delimiter = csv.Sniffer().sniff(first.rstrip("\r\n"), delimiters=",;").delimiter
    except csv.Error:
        delimiter = ","
    yield from csv_records(itertools.chain([first], text), delimiter=delimiter)


def _cells_only(lines: Iterable[tuple[int, list[Any] | str]]) -> Iterator[list[Any]]:
    for _number, cells in lines:
        if isinstance(cells, str):  # not expected: no field of a file under MAX_BYTES is longer
            raise _Refused(cells)
        yield cells


def _xlsx_lines(stream: IO[bytes], name: str) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    # openpyxl raises many kinds of exception on a damaged or foreign file.
    if name.lower().endswith(".xlsx"):
        unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    else:  # a zip under another name: a workbook named .csv, or no workbook at all
        unreadable = _(
            "This is an Excel file. This import reads CSV and workbooks (.xlsx) but cannot "
            "read this one: save it as .xlsx or as CSV UTF-8."
        )
    try:
        # Not data_only: a formula's cached value may be missing (then read as empty) or stale.
        # A file object, not a path: openpyxl would refuse a path not named .xlsx.
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:
        raise _Refused(unreadable) from error
    try:
        for row in workbook.worksheets[0].iter_rows():
            yield [FORMULA if cell.data_type == "f" else cell.value for cell in row]
    except Exception as error:
        raise _Refused(unreadable) from error
    finally:
        workbook.close()


FORMULA = object()  # a formula cell of a workbook, refused by `_table` and `table_records`


def cell_text(value: Any, *, times: bool = False) -> str:
    """A cell as text: dates in ISO form, 3.0 as 3, Unicode composed (NFC), spaces trimmed.

    A date and time keeps its time (ISO, 2019-03-04T09:30:00) with `times`, else only its date.
    """
    if value is None or value is FORMULA:
        return ""
    if isinstance(value, dt.datetime):
        if times and value.time() != dt.time():
            return value.isoformat()
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _table(
    lines,
    columns: Sequence[str],
    required: Sequence[str],
    max_cell: int = MAX_CELL,
    times: Sequence[str] = (),
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
    timed = {i for i, h in enumerate(header) if h in times}
    count = 0
    for number, cells in enumerate(iterator, start=2):
        texts = [cell_text(c, times=i in timed) for i, c in enumerate(cells)]
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
        message = (
            formula_problem() if i in formulas else cell_problem(texts[i], max_length=max_cell)
        )
        if message:
            errors.append(RowError(number, column, message))
    return errors


def formula_problem() -> str:
    return _(
        "The cell holds a formula. Copy the column and paste it as values "
        "(Paste Special → Values), then import again."
    )


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


# --- Streamed: a file with a fixed header, of any length ------------------------------------


def table_records(
    source: Any, *, columns: Sequence[str], log: ErrorLog, max_cell: int = MAX_CELL
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) of each good row of a CSV or XLSX file, read as it goes:
    a file of millions of rows is never held, and has no size or row limit.

    `source` is a path or a file object (rewound: an import may read it twice); an XLSX file
    is known by its bytes. The header names every one of `columns`, in any order; other
    columns are ignored. Problems go to `log`, as the other imports word them: the file's
    (row 0), the header's (row 1), a short CSV row, and each cell too long, holding a control
    character or a formula (row and column); such a row is not given. Blank rows are skipped.
    """
    try:
        with _binary(source) as (stream, name):
            kind = _kind(stream, name)
            with closing(_lines(stream, kind, name)) as lines:
                yield from _records(lines, kind, columns, log, max_cell)
    except _Refused as refused:
        log.error(0, "", str(refused))


@contextmanager
def _binary(source: Any) -> Iterator[tuple[IO[Any], str]]:
    """The opened path, or the file object rewound, and the file's name."""
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            yield stream, Path(source).name
        return
    source.seek(0)
    yield source, str(getattr(source, "name", "") or "")


def _records(lines, kind: str, columns: Sequence[str], log: ErrorLog, max_cell: int):
    number, header = next(lines, (1, []))
    if isinstance(header, str):
        log.error(number, "", header)
        return
    names = [cell_text(h).lower() for h in header]
    if not any(names):
        log.error(0, "", _("The file is empty."))
        return
    positions = _positions(names, columns)
    if isinstance(positions, str):
        log.error(1, "", positions)
        return
    width, seen = max(positions.values()) + 1, False
    for number, cells in lines:
        if isinstance(cells, str):  # the CSV reader refused the row
            log.error(number, "", cells)
            seen = True
            continue
        if kind == "xlsx":
            formulas = {i for i, c in enumerate(cells) if c is FORMULA}
            texts = [cell_text(c, times=True) for c in cells]
            texts += [""] * (width - len(texts))  # a sheet's row ends at its last value
        else:
            formulas, texts = set(), _csv_texts(cells)
        if not any(texts) and not formulas:
            continue
        seen = True
        if len(texts) < width:
            message = _("The row has %(n)s cells, not %(m)s.")
            log.error(number, "", message % {"n": len(texts), "m": len(header)})
            continue
        record = {column: texts[i] for column, i in positions.items()}
        if not _bad_cells(number, record, positions, formulas, log, max_cell):
            yield number, record
    if not seen:
        log.error(0, "", _("The file has a header but no rows."))


def _csv_texts(cells: list[str]) -> list[str]:
    texts = [cell.strip() for cell in cells]
    if "".join(texts).isascii():  # as good as every row: NFC would change nothing
        return texts
    return [unicodedata.normalize("NFC", t) for t in texts]


def _positions(names: list[str], columns: Sequence[str]) -> dict[str, int] | str:
    """Where each column is, or what is wrong with the header (a file's header is a contract)."""
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


def _bad_cells(number, record, positions, formulas, log: ErrorLog, max_cell: int) -> bool:
    """Report each cell too long, with a control character or a formula; True if any."""
    # One search over the whole row first: the national files have millions of good rows.
    values = record.values()
    if (
        not formulas
        and max(map(len, values)) <= max_cell
        and not CONTROL_CHARACTERS.search("".join(values))
    ):
        return False
    bad = False
    for column, text in record.items():
        if positions[column] in formulas:
            message = formula_problem()
        else:
            message = cell_problem(text, max_length=max_cell)
        if message:
            log.error(number, column, message)
            bad = True
    return bad


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
