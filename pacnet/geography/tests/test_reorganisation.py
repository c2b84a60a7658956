"""Reorganising the map keeps history: merges, removing a level, moves, and ending periods."""

import datetime as dt

import pytest

from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, SitePlacement, UnitParentage
from pacnet.geography.reorganisation import level_remove, units_merge, units_merge_into_new
from pacnet.geography.selectors import site_ids_under_units, site_unit_on, unit_path
from pacnet.geography.services import end_periods, site_move, unit_create, unit_move
from pacnet.geography.tests.factories import ParentageFactory, SiteFactory, UnitFactory

Level = AdministrativeUnit.Level
DAY = dt.date(2026, 1, 1)
EVE = dt.date(2025, 12, 31)


def history(site) -> list[tuple[str, dt.date | None, dt.date | None]]:
    return [
        (p.unit.code, p.valid_from, p.valid_to)
        for p in site.placements.select_related("unit").order_by("id")
    ]


def parents(unit) -> list[tuple[str, dt.date | None, dt.date | None]]:
    return [
        (p.parent.code, p.valid_from, p.valid_to)
        for p in unit.parentages.select_related("parent").order_by("id")
    ]


def fresh(unit):
    return AdministrativeUnit.objects.get(pk=unit.pk)


def rows_written() -> tuple[int, int, int, int]:
    return (
        AuditEntry.objects.count(),
        AdministrativeUnit.objects.count(),
        UnitParentage.objects.count(),
        SitePlacement.objects.count(),
    )


@pytest.fixture
def tree(db):
    """PROV ⊃ D1 ⊃ {C1 ∋ P1, C2 ∋ P2}, D1 ∋ P3;  PROV ⊃ D2 ⊃ C3 ∋ P4."""
    units = {"PROV": UnitFactory(code="PROV", level=Level.PROVINCE)}
    for code, parent in (("D1", "PROV"), ("D2", "PROV")):
        units[code] = UnitFactory(code=code, level=Level.DISTRICT)
        ParentageFactory(unit=units[code], parent=units[parent])
    for code, parent in (("C1", "D1"), ("C2", "D1"), ("C3", "D2")):
        units[code] = UnitFactory(code=code, level=Level.COMMUNE)
        ParentageFactory(unit=units[code], parent=units[parent])
    for code, unit in (("P1", "C1"), ("P2", "C2"), ("P3", "D1"), ("P4", "C3")):
        units[code] = SiteFactory(code=code, unit=units[unit])
    return units


# --- Merging units --------------------------------------------------------------------------


@pytest.fixture
def merged(tree):
    """C1 and C2 merge into a new commune C12 of D1 on 1 January 2026."""
    c12 = unit_create(
        actor=None,
        code="C12",
        name="Xã mới",
        level=Level.COMMUNE,
        parent=tree["D1"],
        valid_from=DAY,
    )
    totals = units_merge(actor=None, sources=[tree["C1"], tree["C2"]], target=c12, day=DAY)
    return tree | {"C12": c12, "totals": totals}


def test_merged_units_end_the_day_before_with_the_new_unit_as_successor(merged):
    for code in ("C1", "C2"):
        old = fresh(merged[code])
        assert old.valid_to == EVE
        assert [s.code for s in old.successors.all()] == ["C12"]


def test_merged_units_leave_their_parent_on_the_day(merged):
    assert parents(merged["C1"]) == [("D1", None, EVE)]


def test_points_of_merged_units_move_to_the_new_unit_on_the_day(merged):
    assert history(merged["P1"]) == [("C1", None, EVE), ("C12", DAY, None)]
    assert history(merged["P2"]) == [("C2", None, EVE), ("C12", DAY, None)]
    assert merged["totals"] == {"merged": 2, "units": 0, "sites": 2}


def test_after_a_merge_past_figures_roll_up_under_the_old_units(merged):
    c1 = merged["C1"].pk
    assert site_ids_under_units([c1], start=EVE, end=EVE) == {merged["P1"].pk}
    assert site_ids_under_units([c1], start=DAY, end=dt.date(2026, 12, 31)) == set()
    assert site_ids_under_units([merged["C12"].pk], start=DAY, end=DAY) == {
        merged["P1"].pk,
        merged["P2"].pk,
    }


def test_after_a_merge_the_new_unit_sits_where_the_old_ones_did(merged):
    assert [u.code for u in unit_path(merged["C12"], DAY)] == ["PROV", "D1", "C12"]
    assert site_unit_on(merged["P1"], DAY).code == "C12"


