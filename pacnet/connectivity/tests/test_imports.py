"""`pacnet import_outages FILE` (CSV or XLSX): rows checked first, all or nothing, idempotent."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from pacnet.connectivity.models import LineOutage
from pacnet.connectivity.services import internet_line_add, line_outage_record
from pacnet.core.tabular import MAX_ERRORS
from pacnet.geography.models import Site

pytestmark = pytest.mark.django_db

GOOD = """point,start,end,cause
X-DAKLAO,2019-07-03 08:15,2019-07-03 17:00,weather
X-DAKLAO,2019-07-10T22:00,2019-07-11T06:30,
TV-DAKMIL,2019-08-01 07:00,2019-08-02 07:00,mất điện
"""


@pytest.fixture
def lines(demo_network):
    for code in ("X-DAKLAO", "TV-DAKMIL"):
        internet_line_add(
            actor=None,
            site=Site.objects.get(code=code),
            provider="Viettel",
            bandwidth_mbps=Decimal(4),
            monthly_fee=300000,
            active_from=dt.date(2012, 6, 1),
        )


def run(tmp_path, text: str) -> str:
    path = tmp_path / "outages.csv"
    path.write_text(text, encoding="utf-8")
    out = []

    class Out:
        def write(self, s):
            out.append(s)

    call_command("import_outages", str(path), stdout=Out(), language="en")
    return "".join(out)


def test_a_valid_file_records_every_outage_in_local_time(tmp_path, lines):
    assert "3 outages recorded" in run(tmp_path, GOOD)
    first = LineOutage.objects.get(line__site__code="X-DAKLAO", cause="weather")
    assert timezone.localtime(first.start).strftime("%Y-%m-%d %H:%M") == "2019-07-03 08:15"
    assert LineOutage.objects.get(line__site__code="TV-DAKMIL").cause == "power"
    assert LineOutage.objects.filter(cause="unknown").count() == 1


def test_importing_the_same_file_again_changes_nothing(tmp_path, lines):
    run(tmp_path, GOOD)
    assert "0 outages recorded, 3 already recorded" in run(tmp_path, GOOD)
    assert LineOutage.objects.count() == 3


def test_bad_rows_are_all_reported_with_their_numbers_and_nothing_is_written(tmp_path, lines):
    bad = GOOD + "X-NOWHERE,2019-07-03 08:15,2019-07-03 09:00,\nX-DAKLAO,3/7/2019,2019-07-04,\n"
    bad += "X-DAKLAO,2019-07-05 08:00,2019-07-05 09:00,meteor\n"
    with pytest.raises(CommandError) as refused:
        run(tmp_path, bad)
    message = str(refused.value)
    assert "row 5, column point: No access point 'X-NOWHERE'" in message
    assert "row 6, column start: start is not a date and time" in message
    assert "row 7, column cause: Unknown cause 'meteor'" in message
    assert not LineOutage.objects.exists()


def test_an_overlap_with_a_recorded_outage_refuses_the_whole_file(tmp_path, lines):
    line = Site.objects.get(code="X-DAKLAO").internet_lines.get()
    zone = timezone.get_default_timezone()
    line_outage_record(
        actor=None,
        line=line,
        start=dt.datetime(2019, 7, 3, 16, 0, tzinfo=zone),
        end=dt.datetime(2019, 7, 3, 18, 0, tzinfo=zone),
    )
    with pytest.raises(CommandError, match="row 2.*: .*overlaps"):
        run(tmp_path, GOOD)
    assert LineOutage.objects.count() == 1


def test_an_outage_ending_before_it_starts_is_refused(tmp_path, lines):
    with pytest.raises(CommandError, match="row 2"):
        run(tmp_path, "point,start,end,cause\nX-DAKLAO,2019-07-03 08:15,2019-07-03 07:00,\n")
    assert not LineOutage.objects.exists()


def test_a_file_with_another_header_is_refused(tmp_path, lines):
    with pytest.raises(CommandError, match="point,start,end,cause"):
        run(tmp_path, "site,from,to\nX-DAKLAO,2019-07-03 08:15,2019-07-03 17:00\n")


# --- Hostile files: each bad cell is an error of its row and column, nothing is written ------

MEGABYTE = "x" * 1024 * 1024
CONTROL = "The value contains an invisible control character"
OUTAGES = "point,start,end,cause\n"


def refused(command: str, path, *args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(command, str(path), "--language", "en", *args, stdout=StringIO())
    return str(caught.value)


def outages(tmp_path, text: str | bytes):
    path = tmp_path / "outages.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


GOOD_OUTAGE = "X-DAKLAO,2019-07-03 08:15,2019-07-03 17:00,weather\n"


def test_outages_a_megabyte_field_a_nul_and_odd_digits_are_errors_of_their_cells(tmp_path, lines):
    text = (
        OUTAGES
        + f"X-DAKLAO,2019-07-03 08:15,2019-07-03 17:00,{MEGABYTE}\n"
        + "X-DAKLAO\x00,2019-07-04 08:15,2019-07-04 17:00,\n"
        + GOOD_OUTAGE.replace("03", "05")
        + "X-DAKLAO,٢٠١٩-07-06 08:15,2019-07-06 17:00,\n"
        + "X-DAKLAO,2019-07-07 08:15,2019-07-07 17:0²,\n"
    )

    message = refused("import_outages", outages(tmp_path, text))

    assert "row 2, column cause: The value is too long: at most 100 characters." in message
    assert f"row 3, column point: {CONTROL}" in message
    assert "row 5, column start: start is not a date and time" in message
    assert "row 6, column end: end is not a date and time" in message
    assert not LineOutage.objects.exists()


def test_outages_errors_stop_at_the_shared_cap(tmp_path, lines):
    text = OUTAGES + "X-NOWHERE,2019-07-03 08:15,2019-07-03 17:00,\n" * (MAX_ERRORS + 100)

    message = refused("import_outages", outages(tmp_path, text))

    assert message.count("No access point") == MAX_ERRORS
    assert "… and 100 more problems, not shown" in message
    assert not LineOutage.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (OUTAGES.encode(), "The file has a header but no rows."),
        (b"point,start,end\nX-DAKLAO,2019-07-03 08:15,2019-07-03 17:00\n", "The first row must"),
        (b"point,start,end,cause,cause\n", "The first row must"),
        ("point,start,end,cause\nX-ĐÀ,,,\n".encode("cp1258"), "The file is not UTF-8 text"),
        (b"PK\x03\x04...", "This is an Excel file. This import reads CSV"),
    ],
    ids=["empty", "header-only", "missing", "twice", "cp1258", "xlsx"],
)
def test_outages_a_bad_file_is_a_clear_error(tmp_path, lines, content, expected):
    assert expected in refused("import_outages", outages(tmp_path, content))
    assert not LineOutage.objects.exists()


def test_outages_a_file_with_a_byte_order_mark_is_read(tmp_path, lines):
    call_command(
        "import_outages",
        str(outages(tmp_path, (OUTAGES + GOOD_OUTAGE).encode("utf-8-sig"))),
        stdout=StringIO(),
    )
    assert LineOutage.objects.count() == 1


# --- A workbook ------------------------------------------------------------------------------


def write_xlsx(path, rows):
    """The header, then rows as a user's workbook holds them: dates and times, or text."""
    workbook = Workbook()
    workbook.active.append(["point", "start", "end", "cause"])
    for cells in rows:
        workbook.active.append(cells)
    workbook.save(path)
    return path


