"""The shared reading of an uploaded table: what every import gets before its own rules."""

import datetime as dt
import io
from pathlib import Path

from django.utils import translation
from openpyxl import Workbook

from pacnet.core.tabular import (
    MAX_ERRORS,
    ErrorLog,
    RowChecker,
    RowError,
    in_file_order,
    parse_date,
    read_table,
    table_records,
    template_csv,
    whole_number,
)

COLUMNS, REQUIRED = ("code", "name", "day"), ("code",)


def read(data: bytes, name: str = "f.csv"):
    return read_table(io.BytesIO(data), name, columns=COLUMNS, required=REQUIRED)


def test_a_semicolon_file_with_a_byte_order_mark_is_read_with_spreadsheet_row_numbers():
    table = read("\ufeffCode;Name\nA1;Đắk Wil\n;\nB2; x \n".encode())

    assert table.errors == []
    assert table.columns == ["code", "name"]
    assert table.rows == [(2, {"code": "A1", "name": "Đắk Wil"}), (4, {"code": "B2", "name": "x"})]


def test_unknown_repeated_and_missing_columns_are_errors_of_row_1():
    table = read(b"name,name,email\nA,B,C\n")

    assert [(e.row, e.column) for e in table.errors] == [
        (1, "name"),
        (1, "email"),
        (1, "code"),
    ]
    assert table.rows == []


def test_an_error_reads_as_row_and_column_in_the_language_of_the_user():
    errors = []
    with translation.override("vi"):
        RowChecker(5, {"day": "31/02/2024"}, errors).date("day")

        assert str(errors[0]).startswith("dòng 5, cột day: “31/02/2024” không phải là ngày.")


def test_a_template_row_is_a_list_of_cells_or_a_dict_by_column():
    text = template_csv(COLUMNS, [["A1", "Xã", "01/03/2024"], {"code": "B2", "day": "2024-03-01"}])

    assert text == "\ufeffcode,name,day\r\nA1,Xã,01/03/2024\r\nB2,,2024-03-01\r\n"


def test_only_ascii_digits_make_a_whole_number():
    assert whole_number("0123") == 123
    assert [whole_number(t) for t in ("²", "٣", "１２", "1²", "", "-1", "1.0")] == [None] * 7


def test_a_date_in_other_digits_is_not_a_date():
    assert parse_date("01/06/2012") is not None
    assert parse_date("٠١/٠٦/٢٠١٢") is None and parse_date("０１/06/2012") is None


def test_a_long_cell_and_a_control_character_are_errors_of_their_row_and_column():
    table = read(b"code,name\nA1," + b"x" * 200_000 + b"\nA\x002,ok\nA3,fine\n")

    assert [(e.row, e.column) for e in table.errors] == [(2, "name"), (3, "code")]
    assert table.rows == [(4, {"code": "A3", "name": "fine"})]


def test_a_formula_cell_is_an_error_asking_to_paste_values():
    workbook = Workbook()
    workbook.active.append(["code", "name"])
    workbook.active.append(["A1", "=UPPER(A1)"])
    workbook.active.append(["A2", "Xã"])
    data = io.BytesIO()
    workbook.save(data)

    with translation.override("en"):
        table = read(data.getvalue(), "f.xlsx")

    assert [(e.row, e.column) for e in table.errors] == [(2, "name")]
    assert "paste it as values" in table.errors[0].message
    assert table.rows == [(3, {"code": "A2", "name": "Xã"})]


def test_errors_past_the_cap_are_counted_in_one_line():
    errors = [RowError(n, "code", "bad") for n in range(2, MAX_ERRORS + 12)]

    with translation.override("en"):
        kept = in_file_order(errors, COLUMNS)

    assert len(kept) == MAX_ERRORS + 1
    assert kept[-1].row is None and "10 more problems" in kept[-1].message


# --- Streamed: table_records ----------------------------------------------------------------


def records(data: bytes | str, name: str = "f.csv", columns=("code", "day")):
    log = ErrorLog()
    source = Path(data) if isinstance(data, str) else io.BytesIO(data)
    if name and not isinstance(data, str):
        source.name = name
    return list(table_records(source, columns=columns, log=log, max_cell=20)), log


def test_records_are_streamed_with_the_header_in_any_order_and_other_columns_ignored():
    rows, log = records("\ufeffDay;Note;Code\n2019-03-04;x;A1\n;;\n05/03/2019;;B\u0301\n".encode())

    assert log.ok
    assert rows == [
        (2, {"code": "A1", "day": "2019-03-04"}),
        (4, {"code": "B́", "day": "05/03/2019"}),
    ]


def test_a_workbook_keeps_the_time_of_a_moment_and_its_short_rows_are_padded(tmp_path):
    workbook = Workbook()
    workbook.active.append(["code", "day", "note"])
    workbook.active.append(["A1", dt.datetime(2019, 3, 4, 9, 30), "x"])
    workbook.active.append([2.0, dt.datetime(2019, 3, 5)])
    workbook.active.append(["A3"])
    workbook.save(tmp_path / "f.xlsx")

    rows, log = records(str(tmp_path / "f.xlsx"))

    assert log.ok
    assert rows == [
        (2, {"code": "A1", "day": "2019-03-04T09:30:00"}),
        (3, {"code": "2", "day": "2019-03-05"}),
        (4, {"code": "A3", "day": ""}),
    ]


def test_a_short_csv_row_a_long_cell_and_a_formula_are_errors_of_their_row_and_column():
    workbook = Workbook()
    workbook.active.append(["code", "day"])
    workbook.active.append(["=A1", "2019-03-04"])
    data = io.BytesIO()
    workbook.save(data)

    with translation.override("en"):
        rows, log = records(b"code,day\nA1\n" + b"x" * 21 + b",2019\nA3,2019\n")
        formula_rows, formula_log = records(data.getvalue(), name="")

    assert rows == [(4, {"code": "A3", "day": "2019"})]
    assert [(row, column) for row, column, _m in log.errors] == [(2, ""), (3, "code")]
    assert formula_rows == [] and formula_log.errors[0][:2] == (2, "code")
    assert "paste it as values" in formula_log.errors[0][2]


def test_a_fixed_header_must_name_every_column_once():
    with translation.override("en"):
        _rows, missing = records(b"code,note\nA,B\n")
        _rows, twice = records(b"code,day,day\nA,B,C\n")

        assert missing.error_lines() == ["row 1: The header must be code,day; missing: day."]
        assert twice.error_lines() == ["row 1: The header has the column day twice."]


def test_a_file_that_cannot_be_read_gives_the_words_of_read_table():
    bad = [
        (b"", "f.csv"),
        ("code\nĐà\n".encode("cp1258"), "f.csv"),
        (b"code\nA\n", "f.xlsx"),
        (b"PK\x03\x04not a zip", "f.xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 60, "f.xls"),
    ]
    with translation.override("en"):
        for data, name in bad:
            _rows, log = records(data, name)
            table = read_table(io.BytesIO(data), name, columns=["code"], required=["code"])

            assert log.error_lines() == [str(e) for e in table.errors], name