def test_running_the_same_merge_twice_changes_nothing_the_second_time(merged):
    before = rows_written()
    again = units_merge(
        actor=None, sources=[merged["C1"], merged["C2"]], target=merged["C12"], day=DAY
    )
    assert again == {"merged": 0, "units": 0, "sites": 0}
    assert rows_written() == before


def test_a_merge_into_a_new_unit_creates_it_under_the_common_parent(tree):
    target, totals = units_merge_into_new(
        actor=None, sources=[tree["C1"], tree["C2"]], code="C12", name="Xã mới", day=DAY
    )
    assert (target.level, target.valid_from, target.valid_to) == (Level.COMMUNE, DAY, None)
    assert parents(target) == [("D1", DAY, None)]
    assert totals["sites"] == 2


def test_a_merge_into_a_new_unit_run_twice_reuses_the_unit_and_changes_nothing(tree):
    args = {"actor": None, "sources": [tree["C1"], tree["C2"]], "code": "C12", "name": "Xã mới"}
    first, _totals = units_merge_into_new(**args, day=DAY)
    before = rows_written()
    second, totals = units_merge_into_new(**args, day=DAY)
    assert second == first
    assert totals["merged"] == 0
    assert rows_written() == before


def test_a_merge_into_a_new_unit_needs_a_parent_when_the_units_have_different_ones(tree):
    with pytest.raises(DomainError):
        units_merge_into_new(
            actor=None, sources=[tree["C1"], tree["C3"]], code="C13", name="Xã", day=DAY
        )
    assert not AdministrativeUnit.objects.filter(code="C13").exists()


def test_merging_districts_moves_their_communes_and_points(tree):
    units_merge(actor=None, sources=[tree["D2"]], target=tree["D1"], day=DAY)
    assert parents(tree["C3"]) == [("D2", None, EVE), ("D1", DAY, None)]
    assert [u.code for u in unit_path(tree["C3"], DAY)] == ["PROV", "D1", "C3"]
    assert history(tree["P4"]) == [("C3", None, None)]  # the point stays in its commune


def test_merging_into_an_existing_unit_keeps_the_target_as_it_was(tree):
    units_merge(actor=None, sources=[tree["C2"]], target=tree["C1"], day=DAY)
    assert fresh(tree["C1"]).valid_to is None
    assert parents(tree["C1"]) == [("D1", None, None)]
    assert site_unit_on(tree["P2"], DAY).code == "C1"


def refused(**kwargs):
    before = rows_written()
    with pytest.raises(DomainError):
        units_merge(actor=None, day=DAY, **kwargs)
    assert rows_written() == before


def test_a_merge_of_units_of_different_levels_is_refused(tree):
    refused(sources=[tree["C1"], tree["D2"]], target=tree["C3"])
    assert fresh(tree["C1"]).valid_to is None


def test_a_merge_into_a_unit_not_valid_on_the_day_is_refused(tree):
    ended = UnitFactory(code="OLD", level=Level.COMMUNE, valid_to=EVE)
    later = UnitFactory(code="LATER", level=Level.COMMUNE, valid_from=dt.date(2026, 1, 2))
    refused(sources=[tree["C1"]], target=ended)
    refused(sources=[tree["C1"]], target=later)


def test_merging_a_unit_into_itself_is_refused(tree):
    refused(sources=[tree["C1"], tree["C2"]], target=tree["C1"])


def test_merging_no_unit_is_refused(tree):
    refused(sources=[], target=tree["C1"])


def test_a_unit_that_ended_before_cannot_be_merged_again_elsewhere(merged):
    refused(sources=[merged["C1"]], target=merged["C3"])


# --- Removing a level -------------------------------------------------------------------------


def test_removing_the_district_level_moves_communes_and_district_points_up(tree):
    totals = level_remove(actor=None, level=Level.DISTRICT, day=DAY)
    assert totals == {"removed": 2, "units": 3, "sites": 1}
    assert [u.code for u in unit_path(tree["C1"], DAY)] == ["PROV", "C1"]
    assert [u.code for u in unit_path(tree["C1"], EVE)] == ["PROV", "D1", "C1"]
    assert history(tree["P3"]) == [("D1", None, EVE), ("PROV", DAY, None)]


def test_removed_units_end_the_day_before_and_hand_over_to_their_parent(tree):
    level_remove(actor=None, level=Level.DISTRICT, day=DAY)
    for code in ("D1", "D2"):
        district = fresh(tree[code])
        assert district.valid_to == EVE
        assert [s.code for s in district.successors.all()] == ["PROV"]
        assert parents(district) == [("PROV", None, EVE)]


