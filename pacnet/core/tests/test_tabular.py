"""The shared reading of an uploaded table: what every import gets before its own rules."""

import io

from django.utils import translation

from pacnet.core.tabular import RowChecker, read_table, template_csv

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
    RowChecker(5, {"day": "31/02/2024"}, errors).date("day")

    with translation.override("vi"):
        assert str(errors[0]).startswith("dòng 5, cột day: “31/02/2024” không phải là ngày.")


def test_a_template_row_is_a_list_of_cells_or_a_dict_by_column():
    text = template_csv(COLUMNS, [["A1", "Xã", "01/03/2024"], {"code": "B2", "day": "2024-03-01"}])

    assert text == "\ufeffcode,name,day\r\nA1,Xã,01/03/2024\r\nB2,,2024-03-01\r\n"
