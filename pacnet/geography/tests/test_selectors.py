"""As-of reads: the hierarchy of any day, and which points were under a unit during a period."""

import datetime as dt

import pytest

from pacnet.geography.models import AdministrativeUnit, Site, SiteSuspension
from pacnet.geography.selectors import (
    hierarchy_on,
    site_ids_under_units,
    site_status_on,
    site_unit_on,
    sites_with_state,
    unit_path,
    unit_tree,
    units_valid_on,
)
from pacnet.geography.tests.factories import SiteFactory, UnitFactory

ALL_18 = {
    "TV-TINH",
    "TV-GIANGHIA",
    "TV-DAKMIL",
    "TV-DAKSONG",
    "TV-KRONGNO",
    "TV-DAKGLONG",
    "TV-DAKRLAP",
    "TV-TUYDUC",
    "X-NAMDA",
    "X-DAKDRO",
    "X-NAMDONG",
    "X-DAKLAO",
    "X-THUANHANH",
    "X-DAKNIA",
    "X-QUANGTRUC",
    "X-QUANGTAM",
    "X-DAKPLAO",
    "X-DAONGHIA",
}
DISTRICTS = [
    "DNO-GIANGHIA",
    "DNO-CUJUT",
    "DNO-DAKGLONG",
    "DNO-DAKMIL",
    "DNO-DAKRLAP",
    "DNO-DAKSONG",
    "DNO-KRONGNO",
    "DNO-TUYDUC",
]
LAST_DAY_OF_DNO = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def path_codes(code: str, day: dt.date) -> list[str]:
    return [u.code for u in unit_path(unit(code), day)]


def codes_under(codes: list[str], start: dt.date | None, end: dt.date | None) -> set[str]:
    ids = site_ids_under_units([unit(c).pk for c in codes], start=start, end=end)
    return set(Site.objects.filter(pk__in=ids).values_list("code", flat=True))


def year(y: int) -> dict[str, dt.date]:
    return {"start": dt.date(y, 1, 1), "end": dt.date(y, 12, 31)}


# --- The hierarchy on a day ----------------------------------------------------------------


def test_in_2019_dak_lao_is_a_commune_of_dak_mil_in_dak_nong(demo_network):
    assert path_codes("XA-DAKLAO", dt.date(2019, 5, 1)) == ["DNO", "DNO-DAKMIL", "XA-DAKLAO"]


def test_from_july_2025_dak_lao_is_directly_under_lam_dong(demo_network):
    assert path_codes("XA-DAKLAO", REFORM) == ["LDG", "XA-DAKLAO"]


def test_on_30_june_2025_nothing_has_changed_yet(demo_network):
    assert path_codes("XA-DAKLAO", LAST_DAY_OF_DNO) == ["DNO", "DNO-DAKMIL", "XA-DAKLAO"]
    assert site_unit_on(Site.objects.get(code="TV-TINH"), LAST_DAY_OF_DNO).code == "DNO-GIANGHIA"


def test_district_points_sit_directly_under_lam_dong_after_the_reform(demo_network):
    assert site_unit_on(Site.objects.get(code="TV-TINH"), REFORM).code == "LDG"
    assert site_unit_on(Site.objects.get(code="X-DAKLAO"), REFORM).code == "XA-DAKLAO"


@pytest.mark.parametrize("code", DISTRICTS)
def test_each_district_is_valid_until_30_june_2025_and_succeeded_by_lam_dong(demo_network, code):
    district = unit(code)
    assert district.valid_from is None
    assert district.valid_to == LAST_DAY_OF_DNO
    assert [s.code for s in district.successors.all()] == ["LDG"]


def test_dak_nong_is_valid_until_30_june_2025_and_succeeded_by_lam_dong(demo_network):
    dno = unit("DNO")
    assert dno.valid_to == LAST_DAY_OF_DNO
    assert [s.code for s in dno.successors.all()] == ["LDG"]
    # The districts, abolished the same day, hand over to Lâm Đồng too.
    assert {p.code for p in unit("LDG").predecessors.all()} == {"DNO", *DISTRICTS}


def test_units_valid_on_a_day_include_the_last_day_and_not_the_day_after(demo_network):
    on_last_day = set(units_valid_on(LAST_DAY_OF_DNO).values_list("code", flat=True))
    after = set(units_valid_on(REFORM).values_list("code", flat=True))
    assert {"DNO", *DISTRICTS} <= on_last_day
    assert not {"DNO", *DISTRICTS} & after
    assert {"LDG", "XA-DAKLAO"} <= after


def test_the_tree_of_2019_has_dak_nong_with_its_districts_and_all_18_points(demo_network):
    forest = {node.unit.code: node for node in unit_tree(dt.date(2019, 5, 1))}
    assert forest["DNO"].site_count == 18
    assert sorted(child.unit.code for child in forest["DNO"].children) == sorted(DISTRICTS)
    assert forest["LDG"].site_count == 0


def test_the_tree_of_2026_has_lam_dong_with_ten_communes_and_all_18_points(demo_network):
    forest = {node.unit.code: node for node in unit_tree(dt.date(2026, 1, 1))}
    assert set(forest) == {"LDG"}
    assert forest["LDG"].site_count == 18
    assert len(forest["LDG"].children) == 10


