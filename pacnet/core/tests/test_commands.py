"""`pacnet reorganise`: merges and level removals end to end, dry runs, and clear errors."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site, SitePlacement, UnitParentage
from pacnet.geography.selectors import site_unit_on, unit_path
from pacnet.geography.tests.factories import ParentageFactory, SiteFactory, UnitFactory

DAY = dt.date(2026, 1, 1)
EVE = dt.date(2025, 12, 31)
MERGE_NAM_DA_DAK_DRO = [
    "merge",
    "--into",
    "XA-NAMDADRO",
    "--units",
    "XA-NAMDA,XA-DAKDRO",
    "--date",
    "2026-01-01",
    "--create-name",
    "Xã Nam Đà Drô",
]


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def reorganise(*args: str) -> str:
    out = StringIO()
    call_command("reorganise", *args, stdout=out)
    return out.getvalue()


def rows() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (AuditEntry, AdministrativeUnit, UnitParentage, SitePlacement)
    ) + (AdministrativeUnit.objects.filter(valid_to__isnull=True).count(),)


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def point_unit(code: str, day: dt.date) -> str:
    return site_unit_on(Site.objects.get(code=code), day).code


@pytest.fixture
def district_tree(db):
    """PROV ⊃ D1 ⊃ C1 ∋ P1, and the district library P2 in D1."""
    prov = UnitFactory(code="PROV", level="province")
    d1 = UnitFactory(code="D1", level="district")
    c1 = UnitFactory(code="C1", level="commune")
    ParentageFactory(unit=d1, parent=prov)
    ParentageFactory(unit=c1, parent=d1)
    SiteFactory(code="P1", unit=c1)
    SiteFactory(code="P2", unit=d1)


# --- merge -----------------------------------------------------------------------------------


def test_merge_creates_the_new_commune_and_moves_the_points_from_the_date(demo_network):
    output = reorganise(*MERGE_NAM_DA_DAK_DRO)
    assert "merged into XA-NAMDADRO: 2 unit(s)" in output
    assert "01/01/2026" in output
    new = unit("XA-NAMDADRO")
    assert (new.name, new.level, new.valid_from) == ("Xã Nam Đà Drô", "commune", DAY)
    assert [u.code for u in unit_path(new, DAY)] == ["LDG", "XA-NAMDADRO"]
    assert point_unit("X-NAMDA", DAY) == "XA-NAMDADRO"
    assert point_unit("X-NAMDA", EVE) == "XA-NAMDA"
    assert unit("XA-DAKDRO").valid_to == EVE


def test_merge_into_an_existing_unit(demo_network):
    reorganise("merge", "--into", "XA-NAMDA", "--units", "XA-DAKDRO", "--date", "2026-01-01")
    assert point_unit("X-DAKDRO", DAY) == "XA-NAMDA"
    assert [s.code for s in unit("XA-DAKDRO").successors.all()] == ["XA-NAMDA"]


def test_merge_prints_each_change_it_made(demo_network):
    output = reorganise(*MERGE_NAM_DA_DAK_DRO)
    assert "X-NAMDA – Thư viện xã Nam Đà: unit: XA-NAMDA …–… → XA-NAMDA …–2025-12-31" in output


def test_running_the_same_merge_twice_changes_nothing_the_second_time(demo_network):
    reorganise(*MERGE_NAM_DA_DAK_DRO)
    before = rows()
    output = reorganise(*MERGE_NAM_DA_DAK_DRO)
    assert rows() == before
    assert "Nothing to change" in output


def test_a_merge_dry_run_shows_the_changes_and_writes_nothing(demo_network):
    before = rows()
    output = reorganise(*MERGE_NAM_DA_DAK_DRO, "--dry-run")
    assert rows() == before
    assert not AdministrativeUnit.objects.filter(code="XA-NAMDADRO").exists()
    assert "merged into XA-NAMDADRO: 2 unit(s)" in output
    assert "Dry run: nothing was written." in output


# --- remove-level ----------------------------------------------------------------------------


def test_remove_level_moves_the_district_contents_up_from_the_date(district_tree):
    output = reorganise("remove-level", "--level", "district", "--date", "2026-01-01")
    assert "1 unit(s) ended" in output
    assert "moved up: 1 unit(s), 1 access point(s)" in output
    assert [u.code for u in unit_path(unit("C1"), DAY)] == ["PROV", "C1"]
    assert point_unit("P2", DAY) == "PROV"
    assert point_unit("P2", EVE) == "D1"


def test_remove_level_within_a_unit(district_tree):
    elsewhere = UnitFactory(code="D9", level="district")
    ParentageFactory(unit=elsewhere, parent=UnitFactory(code="PROV9"))
    reorganise("remove-level", "--level", "district", "--date", "2026-01-01", "--within", "PROV")
    assert unit("D1").valid_to == EVE
    assert unit("D9").valid_to is None


def test_a_remove_level_dry_run_writes_nothing(district_tree):
    before = rows()
    output = reorganise("remove-level", "--level", "district", "--date", "2026-01-01", "--dry-run")
    assert rows() == before
    assert "Dry run: nothing was written." in output


def test_the_2025_reform_of_the_demo_is_already_recorded(demo_network):
    before = rows()
    output = reorganise(
        "remove-level", "--level", "district", "--date", "2025-07-01", "--within", "LDG"
    )
    output += reorganise("merge", "--into", "LDG", "--units", "DNO", "--date", "2025-07-01")
    assert rows() == before
    assert output.count("Nothing to change") == 2


# --- errors ----------------------------------------------------------------------------------


def refused(*args: str) -> str:
    before = rows()
    with pytest.raises(CommandError) as error:
        reorganise(*args)
    assert rows() == before
    return str(error.value)


def test_an_unknown_unit_code_is_named_in_the_error(demo_network):
    message = refused(
        "merge", "--into", "LDG", "--units", "XA-NAMDA,XA-NOWHERE", "--date", "2026-01-01"
    )
    assert message == "Unknown unit code: XA-NOWHERE."


def test_an_unknown_target_without_a_name_to_create_it_is_refused(demo_network):
    message = refused("merge", "--into", "XA-NEW", "--units", "XA-NAMDA", "--date", "2026-01-01")
    assert message == "Unknown unit code: XA-NEW. To create it, give --create-name."


def test_merging_units_of_different_levels_is_refused_with_the_reason(demo_network):
    message = refused("merge", "--into", "LDG", "--units", "XA-NAMDA", "--date", "2026-01-01")
    assert message == "XA-NAMDA is a commune; only units of one level can be merged."


def test_merging_into_a_unit_that_has_ended_is_refused(demo_network):
    message = refused(
        "merge", "--into", "DNO-KRONGNO", "--units", "DNO-DAKMIL", "--date", "2026-01-01"
    )
    assert message == "DNO-KRONGNO is not valid on 01/01/2026."


def test_a_bad_date_is_refused(demo_network):
    message = refused("merge", "--into", "XA-NAMDA", "--units", "XA-DAKDRO", "--date", "2026-13-01")
    assert "2026-13-01" in message


def test_a_new_unit_with_a_lower_case_code_is_refused_and_nothing_is_written(demo_network):
    refused(
        "merge", "--into", "xa-new", "--units", "XA-NAMDA", "--date", "2026-01-01",
        "--create-name", "Xã Mới",
    )  # fmt: skip


def test_an_unknown_level_is_refused_by_the_parser(district_tree):
    with pytest.raises(CommandError):
        reorganise("remove-level", "--level", "canton", "--date", "2026-01-01")