def test_a_workbook_is_imported_with_its_times_kept(tmp_path, lines):
    path = write_xlsx(
        tmp_path / "outages.xlsx",
        [
            ["X-DAKLAO", dt.datetime(2019, 7, 3, 8, 15), dt.datetime(2019, 7, 3, 17), "weather"],
            ["TV-DAKMIL", "2019-08-01 07:00", "2019-08-02 07:00", "mất điện"],
        ],
    )
    call_command("import_outages", str(path), "--language", "en", stdout=StringIO())
    first = LineOutage.objects.get(line__site__code="X-DAKLAO")
    assert timezone.localtime(first.start).strftime("%Y-%m-%d %H:%M") == "2019-07-03 08:15"
    assert timezone.localtime(first.end).strftime("%Y-%m-%d %H:%M") == "2019-07-03 17:00"
    assert LineOutage.objects.get(line__site__code="TV-DAKMIL").cause == "power"


def test_a_formula_in_a_workbook_is_an_error_of_its_cell(tmp_path, lines):
    path = write_xlsx(tmp_path / "outages.xlsx", [["X-DAKLAO", "=NOW()", "2019-07-03 17:00", ""]])
    assert "row 2, column start: The cell holds a formula" in refused("import_outages", path)
    assert not LineOutage.objects.exists()
