"""import_sessions and import_tallies on hostile files: each bad cell is an error on its row and
column, checking goes on to the later rows, and nothing is written."""

import io

import pytest
from django.core.management import CommandError, call_command

from pacnet.core.tabular import MAX_ERRORS
from pacnet.testing.imports import CONTROL, FORMULA, MEGABYTE, file_written, workbook_written
from pacnet.testing.imports import refused as refused_file
from pacnet.usage.models import GuestPass, ManualTally, Patron, Session

SESSION_HEADER = "point,computer,person,person_kind,start,end,service,pages\n"
TALLY_HEADER = "point,date,visits,users\n"


def session(*, person="C-1", start="2019-03-04T09:00", end="2019-03-04T09:45", pages="2"):
    return f"X-TEST,X-TEST-PC01,{person},patron,{start},{end},web,{pages}\n"


def later(hour: int, **cells) -> str:
    return session(start=f"2019-03-04T{hour:02}:00", end=f"2019-03-04T{hour:02}:30", **cells)


def tally(day: int, *, visits="10", users="7"):
    return f"X-TEST,2019-03-{day:02},{visits},{users}\n"


def refused(tmp_path, command: str, content: str | bytes) -> str:
    """The command's error text for the file; it must fail (exit code non-zero)."""
    return refused_file(command, file_written(tmp_path / "file.csv", content))


def nothing_written() -> bool:
    return not (
        Session.objects.exists()
        or Patron.objects.exists()
        or GuestPass.objects.exists()
        or ManualTally.objects.exists()
    )


NOT_A_NUMBER = ["²", "٣", "１２", "1²"]


@pytest.mark.parametrize("pages", NOT_A_NUMBER)
def test_sessions_a_count_in_other_digits_is_not_a_number_and_later_rows_are_checked(
    point, tmp_path, pages
):
    text = SESSION_HEADER + later(8, pages=pages) + later(9) + later(10, pages="³")

    message = refused(tmp_path, "import_sessions", text)

    assert f"row 2, column pages: “{pages}” is not a whole number" in message
    assert "row 4, column pages: “³” is not a whole number" in message
    assert "UTF-8" not in message
    assert nothing_written()


def test_sessions_a_count_too_large_for_the_database_is_out_of_range(point, tmp_path):
    text = SESSION_HEADER + later(8, pages=str(10**23)) + later(9, pages="2147483648")

    message = refused(tmp_path, "import_sessions", text)

    assert f"row 2, column pages: {10**23} is out of range" in message
    assert "row 3, column pages: 2147483648 is out of range" in message
    assert nothing_written()


def test_sessions_a_megabyte_card_number_is_too_long_and_later_rows_are_checked(point, tmp_path):
    text = SESSION_HEADER + later(8, person=MEGABYTE) + later(9) + later(10, pages="x")

    message = refused(tmp_path, "import_sessions", text)

    assert "row 2, column person: The value is too long: at most 100 characters." in message
    assert "row 4, column pages" in message
    assert MEGABYTE[:200] not in message  # not echoed back
    assert nothing_written()


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f"])
def test_sessions_a_control_character_in_a_card_number_is_refused(point, tmp_path, control):
    text = SESSION_HEADER + later(8, person=f"C-{control}1") + later(9, person=f"C{control}")

    message = refused(tmp_path, "import_sessions", text)

    assert "row 2, column person: The value contains an invisible control character" in message
    assert "row 3, column person: The value contains an invisible control character" in message
    assert nothing_written()


def test_sessions_a_value_beyond_what_the_reader_holds_refuses_its_row_only(point, tmp_path):
    huge = "x" * (5 * 1024 * 1024 + 1)
    text = SESSION_HEADER + later(8, person=huge) + later(9, pages="²")

    message = refused(tmp_path, "import_sessions", text)

    assert "row 2: The row cannot be read: a value is longer than 5 MB." in message
    assert "row 3, column pages" in message
    assert nothing_written()


def test_sessions_errors_stop_at_the_shared_cap_with_the_count_of_the_rest(point, tmp_path):
    rows = "".join(later(8, pages="²") for _ in range(MAX_ERRORS + 20))

    message = refused(tmp_path, "import_sessions", SESSION_HEADER + rows)

    assert message.count("column pages") == MAX_ERRORS
    assert "… and 20 more problems, not shown" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (SESSION_HEADER.encode(), "The file has a header but no rows."),
        (b"point,computer\n", "row 1: The header must be"),
        (
            (SESSION_HEADER.strip() + ",pages\n" + session().strip() + ",3\n").encode(),
            "row 1: The header has the column pages twice.",
        ),
        (
            (SESSION_HEADER + "X-TEST,X-TEST-PC01,Đà,patron,2019-03-04T09:00,,,\n").encode(
                "cp1258"
            ),
            "The file is not UTF-8 text. In Excel, save it as CSV UTF-8.",
        ),
        (b"PK\x03\x04rest-of-a-workbook", "This is an Excel file. This import reads CSV"),
    ],
    ids=["empty", "blank-lines", "header-only", "missing-column", "twice", "cp1258", "xlsx"],
)
def test_sessions_a_bad_file_is_a_clear_error(point, tmp_path, content, expected):
    assert expected in refused(tmp_path, "import_sessions", content)
    assert nothing_written()