def test_removing_a_level_within_a_unit_leaves_the_rest_alone(tree):
    other = UnitFactory(code="PROV2", level=Level.PROVINCE)
    d9 = UnitFactory(code="D9", level=Level.DISTRICT)
    ParentageFactory(unit=d9, parent=other)
    level_remove(actor=None, level=Level.DISTRICT, day=DAY, within=tree["PROV"])
    assert fresh(d9).valid_to is None
    assert fresh(tree["D1"]).valid_to == EVE


def test_removing_a_level_twice_changes_nothing_the_second_time(tree):
    level_remove(actor=None, level=Level.DISTRICT, day=DAY)
    before = rows_written()
    assert level_remove(actor=None, level=Level.DISTRICT, day=DAY) == {
        "removed": 0,
        "units": 0,
        "sites": 0,
    }
    assert rows_written() == before


def test_removing_a_level_whose_unit_has_no_parent_is_refused_and_writes_nothing(tree):
    UnitFactory(code="ORPHAN", level=Level.DISTRICT)
    before = rows_written()
    with pytest.raises(DomainError):
        level_remove(actor=None, level=Level.DISTRICT, day=DAY)
    assert rows_written() == before
    assert fresh(tree["D1"]).valid_to is None


def test_removing_an_unknown_level_is_refused(tree):
    with pytest.raises(DomainError):
        level_remove(actor=None, level="canton", day=DAY)


def test_removing_a_level_with_a_unit_of_that_level_inside_another_moves_all_to_the_top(tree):
    inner = UnitFactory(code="D9-INNER", level=Level.DISTRICT)  # handled after D1
    ParentageFactory(unit=inner, parent=tree["D1"])
    point = SiteFactory(code="P-INNER", unit=inner)
    level_remove(actor=None, level=Level.DISTRICT, day=DAY)
    assert site_unit_on(point, DAY).code == "PROV"
    assert site_unit_on(tree["P3"], DAY).code == "PROV"


# --- Moving a unit ------------------------------------------------------------------------------


def test_a_unit_cannot_be_placed_under_itself(tree):
    with pytest.raises(DomainError):
        unit_move(actor=None, unit=tree["D1"], parent=tree["D1"], day=DAY)


def test_a_unit_cannot_be_placed_under_one_of_its_own_units(tree):
    before = rows_written()
    with pytest.raises(DomainError):
        unit_move(actor=None, unit=tree["PROV"], parent=tree["C1"], day=DAY)
    assert rows_written() == before


def test_a_cycle_that_would_appear_only_later_is_refused_too(tree):
    # From 2027 D2 is under C1 (written directly: the services refuse a district under a
    # commune); putting C1 under D2 from 2026 would loop in 2027.
    ParentageFactory(unit=tree["D2"], parent=tree["C1"], valid_from=dt.date(2027, 1, 1))
    with pytest.raises(DomainError):
        unit_move(actor=None, unit=tree["C1"], parent=tree["D2"], day=DAY)


def test_a_unit_cannot_be_placed_under_a_unit_not_valid_on_the_day(tree):
    ended = UnitFactory(code="ENDED", level=Level.DISTRICT, valid_to=EVE)
    with pytest.raises(DomainError):
        unit_move(actor=None, unit=tree["C1"], parent=ended, day=DAY)


def test_moving_a_unit_keeps_its_old_parent_until_the_day_before(tree):
    unit_move(actor=None, unit=tree["C1"], parent=tree["D2"], day=DAY)
    assert parents(tree["C1"]) == [("D1", None, EVE), ("D2", DAY, None)]


def test_moving_a_unit_where_it_already_is_writes_nothing(tree):
    before = rows_written()
    unit_move(actor=None, unit=tree["C1"], parent=tree["D1"], day=DAY)
    assert rows_written() == before


# --- Moving a point -----------------------------------------------------------------------------


def test_a_point_moved_twice_on_different_days_keeps_each_period(tree):
    site_move(actor=None, site=tree["P1"], unit=tree["C2"], day=dt.date(2020, 1, 1))
    site_move(actor=None, site=tree["P1"], unit=tree["C3"], day=dt.date(2022, 7, 1))
    assert history(tree["P1"]) == [
        ("C1", None, dt.date(2019, 12, 31)),
        ("C2", dt.date(2020, 1, 1), dt.date(2022, 6, 30)),
        ("C3", dt.date(2022, 7, 1), None),
    ]
    assert site_unit_on(tree["P1"], dt.date(2021, 5, 5)).code == "C2"


