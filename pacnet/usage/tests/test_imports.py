"""Importing sessions and tallies from CSV: every bad row reported, nothing written then."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pacnet.indicators.models import SiteDay, Visit
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.usage.imports import sessions as imports
from pacnet.usage.models import GuestPass, ManualTally, Patron, Session
from pacnet.usage.services import sessions_import, tallies_import
from pacnet.usage.tests.conftest import local
from pacnet.usage.tests.factories import PatronFactory, SessionFactory

HEADER = "point,computer,person,person_kind,start,end,service,pages\n"
GOOD = (
    HEADER
    + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T09:45,web,2\n"
    + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T10:00,2019-03-04T10:30,,\n"
    + "X-TEST,X-TEST-PC02,GUEST777,guest,2019-03-04T09:00,2019-03-04T11:00,learning,0\n"
)


def run(text: str):
    return sessions_import(actor=None, path_or_file=io.BytesIO(text.encode()))


def problems(result):
    return {(row, column) for row, column, _message in result.errors}


def test_a_good_file_is_imported_with_its_persons(point):
    result = run(GOOD)
    assert (result.ok, result.created, result.persons_created) == (True, 3, 2)
    assert Patron.objects.get().consent_given_on is None
    assert GuestPass.objects.get().batch is None
    day = SiteDay.objects.get(site=point, day=dt.date(2019, 3, 4))
    assert (day.sessions, day.visits, day.pages_printed) == (3, 2, 2)


def test_a_file_on_disk_is_imported(point, tmp_path):
    path = tmp_path / "sessions.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    assert sessions_import(actor=None, path_or_file=str(path)).created == 3


def test_an_imported_patron_belongs_to_the_point_of_its_first_session(point):
    run(GOOD)
    assert Patron.objects.get().registered_at == point


def test_known_cards_are_used_not_created(point):
    patron = PatronFactory(card_number="C-1")
    run(GOOD)
    assert set(Session.objects.values_list("patron", flat=True)) == {patron.pk, None}


def test_a_time_without_offset_is_local(point):
    run(HEADER + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T23:30,2019-03-05T00:40,,\n")
    session = Session.objects.get()
    assert session.start == local(2019, 3, 4, 23, 30)
    assert session.day == dt.date(2019, 3, 4)


def test_a_utc_time_at_17_30_is_the_next_local_day(point):
    run(HEADER + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T17:30:00+00:00,2019-03-04T18:00Z,,\n")
    assert Session.objects.get().day == dt.date(2019, 3, 5)


def test_importing_the_same_rows_twice_changes_nothing(point):
    run(GOOD)
    rollups = (list(Visit.objects.values()), list(SiteDay.objects.values()))
    sessions = list(Session.objects.values())
    again = run(GOOD)
    assert (again.created, again.updated, again.unchanged, again.persons_created) == (0, 0, 3, 0)
    assert list(Session.objects.values()) == sessions
    assert (list(Visit.objects.values()), list(SiteDay.objects.values())) == rollups


def test_a_row_with_a_known_start_replaces_the_session(point):
    run(GOOD)
    result = run(HEADER + "X-TEST,X-TEST-PC01,C-2,patron,2019-03-04T09:00,2019-03-04T09:50,,5\n")
    assert (result.created, result.updated) == (0, 1)
    session = Session.objects.get(start=local(2019, 3, 4, 9), computer__code="X-TEST-PC01")
    assert (session.patron.card_number, session.pages_printed) == ("C-2", 5)
    assert SiteDay.objects.get().pages_printed == 5


def test_a_large_file_is_written_in_chunks(point, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    rows = "".join(
        f"X-TEST,X-TEST-PC01,C-{n % 3},patron,2019-03-04T{8 + n:02d}:00,"
        f"2019-03-04T{8 + n:02d}:30,,\n"
        for n in range(7)
    )
    result = run(HEADER + rows)
    assert (result.created, result.persons_created) == (7, 3)
    assert SiteDay.objects.get().visits == 3


@pytest.mark.parametrize(
    "row, where",
    [
        ("X-NONE,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,", (2, "point")),
        ("X-TEST,X-TEST-PC99,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,", (2, "computer")),
        ("X-TEST,X-OTHER-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,", (2, "computer")),
        ("X-TEST,X-TEST-PC01,,patron,2019-03-04T09:00,2019-03-04T10:00,,", (2, "person")),
        ("X-TEST,X-TEST-PC01,C-1,visitor,2019-03-04T09:00,2019-03-04T10:00,,", (2, "person_kind")),
        ("X-TEST,X-TEST-PC01,C-1,patron,04/03/2019 9h,2019-03-04T10:00,,", (2, "start")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,,,", (2, "end")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T08:00,,", (2, "end")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,gaming,", (2, "service")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,-2", (2, "pages")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2011-03-04T09:00,2011-03-04T10:00,,", (2, "computer")),
        ("X-TEST,X-TEST-PC01,C-1,patron,2099-03-04T09:00,2099-03-04T10:00,,", (2, "start")),
        ("X-TEST,X-TEST-PC01,C-1", (2, "")),
    ],
)
def test_a_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(
    point, other_point, row, where
):
    result = run(GOOD + row + "\n")
    assert where[0] + 3 in {r for r, _c in problems(result)}
    assert (where[0] + 3, where[1]) in problems(result)
    assert not Session.objects.exists() and not Patron.objects.exists()
    assert not SiteDay.objects.exists()


def test_every_bad_row_is_reported(point):
    result = run(
        HEADER
        + "X-NONE,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,\n"
        + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T08:00,,\n"
    )
    assert problems(result) == {(2, "point"), (3, "end")}


def test_a_retired_computer_is_reported(point):
    EquipmentStatusChange.objects.create(
        equipment=Equipment.objects.get(code="X-TEST-PC01"),
        status=EquipmentStatus.RETIRED,
        effective_on=dt.date(2019, 1, 1),
    )
    assert (2, "computer") in problems(run(GOOD))


def test_a_bad_header_is_reported(point):
    result = run("point,computer,person\nX-TEST,X-TEST-PC01,C-1\n")
    assert problems(result) == {(1, "")}


def test_overlapping_rows_on_one_computer_are_reported(point):
    result = run(
        HEADER
        + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T12:00,,\n"
        + "X-TEST,X-TEST-PC01,C-2,patron,2019-03-04T10:00,2019-03-04T10:30,,\n"
        + "X-TEST,X-TEST-PC01,C-3,patron,2019-03-04T11:00,2019-03-04T11:30,,\n"
        + "X-TEST,X-TEST-PC02,C-3,patron,2019-03-04T11:00,2019-03-04T11:30,,\n"
    )
    assert problems(result) == {(3, "start"), (4, "start")}
    assert not Session.objects.exists()


def test_two_rows_with_the_same_computer_and_start_are_reported(point):
    row = "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T09:30,,\n"
    assert problems(run(HEADER + row + row)) == {(3, "start")}


def test_back_to_back_sessions_do_not_overlap(point):
    result = run(
        HEADER
        + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,\n"
        + "X-TEST,X-TEST-PC01,C-2,patron,2019-03-04T10:00,2019-03-04T10:30,,\n"
    )
    assert result.ok


def recorded_on_pc01(point, start, end):
    """A session already recorded on X-TEST-PC01, before the import."""
    return SessionFactory(
        site=point, computer=Equipment.objects.get(code="X-TEST-PC01"), start=start, end=end
    )


def test_a_row_overlapping_a_recorded_session_is_reported(point):
    recorded_on_pc01(point, local(2019, 3, 4, 8, 30), local(2019, 3, 4, 9, 15))
    result = run(GOOD)
    assert problems(result) == {(2, "start")}
    assert Session.objects.count() == 1


def test_a_recorded_session_inside_the_files_period_is_found_too(point):
    recorded_on_pc01(point, local(2019, 3, 4, 9, 50), local(2019, 3, 4, 10, 10))
    assert problems(run(GOOD)) == {(3, "start")}


def test_an_open_recorded_session_blocks_later_rows(point):
    recorded_on_pc01(point, local(2019, 3, 4, 7), None)
    assert {row for row, _c in problems(run(GOOD))} == {2, 3}


def test_a_file_that_is_not_utf8_is_reported(point):
    result = sessions_import(actor=None, path_or_file=io.BytesIO(GOOD.encode("utf-16")))
    assert not result.ok and not Session.objects.exists()


# --- Tallies -----------------------------------------------------------------------------

TALLY_HEADER = "point,date,visits,users\n"


def tallies(text: str):
    return tallies_import(actor=None, path_or_file=io.BytesIO(text.encode()))


def test_tallies_are_imported_and_counted(point):
    result = tallies(TALLY_HEADER + "X-TEST,2019-03-04,10,7\nX-TEST,05/03/2019,3,3\n")
    assert (result.ok, result.created) == (True, 2)
    row = SiteDay.objects.get(day=dt.date(2019, 3, 4))
    assert (row.tally_visits, row.tally_users) == (10, 7)


def test_a_reimported_tally_replaces_the_old_one(point):
    tallies(TALLY_HEADER + "X-TEST,2019-03-04,10,7\n")
    result = tallies(TALLY_HEADER + "X-TEST,2019-03-04,12,9\n")
    assert (result.created, result.updated) == (0, 1)
    assert list(ManualTally.objects.values_list("visits", "users")) == [(12, 9)]
    assert SiteDay.objects.get().tally_visits == 12


def test_the_same_tallies_twice_change_nothing(point):
    tallies(TALLY_HEADER + "X-TEST,2019-03-04,10,7\n")
    assert tallies(TALLY_HEADER + "X-TEST,2019-03-04,10,7\n").unchanged == 1


@pytest.mark.parametrize(
    "row, column",
    [
        ("X-NONE,2019-03-04,10,7", "point"),
        ("X-TEST,2019-13-04,10,7", "date"),
        ("X-TEST,2099-03-04,10,7", "date"),
        ("X-TEST,2019-03-04,-1,0", "visits"),
        ("X-TEST,2019-03-04,ten,0", "visits"),
        ("X-TEST,2019-03-04,3,4", "users"),
        ("X-TEST,2019-03-01,3,2", "date"),  # a second row for the same point and date
    ],
)
def test_a_bad_tally_row_is_reported_and_nothing_is_written(point, row, column):
    result = tallies(TALLY_HEADER + "X-TEST,2019-03-01,5,5\n" + row + "\n")
    assert problems(result) == {(3, column)}
    assert not ManualTally.objects.exists() and not SiteDay.objects.exists()


# --- An uploaded file (a web form's), CSV or XLSX --------------------------------------------


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_an_uploaded_workbook_of_sessions_is_imported_like_the_csv_file(point):
    rows = [line.split(",") for line in GOOD.splitlines()]
    upload = SimpleUploadedFile("sessions.xlsx", workbook_bytes(rows))

    result = sessions_import(actor=None, path_or_file=upload)

    assert (result.ok, result.created, result.persons_created) == (True, 3, 2)
    day = SiteDay.objects.get(site=point, day=dt.date(2019, 3, 4))
    assert (day.sessions, day.visits, day.pages_printed) == (3, 2, 2)


def test_an_uploaded_workbook_of_tallies_is_imported(point):
    rows = [["Point", "Date", "Visits", "Users"], ["X-TEST", dt.date(2019, 3, 4), 10, 7]]
    upload = SimpleUploadedFile("tallies.xlsx", workbook_bytes(rows))

    result = tallies_import(actor=None, path_or_file=upload)

    assert (result.ok, result.created) == (True, 1)
    assert SiteDay.objects.get().tally_visits == 10


def test_an_uploaded_csv_file_is_imported(point):
    upload = SimpleUploadedFile("sessions.csv", GOOD.encode(), content_type="text/csv")
    assert sessions_import(actor=None, path_or_file=upload).created == 3


def test_a_bad_row_of_a_workbook_is_reported_with_its_row_and_column(point):
    rows = [["point", "date", "visits", "users"], ["X-TEST", "2019-03-04", 3, 4], [], ["X-NONE"]]
    result = tallies_import(
        actor=None, path_or_file=SimpleUploadedFile("t.xlsx", workbook_bytes(rows))
    )
    assert problems(result) >= {(2, "users"), (4, "point")}
    assert not ManualTally.objects.exists()
