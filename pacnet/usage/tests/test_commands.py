"""The command-line contracts: import_sessions, import_tallies, anonymise_patrons,
rebuild_rollups, guest_passes."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from pacnet.core.models import AuditEntry
from pacnet.indicators.models import SiteDay, Visit
from pacnet.testing.imports import workbook_written
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.pins import pin_matches
from pacnet.usage.tests.conftest import local
from pacnet.usage.tests.factories import PatronFactory, SessionFactory

SESSIONS = (
    "point,computer,person,person_kind,start,end,service,pages\n"
    "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T09:45,web,2\n"
    "X-TEST,X-TEST-PC02,G-1,guest,2019-03-04T09:00,2019-03-04T11:00,,\n"
)


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, "--language", "en", stdout=out)
    return out.getvalue()


@pytest.fixture
def sessions_csv(tmp_path):
    path = tmp_path / "sessions.csv"
    path.write_text(SESSIONS, encoding="utf-8")
    return path


def test_import_sessions_prints_the_counts(point, sessions_csv):
    out = command("import_sessions", str(sessions_csv))
    assert "2 rows: 2 sessions created, 0 replaced, 0 unchanged; 2 new cards or passes." in out
    assert Session.objects.count() == 2


def test_import_sessions_twice_changes_nothing(point, sessions_csv):
    command("import_sessions", str(sessions_csv))
    assert "0 sessions created, 0 replaced, 2 unchanged" in command(
        "import_sessions", str(sessions_csv)
    )


def test_import_sessions_fails_with_row_numbers_and_writes_nothing(point, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        SESSIONS + "X-NONE,X-TEST-PC01,C-1,patron,2019-03-04T10:00,2019-03-04T11:00,,\n"
    )
    with pytest.raises(CommandError) as caught:
        command("import_sessions", str(path))
    assert "row 4, column point: Unknown access point “X-NONE”." in str(caught.value)
    assert not Session.objects.exists()


def test_import_sessions_fails_on_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError):
        command("import_sessions", str(tmp_path / "none.csv"))


def test_import_tallies_prints_the_counts(point, tmp_path):
    path = tmp_path / "tallies.csv"
    path.write_text("point,date,visits,users\nX-TEST,2019-03-04,10,7\n")
    assert "1 rows: 1 tallies created" in command("import_tallies", str(path))
    assert ManualTally.objects.get().visits == 10


def test_import_tallies_fails_on_a_bad_row(point, tmp_path):
    path = tmp_path / "tallies.csv"
    path.write_text("point,date,visits,users\nX-TEST,2019-03-04,7,10\n")
    with pytest.raises(CommandError) as caught:
        command("import_tallies", str(path))
    assert "row 2, column users" in str(caught.value)
    assert not ManualTally.objects.exists()


def test_anonymise_patrons_reports_how_many(db):
    PatronFactory(registered_on=dt.date(2015, 1, 1))
    PatronFactory(registered_on=dt.date.today())
    assert "1 patrons anonymised." in command("anonymise_patrons", "--older-than", "365")
    assert Patron.objects.filter(anonymised_on__isnull=False).count() == 1


def test_anonymise_patrons_refuses_negative_days(db):
    with pytest.raises(CommandError):
        command("anonymise_patrons", "--older-than", "-1")


def test_rebuild_rollups_restores_lost_rollups(point):
    SessionFactory(site=point, computer=point.equipment.first())
    expected = list(SiteDay.objects.values("site", "day", "sessions", "visits"))
    SiteDay.objects.all().delete()
    Visit.objects.all().delete()
    assert "1 point-days recomputed." in command("rebuild_rollups")
    assert list(SiteDay.objects.values("site", "day", "sessions", "visits")) == expected


def test_rebuild_rollups_takes_a_period(point):
    SessionFactory(site=point, computer=point.equipment.first())
    assert "0 point-days" in command(
        "rebuild_rollups", "--start", "2020-01-01", "--end", "2020-12-31"
    )


def test_rebuild_rollups_refuses_a_bad_date(db):
    with pytest.raises(CommandError):
        command("rebuild_rollups", "--start", "31/12/2020")


def test_import_sessions_reads_a_workbook_with_date_and_time_cells(point, tmp_path):
    path = workbook_written(
        tmp_path / "sessions.xlsx",
        [
            SESSIONS.splitlines()[0].split(","),
            [
                "X-TEST",
                "X-TEST-PC01",
                "C-1",
                "patron",
                dt.datetime(2019, 3, 4, 9),
                dt.datetime(2019, 3, 4, 9, 45),
                "web",
                2,
            ],
            ["X-TEST", "X-TEST-PC02", "G-1", "guest", "2019-03-04T09:00", "2019-03-04T11:00"],
        ],
    )
    out = command("import_sessions", str(path))
    assert "2 rows: 2 sessions created, 0 replaced, 0 unchanged; 2 new cards or passes." in out
    session = Session.objects.get(computer__code="X-TEST-PC01")
    assert (session.start, session.end, session.pages_printed) == (
        local(2019, 3, 4, 9),
        local(2019, 3, 4, 9, 45),
        2,
    )
    assert "0 sessions created, 0 replaced, 2 unchanged" in command("import_sessions", str(path))


def test_import_tallies_reads_a_workbook_with_date_cells(point, tmp_path):
    path = workbook_written(
        tmp_path / "tallies.xlsx",
        [
            ["point", "date", "visits", "users"],
            ["X-TEST", dt.date(2019, 3, 4), 10, 7],
            ["X-TEST", "05/03/2019", 3.0, 3],
        ],
    )
    assert "2 rows: 2 tallies created" in command("import_tallies", str(path))
    assert sorted(ManualTally.objects.values_list("day", "visits", "users")) == [
        (dt.date(2019, 3, 4), 10, 7),
        (dt.date(2019, 3, 5), 3, 3),
    ]


# --- guest_passes --------------------------------------------------------------------------


def test_guest_passes_prints_exactly_a_json_list_of_codes_and_pins(point):
    out = command("guest_passes", "--point", "X-TEST", "--count", "3", "--format", "json")
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == 3
    assert all(set(row) == {"code", "pin"} for row in rows)
    batch = GuestPassBatch.objects.get()
    assert batch.site == point and batch.issued_by is None
    assert sorted(r["code"] for r in rows) == sorted(batch.passes.values_list("code", flat=True))


def test_the_pins_guest_passes_prints_match_the_stored_hashes(point):
    out = command("guest_passes", "--point", "X-TEST", "--count", "4", "--format", "json")
    for row in json.loads(out):
        stored = GuestPass.objects.get(code=row["code"]).pin_hash
        assert row["pin"] not in stored and pin_matches(row["pin"], stored)


def test_guest_passes_as_text_is_a_table_of_codes_and_pins(point):
    out = command("guest_passes", "--point", "X-TEST", "--count", "2", "--format", "text")
    lines = out.strip().splitlines()
    assert lines[0].startswith("2 guest passes for X-TEST, issued on ")
    assert lines[1].split() == ["Code", "PIN"]
    for line in lines[2:]:
        code, pin = line.split()
        assert pin_matches(pin, GuestPass.objects.get(code=code).pin_hash)
    assert len(lines) == 4


def test_guest_passes_keeps_its_pins_out_of_the_audit_trail(point):
    rows = json.loads(
        command("guest_passes", "--point", "X-TEST", "--count", "3", "--format", "json")
    )
    trail = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert not any(row["pin"] in trail for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--point", "X-NONE", "--count", "3"], "Unknown access point “X-NONE”."),
        (["--point", "X-TEST", "--count", "0"], "Issue between 1 and 500 passes at a time."),
        (["--point", "X-TEST", "--count", "501"], "Issue between 1 and 500 passes at a time."),
    ],
)
def test_guest_passes_refuses_an_unknown_point_or_a_bad_count_and_writes_nothing(
    point, args, message
):
    with pytest.raises(CommandError) as caught:
        command("guest_passes", *args, "--format", "json")
    assert message in str(caught.value)
    assert not GuestPassBatch.objects.exists() and not GuestPass.objects.exists()
