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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pacnet.core.exports import csv_rows

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
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
    """By row, then in the order of `columns`; whole-file and whole-row problems first."""

    def key(error: RowError) -> tuple[int, int]:
        column = columns.index(error.column) if error.column in columns else -1
        return (error.row or 0, column)

    return sorted(errors, key=key)


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
    file: IO[bytes], name: str, *, columns: Sequence[str], required: Sequence[str]
) -> Table:
    """The rows of the first sheet (XLSX) or of the CSV text; file-level problems as errors."""
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
    try:
        lines = _xlsx_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(data)
        return _table(lines, columns, required)
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
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise _Refused(_("The file could not be read as CSV text.")) from error


def _xlsx_lines(data: bytes):
    from openpyxl import load_workbook

    # openpyxl raises many kinds of exception on a damaged or foreign file.
    unreadable = _("The file could not be read as an Excel workbook (.xlsx).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise _Refused(unreadable) from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    except Exception as error:
        raise _Refused(unreadable) from error
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell as text: dates in ISO form, 3.0 as 3, Unicode composed (NFC), spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _table(lines, columns: Sequence[str], required: Sequence[str]) -> Table:
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
    for number, cells in enumerate(iterator, start=2):
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if len(table.rows) == MAX_ROWS:
            count = number_format(MAX_ROWS, force_grouping=True)
            raise _Refused(
                _("The file has more than %(count)s rows. Split it into smaller files.")
                % {"count": count}
            )
        if any(t for i, t in enumerate(texts) if i in nameless or i >= len(header)):
            table.errors.append(RowError(number, "", _("A value is in a column without a name.")))
        table.rows.append((number, {h: t for h, t in zip(header, texts, strict=False) if h}))
    return table


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
        writer.writerows(csv_rows([cells]))  # neutralised as every CSV we write
    return "\ufeff" + out.getvalue()


def choices(field_choices, words: dict[str, str]) -> dict[str, str]:
    """Codes, Vietnamese words and the labels in both languages, all lower case."""
    found = {value: value for value in field_choices.values} | words
    for language in ("vi", "en"):
        with translation.override(language):
            found |= {str(label).casefold(): value for value, label in field_choices.choices}
    return found


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy or ISO yyyy-mm-dd; anything else -> None."""
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