def test_sessions_a_file_with_a_byte_order_mark_is_read(point, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes((SESSION_HEADER + session()).encode("utf-8-sig"))
    call_command("import_sessions", str(path), "--language", "en", stdout=io.StringIO())
    assert Session.objects.count() == 1


@pytest.mark.parametrize("visits", NOT_A_NUMBER)
def test_tallies_a_count_in_other_digits_is_not_a_number(point, tmp_path, visits):
    text = TALLY_HEADER + tally(4, visits=visits) + tally(5) + tally(6, users="٧")

    message = refused(tmp_path, "import_tallies", text)

    assert f"row 2, column visits: “{visits}” is not a whole number" in message
    assert "row 4, column users: “٧” is not a whole number" in message
    assert nothing_written()


def test_tallies_a_count_of_ten_to_the_23_is_out_of_range(point, tmp_path):
    text = TALLY_HEADER + tally(4, visits=str(10**23)) + tally(5, users=str(10**23))

    message = refused(tmp_path, "import_tallies", text)

    assert f"row 2, column visits: {10**23} is out of range" in message
    assert f"row 3, column users: {10**23} is out of range" in message
    assert nothing_written()


def test_tallies_a_megabyte_field_and_a_nul_are_reported_on_their_cells(point, tmp_path):
    text = TALLY_HEADER + tally(4, visits=MEGABYTE) + "X-TEST\x00,2019-03-05,1,1\n"

    message = refused(tmp_path, "import_tallies", text)

    assert "row 2, column visits: The value is too long" in message
    assert "row 3, column point: The value contains an invisible control character" in message
    assert nothing_written()


def test_tallies_a_date_in_other_digits_is_not_a_date(point, tmp_path):
    text = TALLY_HEADER + "X-TEST,٢٠١٩-٠٣-٠٤,1,1\n" + "X-TEST,２０19-03-05,1,1\n"

    message = refused(tmp_path, "import_tallies", text)

    assert "row 2, column date" in message and "row 3, column date" in message
    assert nothing_written()


def test_the_errors_are_in_vietnamese(point, tmp_path):
    path = tmp_path / "file.csv"
    path.write_text(SESSION_HEADER + later(8, pages=str(10**23)) + later(9, person="C\x00"))
    with pytest.raises(CommandError) as caught:
        call_command("import_sessions", str(path), "--language", "vi", stdout=io.StringIO())
    message = str(caught.value)
    assert f"dòng 2, cột pages: {10**23} vượt quá giới hạn: tối đa 2147483647." in message
    assert "dòng 3, cột person: Giá trị chứa một ký tự điều khiển vô hình" in message


# --- The same file-level errors as the point import -----------------------------------------

SITE_HEADER = "record,code,name\n"
BAD_FILES = {  # the file's name, and its bytes for an import's header
    "cp1258": ("f.csv", lambda header: header.encode() + "X-ĐÀ,Đà\n".encode("cp1258")),
    "old-excel": ("f.xls", lambda header: b"\xd0\xcf\x11\xe0" + b"\0" * 60),
    "csv-as-xlsx": ("f.xlsx", lambda header: header.encode()),
    "broken-zip": ("f.xlsx", lambda header: b"PK\x03\x04not a zip"),
    "empty": ("f.csv", lambda header: b""),
    "header-only": ("f.csv", lambda header: header.encode()),
}


@pytest.mark.parametrize(
    ("command", "header"), [("import_sessions", SESSION_HEADER), ("import_tallies", TALLY_HEADER)]
)
@pytest.mark.parametrize("bad", list(BAD_FILES))
def test_a_bad_file_is_refused_in_the_words_of_the_point_import(
    point, tmp_path, command, header, bad
):
    name, content = BAD_FILES[bad]
    sites = refused_file("import_sites", file_written(tmp_path / f"s-{name}", content(SITE_HEADER)))

    message = refused_file(command, file_written(tmp_path / name, content(header)))

    assert sites.splitlines()[0] in message.splitlines()
    assert nothing_written()


def test_tallies_a_formula_in_a_workbook_is_refused_on_its_cell(point, tmp_path):
    rows = [TALLY_HEADER.split(","), ["X-TEST", "2019-03-04", "=3+4", 7], ["X-TEST", "x", 1, 1]]

    message = refused_file("import_tallies", workbook_written(tmp_path / "t.xlsx", rows))

    assert f"row 2, column visits: {FORMULA}" in message
    assert "row 3, column date" in message
    assert nothing_written()


def test_sessions_a_workbook_has_the_cell_checks_of_a_csv_file(point, tmp_path):
    rows = [
        SESSION_HEADER.strip().split(","),
        ["X-TEST", "X-TEST-PC01", "C\x7f1", "patron", "2019-03-04T08:00", "2019-03-04T08:30"],
        ["X-TEST", "X-TEST-PC01", "C-1", "patron", "2019-03-04T09:00", "2019-03-04T09:30", "", "²"],
    ]

    message = refused_file("import_sessions", workbook_written(tmp_path / "s.xlsx", rows))

    assert f"row 2, column person: {CONTROL}" in message
    assert "row 3, column pages: “²” is not a whole number" in message
    assert nothing_written()


def test_tallies_a_semicolon_file_is_read_as_the_point_import_reads_it(point, tmp_path):
    path = file_written(tmp_path / "t.csv", "point;date;visits;users\nX-TEST;04/03/2019;10;7\n")
    call_command("import_tallies", str(path), "--language", "en", stdout=io.StringIO())
    assert ManualTally.objects.get().visits == 10
