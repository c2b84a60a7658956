"""Importing units and access points from a file: `pacnet import_sites` and the service."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from pacnet.core import tabular
from pacnet.core.models import AuditEntry
from pacnet.geography.imports import site_import
from pacnet.geography.imports.reading import COLUMNS, template_csv
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import site_unit_on, unit_path
from pacnet.geography.tests.import_samples import (
    DATA,
    NETWORK,
    NETWORK_POINTS,
    NETWORK_UNITS,
    row,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_sites", str(path), "--language", "en", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return AdministrativeUnit.objects.count(), Site.objects.count(), AuditEntry.objects.count()


def check_network_written() -> None:
    assert set(AdministrativeUnit.objects.values_list("code", flat=True)) == set(NETWORK_UNITS)
    assert set(Site.objects.values_list("code", flat=True)) == set(NETWORK_POINTS)
    commune = AdministrativeUnit.objects.get(code="XA-EANA")
    assert [u.code for u in unit_path(commune)] == ["DLK", "DLK-KRONGANA", "XA-EANA"]
    assert commune.level == "commune"
    point = Site.objects.get(code="X-BUONTRIET")
    assert site_unit_on(point).code == "XA-BUONTRIET"
    assert (point.kind, point.origin) == ("commune_library", "replicated")
    assert (point.opened_on, point.closed_on) == (dt.date(2020, 6, 1), dt.date(2024, 12, 31))
    assert Site.objects.get(code="TV-KRONGANA").opened_on == dt.date(2019, 3, 1)


def test_a_csv_file_imports_a_network_through_the_command(tmp_path):
    output = run(write_csv(tmp_path / "network.csv", NETWORK))

    check_network_written()
    assert "Administrative units: 6 created, 0 updated, 0 unchanged." in output
    assert "Access points: 4 created, 0 updated, 0 unchanged." in output
    assert AuditEntry.objects.filter(source="import").count() == 10


def test_an_xlsx_file_imports_the_same_network(tmp_path):
    output = run(write_xlsx(tmp_path / "network.xlsx", NETWORK))

    check_network_written()
    assert "Access points: 4 created" in output


def test_a_semicolon_csv_with_a_byte_order_mark_is_read(tmp_path):
    run(write_csv(tmp_path / "network.csv", NETWORK, delimiter=";", bom=True))

    check_network_written()


def test_the_sample_file_of_the_documentation_imports():
    output = run(DATA / "network.csv")

    assert "Administrative units: 6 created" in output
    assert "Access points: 4 created" in output


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "network.xlsx", NETWORK)
    run(path)
    before = counts()

    output = run(path)

    assert counts() == before
    assert "Administrative units: 0 created, 0 updated, 6 unchanged." in output
    assert "Access points: 0 created, 0 updated, 4 unchanged." in output


def test_a_changed_row_updates_that_record_and_the_summary_says_which(tmp_path):
    run(write_csv(tmp_path / "first.csv", NETWORK))
    changed = [list(r) for r in NETWORK]
    changed[8][COLUMNS.index("phone")] = "0262 3 600 600"  # X-EANA

    output = run(write_csv(tmp_path / "second.csv", changed))

    assert "Access points: 0 created, 1 updated, 3 unchanged." in output
    assert "X-EANA: phone" in output
    assert Site.objects.get(code="X-EANA").phone == "0262 3 600 600"
    entry = AuditEntry.objects.filter(source="import", action="update").get()
    assert entry.object_repr.startswith("X-EANA")


def test_a_point_given_another_unit_moves_from_today(tmp_path):
    run(write_csv(tmp_path / "first.csv", NETWORK))
    moved = [list(r) for r in NETWORK]
    moved[9][COLUMNS.index("unit")] = "XA-DRAYSAP"  # X-BUONTRIET

    output = run(write_csv(tmp_path / "second.csv", moved))

    assert "X-BUONTRIET: unit" in output
    assert site_unit_on(Site.objects.get(code="X-BUONTRIET")).code == "XA-DRAYSAP"


def test_a_dry_run_reports_what_would_change_and_writes_nothing(tmp_path):
    output = run(write_csv(tmp_path / "network.csv", NETWORK), "--dry-run")

    assert counts() == (0, 0, 0)
    assert "Administrative units: 6 to create" in output
    assert "Check only: nothing was written." in output


BAD_ROWS = [
    row("unit", "DLK", "Tỉnh Đắk Lắk", level="tỉnh"),  # row 2: fine
    row("unit", "dlk-lak", "Huyện Lắk", level="huyện", parent="DLK"),  # 3: code format
    row("unit", "DLK-X", "", level="county", parent="DLK"),  # 4: name empty, level unknown
    row("unit", "XA-A", "Xã A", level="xã", parent="NOWHERE"),  # 5: unknown parent
    row("unit", "XA-B", "Xã B", level="xã", parent="XA-C"),  # 6: cycle B → C → B
    row("unit", "XA-C", "Xã C", level="xã", parent="XA-B"),  # 7: the same cycle
    row("point", "X-A", "Điểm A", unit="DLK", kind="library", origin="replicated",
        opened_on="31/02/2020"),  # 8: unknown kind, not a date
    row("point", "X-B", "Điểm B", unit="ELSEWHERE", kind="khác", origin="someone",
        opened_on="01/06/2020", closed_on="01/01/2020"),  # 9: unit, origin, closed before
    row("point", "X-B", "Điểm B again", unit="DLK", kind="khác", origin="replicated",
        opened_on="01/06/2020"),  # 10: code used twice
    row("point", "X-C", "Điểm C", unit="DLK", kind="khác", origin="replicated",
        opened_on="01/06/2020", level="xã"),  # 11: level is for units
    row("office", "Z", "?"),  # 12: unknown record
]  # fmt: skip
BAD_CELLS = {
    (3, "code"),
    (4, "name"),
    (4, "level"),
    (5, "parent"),
    (6, "parent"),
    (7, "parent"),
    (8, "kind"),
    (8, "opened_on"),
    (9, "unit"),
    (9, "origin"),
    (9, "closed_on"),
    (10, "code"),
    (11, "level"),
    (12, "record"),
}


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)

    with pytest.raises(CommandError) as refused:
        run(path)

    assert counts() == (0, 0, 0)
    lines = str(refused.value).splitlines()
    assert "row 8, column opened_on: “31/02/2020” is not a date." in str(refused.value)
    assert "row 6, column parent: This would place unit XA-B under itself" in str(refused.value)
    assert lines[-1] == f"{len(BAD_CELLS)} problems: nothing was written."


def test_the_service_reports_the_bad_cells_exactly(tmp_path):
    with write_csv(tmp_path / "bad.csv", BAD_ROWS).open("rb") as stream:
        summary = site_import(actor=None, file=stream)

    assert {(e.row, e.column) for e in summary.errors} == BAD_CELLS
    assert not summary.ok


def test_a_bad_row_stops_the_good_rows_of_an_otherwise_good_file(tmp_path):
    rows = [*NETWORK, row("point", "X-LATE", "Điểm", unit="DLK", kind="khác", origin="x")]

    with pytest.raises(CommandError):
        run(write_csv(tmp_path / "almost.csv", rows))

    assert counts() == (0, 0, 0)


def test_a_unit_row_may_name_a_parent_already_in_pacnet(tmp_path):
    run(write_csv(tmp_path / "first.csv", NETWORK[:1]))

    district = row("unit", "DLK-LAK", "Huyện Lắk", level="huyện", parent="DLK")
    run(write_csv(tmp_path / "second.csv", [district]))

    assert unit_path(AdministrativeUnit.objects.get(code="DLK-LAK"))[0].code == "DLK"


def test_an_unknown_column_is_an_error(tmp_path):
    path = write_csv(tmp_path / "extra.csv", [[*NETWORK[0], "x"]], header=[*COLUMNS, "email"])

    with pytest.raises(CommandError, match="row 1, column email: Unknown column"):
        run(path)


def test_header_names_ignore_case(tmp_path):
    header = [c.upper() for c in COLUMNS]

    run(write_csv(tmp_path / "upper.csv", NETWORK, header=header))

    assert Site.objects.count() == 4


def test_a_file_of_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)

    with pytest.raises(CommandError, match="more than 3 rows"):
        run(write_csv(tmp_path / "long.csv", NETWORK))


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", 100)

    with pytest.raises(CommandError, match="larger than"):
        run(write_csv(tmp_path / "big.csv", NETWORK))


def test_a_file_that_is_not_utf8_is_refused_with_advice(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\nunit,DLK,T\xe1nh,province\n")

    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_errors_come_out_in_the_language_of_the_user(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [row("point", "X-A", "A", unit="", opened_on="x")])

    def first_error(language: str) -> str:
        with translation.override(language), path.open("rb") as stream:
            summary = site_import(actor=None, file=stream)
            return next(str(e) for e in summary.errors if e.column == "opened_on")

    assert first_error("en") == (
        "row 2, column opened_on: “x” is not a date. Write dd/mm/yyyy, e.g. 01/06/2012."
    )
    assert first_error("vi") == (
        "dòng 2, cột opened_on: “x” không phải là ngày. Hãy viết ngày/tháng/năm, ví dụ 01/06/2012."
    )


def test_the_downloadable_template_is_a_valid_file(tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(template_csv(), encoding="utf-8")

    output = run(path, "--dry-run")

    assert "Access points: 1 to create" in output
