"""A dashboard table as an XLSX or CSV file: a title line, the headers, then the rows.

XLSX keeps numbers as numbers (percents as fractions formatted 0.0 %); CSV starts with a
UTF-8 byte order mark so that Excel shows the Vietnamese headers correctly.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pacnet.core.tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")


def xlsx_bytes(table: Table, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31]  # Excel's limit on a sheet name
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(table.headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    columns = [table.columns[i] for i in table.exported_columns()]
    for values in table.file_rows():
        sheet.append(values)
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            if column.kind == "percent":
                cell.number_format = "0.0%"
            elif column.kind == "int":
                cell.number_format = "#,##0"
            elif column.kind == "decimal":
                cell.number_format = "#,##0.0"
    for i, column in enumerate(columns, start=1):
        width = max([len(column.header)] + [len(str(r[i - 1] or "")) for r in table.file_rows()])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(table: Table, title: str) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([title])
    writer.writerow(table.headers())
    writer.writerows([["" if v is None else v for v in row] for row in table.file_rows()])
    return out.getvalue()


def table_response(table: Table, *, title: str, filename: str, file_format: str) -> HttpResponse:
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(table, title), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            csv_text(table, title).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