def test_a_second_move_on_the_same_day_replaces_the_first(tree):
    site_move(actor=None, site=tree["P1"], unit=tree["C2"], day=DAY)
    site_move(actor=None, site=tree["P1"], unit=tree["C3"], day=DAY)
    assert history(tree["P1"]) == [("C1", None, EVE), ("C3", DAY, None)]


def test_a_move_dated_before_a_later_move_replaces_it(tree):
    site_move(actor=None, site=tree["P1"], unit=tree["C2"], day=dt.date(2022, 1, 1))
    site_move(actor=None, site=tree["P1"], unit=tree["C3"], day=dt.date(2020, 1, 1))
    assert history(tree["P1"]) == [
        ("C1", None, dt.date(2019, 12, 31)),
        ("C3", dt.date(2020, 1, 1), None),
    ]


def test_moving_a_point_for_all_time_rewrites_its_history(tree):
    site_move(actor=None, site=tree["P1"], unit=tree["C2"], day=DAY)
    site_move(actor=None, site=tree["P1"], unit=tree["C3"], day=None)
    assert history(tree["P1"]) == [("C3", None, None)]


def test_moving_a_point_where_it_already_is_writes_nothing(tree):
    before = rows_written()
    site_move(actor=None, site=tree["P1"], unit=tree["C1"], day=DAY)
    assert rows_written() == before
    assert history(tree["P1"]) == [("C1", None, None)]


def test_moving_a_point_is_audited_with_its_placement_history(tree):
    site_move(actor=None, site=tree["P1"], unit=tree["C2"], day=DAY, source="test")
    entry = AuditEntry.objects.get(object_id=str(tree["P1"].pk), source="test")
    [(old, new)] = entry.changes.values()
    assert (old, new) == ("C1 …–…", "C1 …–2025-12-31; C2 2026-01-01–…")


def test_a_point_cannot_be_moved_into_a_unit_not_valid_on_the_day(tree):
    ended = UnitFactory(code="ENDED", level=Level.COMMUNE, valid_to=EVE)
    with pytest.raises(DomainError):
        site_move(actor=None, site=tree["P1"], unit=ended, day=DAY)
    assert history(tree["P1"]) == [("C1", None, None)]


# --- Ending periods -----------------------------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        (None, None, (None, EVE)),  # open on both sides: ends the day before
        (D(2020, 1, 1), None, (D(2020, 1, 1), EVE)),
        (D(2020, 1, 1), D(2030, 1, 1), (D(2020, 1, 1), EVE)),  # ends later: cut short
        (D(2020, 1, 1), DAY, (D(2020, 1, 1), EVE)),  # ends on the day itself: cut by one day
        (D(2020, 1, 1), EVE, (D(2020, 1, 1), EVE)),  # already ends the day before: untouched
        (None, D(2019, 1, 1), (None, D(2019, 1, 1))),  # ended long before: untouched
        (EVE, None, (EVE, EVE)),  # started the day before: one day long
        (DAY, None, "deleted"),  # starts on the day: dropped
        (D(2027, 1, 1), D(2028, 1, 1), "deleted"),  # starts after the day: dropped
    ],
)
def test_end_periods(tree, valid_from, valid_to, expected):
    row = SitePlacement.objects.create(
        site=tree["P1"], unit=tree["C2"], valid_from=valid_from, valid_to=valid_to
    )
    end_periods(SitePlacement.objects.filter(pk=row.pk), DAY)
    remaining = SitePlacement.objects.filter(pk=row.pk).values_list("valid_from", "valid_to")
    assert (list(remaining) or ["deleted"])[0] == expected


# --- On the demo network ------------------------------------------------------------------------


def test_two_demo_communes_merged_in_2026_keep_their_2025_figures(demo_network):
    nam_da = AdministrativeUnit.objects.get(code="XA-NAMDA")
    dak_dro = AdministrativeUnit.objects.get(code="XA-DAKDRO")
    target, totals = units_merge_into_new(
        actor=None, sources=[nam_da, dak_dro], code="XA-NAMDADRO", name="Xã Nam Đà Drô", day=DAY
    )
    assert totals == {"merged": 2, "units": 0, "sites": 2}
    assert [u.code for u in unit_path(target, DAY)] == ["LDG", "XA-NAMDADRO"]
    in_2025 = site_ids_under_units([nam_da.pk], start=D(2025, 1, 1), end=EVE)
    in_2026 = site_ids_under_units([target.pk], start=DAY, end=D(2026, 12, 31))
    assert len(in_2025) == 1
    assert len(in_2026) == 2
