"""Import files for the tests, built in tmp_path: a small network of 6 units and 4 points."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from pacnet.geography.imports.reading import COLUMNS

DATA = Path(__file__).parent / "data"


def row(record: str, code: str, name: str, **cells) -> list:
    """A file row; cells not named are empty."""
    values = {"record": record, "code": code, "name": name, **cells}
    return [values.get(column, "") for column in COLUMNS]


# 1 province, 2 districts, 3 communes (one listed before its district), 4 points.
NETWORK = [
    row("unit", "DLK", "Tỉnh Đắk Lắk", level="tỉnh"),
    row("unit", "XA-EANA", "Xã Ea Na", level="xã", parent="DLK-KRONGANA"),
    row("unit", "DLK-KRONGANA", "Huyện Krông Ana", level="huyện", parent="DLK"),
    row("unit", "DLK-LAK", "Huyện Lắk", level="district", parent="DLK"),
    row("unit", "XA-DRAYSAP", "Xã Dray Sáp", level="commune", parent="DLK-KRONGANA"),
    row("unit", "XA-BUONTRIET", "Xã Buôn Triết", level="xã", parent="DLK-LAK"),
    row(
        "point",
        "TV-DLK",
        "Thư viện tỉnh Đắk Lắk",
        unit="DLK",
        kind="thư viện tỉnh",
        origin="replicated",
        opened_on="15/01/2019",
        phone="0262 3 852 000",
    ),
    row(
        "point",
        "TV-KRONGANA",
        "Thư viện huyện Krông Ana",
        unit="DLK-KRONGANA",
        kind="district_library",
        origin="nhân rộng",
        opened_on="2019-03-01",
    ),
    row(
        "point",
        "X-EANA",
        "Thư viện xã Ea Na",
        unit="XA-EANA",
        kind="thư viện xã",
        origin="nhân rộng",
        opened_on="01/06/2020",
        host_organisation="UBND xã Ea Na",
        address="Thôn Quỳnh Tân 1, xã Ea Na",
    ),
    row(
        "point",
        "X-BUONTRIET",
        "Thư viện xã Buôn Triết",
        unit="XA-BUONTRIET",
        kind="commune_library",
        origin="replicated",
        opened_on="01/06/2020",
        closed_on="31/12/2024",
    ),
]
NETWORK_UNITS = ["DLK", "XA-EANA", "DLK-KRONGANA", "DLK-LAK", "XA-DRAYSAP", "XA-BUONTRIET"]
NETWORK_POINTS = ["TV-DLK", "TV-KRONGANA", "X-EANA", "X-BUONTRIET"]


def write_csv(
    path: Path, rows: list[list], *, header=COLUMNS, delimiter: str = ",", bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], *, header=COLUMNS) -> Path:
    """Dates as real Excel dates, as a spreadsheet user would type them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([h.upper() if i == 0 else h for i, h in enumerate(header)])
    for cells in rows:
        sheet.append([_excel(c) for c in cells])
    workbook.save(path)
    return path


def _excel(cell):
    if isinstance(cell, str) and len(cell) == 10 and cell[2] == "/" and cell[5] == "/":
        return dt.datetime.strptime(cell, "%d/%m/%Y")
    return cell