def test_the_hierarchy_of_a_day_knows_every_ancestor_nearest_first(demo_network):
    hierarchy = hierarchy_on(dt.date(2019, 5, 1))
    ids = hierarchy.ancestors(unit("XA-DAKLAO").pk)
    assert ids == [unit("DNO-DAKMIL").pk, unit("DNO").pk]


# --- Points under units during a period ("ever under") ---------------------------------------


def test_figures_for_2019_still_roll_up_under_dak_nong_districts(demo_network):
    assert codes_under(["DNO-KRONGNO"], **year(2019)) == {"TV-KRONGNO", "X-NAMDA", "X-DAKDRO"}


def test_a_district_abolished_in_2025_holds_no_point_in_2026(demo_network):
    assert codes_under(["DNO-KRONGNO"], **year(2026)) == set()


def test_lam_dong_held_none_of_the_points_in_2019(demo_network):
    assert codes_under(["LDG"], **year(2019)) == set()


def test_lam_dong_holds_all_18_points_in_2026(demo_network):
    assert codes_under(["LDG"], **year(2026)) == ALL_18


def test_dak_nong_holds_all_18_points_in_2025_as_they_were_under_it_until_30_june(demo_network):
    assert codes_under(["DNO"], **year(2025)) == ALL_18


def test_a_period_starting_on_the_reform_day_sees_the_new_units_only(demo_network):
    assert codes_under(["DNO"], start=REFORM, end=dt.date(2025, 12, 31)) == set()
    assert codes_under(["DNO"], start=LAST_DAY_OF_DNO, end=LAST_DAY_OF_DNO) == ALL_18


def test_without_a_period_a_unit_holds_every_point_it_ever_held(demo_network):
    assert codes_under(["DNO-DAKMIL"], None, None) == {"TV-DAKMIL", "X-DAKLAO"}


def test_a_period_ending_before_it_starts_holds_no_point(demo_network):
    assert codes_under(["DNO"], start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1)) == set()


def test_no_unit_means_no_point(demo_network):
    assert site_ids_under_units([], **year(2019)) == set()


def test_a_point_moved_between_units_counts_under_each_for_its_own_days(db):
    north, south = UnitFactory(code="NORTH"), UnitFactory(code="SOUTH")
    point = SiteFactory(code="P-MOVER", unit=north)
    point.placements.update(valid_to=dt.date(2020, 3, 31))
    point.placements.create(unit=south, valid_from=dt.date(2020, 4, 1))
    assert codes_under(["NORTH"], start=dt.date(2020, 4, 1), end=dt.date(2020, 12, 31)) == set()
    assert codes_under(["NORTH"], start=dt.date(2020, 3, 31), end=dt.date(2020, 3, 31)) == {
        "P-MOVER"
    }
    assert codes_under(["SOUTH"], **year(2020)) == {"P-MOVER"}
    assert codes_under(["SOUTH"], **year(2019)) == set()


# --- The state of a point on a day ------------------------------------------------------------


@pytest.fixture
def point(db):
    site = SiteFactory(
        code="P-STATE", opened_on=dt.date(2015, 1, 10), closed_on=dt.date(2024, 12, 1)
    )
    SiteSuspension.objects.create(
        site=site, start=dt.date(2018, 3, 1), end=dt.date(2018, 3, 31), reason="flood"
    )
    return site


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (dt.date(2015, 1, 9), Site.Status.PLANNED),
        (dt.date(2015, 1, 10), Site.Status.OPEN),
        (dt.date(2018, 2, 28), Site.Status.OPEN),
        (dt.date(2018, 3, 1), Site.Status.SUSPENDED),
        (dt.date(2018, 3, 31), Site.Status.SUSPENDED),
        (dt.date(2018, 4, 1), Site.Status.OPEN),
        (dt.date(2024, 11, 30), Site.Status.OPEN),
        (dt.date(2024, 12, 1), Site.Status.CLOSED),
        (dt.date(2030, 1, 1), Site.Status.CLOSED),
    ],
)
def test_status_of_a_point_on_a_day(point, day, status):
    assert site_status_on(point, day) == status


def test_a_closure_with_no_end_lasts_until_further_notice(db):
    site = SiteFactory(opened_on=dt.date(2015, 1, 1))
    SiteSuspension.objects.create(site=site, start=dt.date(2023, 5, 1))
    assert site_status_on(site, dt.date(2023, 4, 30)) == Site.Status.OPEN
    assert site_status_on(site, dt.date(2030, 1, 1)) == Site.Status.SUSPENDED


def test_sites_with_state_annotates_every_row_with_status_and_unit_of_the_day(
    demo_network, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        rows = {s.code: s for s in sites_with_state(Site.objects.all(), LAST_DAY_OF_DNO)}
    assert len(rows) == 18
    assert {s.status_on for s in rows.values()} == {Site.Status.OPEN}
    assert (rows["TV-TINH"].unit_code, rows["TV-TINH"].unit_name) == (
        "DNO-GIANGHIA",
        "Thị xã Gia Nghĩa",
    )
    after = sites_with_state(Site.objects.filter(code="TV-TINH"), REFORM).get()
    assert after.unit_code == "LDG"
