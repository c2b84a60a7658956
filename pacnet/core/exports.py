"""A table as an XLSX or CSV file: a title line, the headers, the rows, then the total rows.

Every export goes through here, so that every cell is written the same safe way:
- text is text: an XLSX text cell is a string cell (never a formula, whatever it starts
  with) and a CSV text cell starting with = + - @ tab or CR gets a leading ' (formula
  injection: a point named =WEBSERVICE(…) must not run in the province's spreadsheet);
- XLSX keeps numbers as numbers (percents as fractions formatted 0.0 %), dates as dates
  (dd/mm/yyyy), an autofilter on the header row and the totals below the filtered range;
- CSV starts with a UTF-8 byte order mark so that Excel shows the Vietnamese headers;
- file names are `pacnet-<what>-<scope>-<period>.<format>`, ASCII only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pacnet.core.tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "percent": "0.0%",
    "int": "#,##0",
    "decimal": "#,##0.0",
    "date": "dd/mm/yyyy",
}
HEADER_ROW = 2  # the title line is row 1


def export_filename(what: str, scope: str, period: str | int) -> str:
    """`pacnet-<what>-<scope>-<period>`, e.g. pacnet-points-dno-dakmil-2024 (ASCII, lower case)."""
    parts = ["pacnet", what, scope, str(period)]
    return "-".join(slugify(part) for part in parts if slugify(part))


def user_scope_code(user) -> str:
    """The `<scope>` of a file of everything the user may see: their units' and points' codes."""
    if getattr(user, "is_superuser", False):
        return "all"
    codes = [*user.scope_units.values_list("code", flat=True)]
    codes += user.scope_sites.values_list("code", flat=True)
    return "-".join(sorted(codes)[:3]) or "all"


def csv_cell(value: object) -> object:
    """A value as the CSV holds it: text that a spreadsheet would run gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_rows(rows: Iterable[Iterable[object]]) -> list[list[object]]:
    return [[csv_cell(v) for v in row] for row in rows]


def _put(sheet, row: int, column: int, value: object, *, kind: str = "text"):
    """One cell; text always a string cell (openpyxl would read a leading = as a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters break the file
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_STARTS)  # Excel keeps it text when edited
    else:
        cell.value = value
        if kind in NUMBER_FORMATS and value is not None:
            cell.number_format = NUMBER_FORMATS[kind]
    return cell


def xlsx_bytes(table: Table, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", table.title)[:31] or "pacnet"  # Excel's limit
    _put(sheet, 1, 1, title).font = Font(bold=True, size=12)
    columns = [table.columns[i] for i in table.exported_columns()]
    for i, header in enumerate(table.headers(), start=1):
        _put(sheet, HEADER_ROW, i, header).font = Font(bold=True)
    rows, totals = table.file_rows(), table.file_totals()
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for i, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            _put(sheet, r, i, value, kind=column.kind)
    last_row = HEADER_ROW + len(rows)
    for r, values in enumerate(totals, start=last_row + 1):
        for i, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
            _put(sheet, r, i, value, kind=column.kind).font = Font(bold=True)
    last_column = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{last_row}"  # the totals stay put
    for i, column in enumerate(columns, start=1):
        cells = [str(r[i - 1] or "") for r in rows + totals]
        width = max([len(column.header)] + [len(c) for c in cells])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(table: Table, title: str) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerows(neutralised_rows([[title], table.headers(), *table.file_rows()]))
    writer.writerows(neutralised_rows(table.file_totals()))
    return out.getvalue()


def table_response(table: Table, *, title: str, filename: str, file_format: str) -> HttpResponse:
    """The table as a download; `filename` without its extension (see `export_filename`)."""
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(table, title), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            csv_text(table, title).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
