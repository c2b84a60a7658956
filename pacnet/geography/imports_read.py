"""Reading a CSV or XLSX file of units and points into rows of text, one dict per row.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = (
    "record",
    "code",
    "name",
    "level",
    "parent",
    "unit",
    "kind",
    "origin",
    "opened_on",
    "closed_on",
    "host_organisation",
    "address",
    "opening_hours",
    "phone",
)
REQUIRED_COLUMNS = ("record", "code", "name")
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


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


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_table(file: IO[bytes], name: str = "") -> Table:
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
        return _table(lines)
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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _table(lines) -> Table:
    table = Table()
    iterator = iter(lines)
    header = [_text(h).lower() for h in next(iterator, [])]
    if not any(header):
        raise _Refused(_("The file is empty."))
    table.errors = _header_errors(header)
    if table.errors:
        return table
    table.columns = [h for h in header if h]
    nameless = {i for i, h in enumerate(header) if not h}
    for number, cells in enumerate(iterator, start=2):
        texts = [_text(c) for c in cells]
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


def _header_errors(header: list[str]) -> list[RowError]:
    errors, seen = [], set()
    for column in header:
        if not column:
            continue
        if column not in COLUMNS:
            message = _("Unknown column. The columns are: %(columns)s.") % {
                "columns": ", ".join(COLUMNS)
            }
            errors.append(RowError(1, column, message))
        elif column in seen:
            errors.append(RowError(1, column, _("This column appears twice.")))
        seen.add(column)
    errors += [
        RowError(1, c, _("This column is missing.")) for c in REQUIRED_COLUMNS if c not in seen
    ]
    return errors


# The downloadable template: the header and one example of each kind of row.
TEMPLATE_ROWS = [
    ["unit", "LDG", "Tỉnh Lâm Đồng", "tỉnh", "", "", "", "", "", "", "", "", "", ""],
    ["unit", "XA-DAKWIL", "Xã Đắk Wil", "xã", "LDG", "", "", "", "", "", "", "", "", ""],
    [
        "point",
        "X-DAKWIL",
        "Thư viện xã Đắk Wil",
        "",
        "",
        "XA-DAKWIL",
        "thư viện xã",
        "nhân rộng",
        "01/03/2024",
        "",
        "UBND xã Đắk Wil",
        "Thôn 1, xã Đắk Wil",
        "7:30–11:00, 13:30–16:30 thứ Hai–thứ Sáu",
        "0261 3 123 456",
    ],
]


def template_csv() -> str:
    """The template as CSV text with a byte-order mark, so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return "\ufeff" + out.getvalue()
