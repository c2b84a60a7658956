"""The old free-text opening hours become weekly periods; what cannot be read goes to the note."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

hours_migration = importlib.import_module(
    "pacnet.geography.migrations.0006_opening_hours_to_periods"
)
legacy = hours_migration.legacy_hours_periods
text = hours_migration.periods_text
BEFORE = [("geography", "0005_opening_periods")]
AFTER = [("geography", "0007_remove_site_opening_hours")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("7:30–17:00", "mon-sun 07:30-17:00"),
        ("7h-17h", "mon-sun 07:00-17:00"),
        ("07:30-11:30, 13:30-17:00", "mon-sun 07:30-11:30,13:30-17:00"),
        ("T2-T6 7:30-17:00", "mon-fri 07:30-17:00; sat-sun closed"),
        ("Thứ 2 - Thứ 6: 7h30-11h, 13h30-17h", "mon-fri 07:30-11:00,13:30-17:00; sat-sun closed"),
        (
            "7:30–11:00, 13:30–16:30 thứ Hai–thứ Sáu",
            "mon-fri 07:30-11:00,13:30-16:30; sat-sun closed",
        ),
        (
            "mon-fri 07:30-17:00; sat 07:30-11:30",
            "mon-fri 07:30-17:00; sat 07:30-11:30; sun closed",
        ),
        ("7:30-17:00; CN nghỉ", "mon-sat 07:30-17:00; sun closed"),
        ("Sáng 7h-11h, chiều 13h-17h", "mon-sun 07:00-11:00,13:00-17:00"),
        ("hàng ngày 8h-20h", "mon-sun 08:00-20:00"),
    ],
)
def test_the_usual_ways_of_writing_hours_are_read(old, new):
    assert text(legacy(old)) == new


@pytest.mark.parametrize("old", ["7-17", "7h-17h (trừ ngày lễ)", "theo giờ hành chính", "17h-7h"])
def test_a_text_it_cannot_read_is_refused_whole(old):
    assert legacy(old) is None


def test_an_empty_text_is_no_hours():
    assert legacy("") == []


def test_the_note_keeps_the_old_text_on_a_line_of_its_own():
    note = hours_migration.note_with_old_hours
    assert note("", "giờ hành chính") == "Giờ mở cửa (cũ): giờ hành chính"
    assert note("Gần chợ", "x") == "Gần chợ\nGiờ mở cửa (cũ): x"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_hours_of_the_points_and_keeps_what_it_cannot_read():
    old = _migrate(BEFORE)
    try:
        Site = old.get_model("geography", "Site")
        common = {"kind": "commune_library", "origin": "bmgf_vn", "opened_on": dt.date(2012, 6, 1)}
        Site.objects.create(code="X-A", name="A", opening_hours="T2-T6 7h30-17h", **common)
        Site.objects.create(
            code="X-B", name="B", opening_hours="giờ hành chính", note="Gần chợ", **common
        )
        Site.objects.create(code="X-C", name="C", **common)
        new = _migrate(AFTER)
        Site, Period = (
            new.get_model("geography", "Site"),
            new.get_model("geography", "OpeningPeriod"),
        )
        rows = Period.objects.filter(site__code="X-A").values_list("weekday", "opens", "closes")
        assert sorted(rows) == [(d, 450, 1020) for d in range(5)]
        assert Site.objects.get(code="X-A").note == ""
        assert Site.objects.get(code="X-B").note == "Gần chợ\nGiờ mở cửa (cũ): giờ hành chính"
        assert not Period.objects.filter(site__code__in=["X-B", "X-C"]).exists()
        # Back again: the text returns, in the new syntax where it was read.
        back = _migrate(BEFORE)
        Site = back.get_model("geography", "Site")
        assert Site.objects.get(code="X-A").opening_hours == "mon-fri 07:30-17:00; sat-sun closed"
        assert Site.objects.get(code="X-B").opening_hours == "giờ hành chính"
        assert Site.objects.get(code="X-B").note == "Gần chợ"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
