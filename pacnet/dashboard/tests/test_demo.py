"""`pacnet load_demo` loads exactly the Đắk Nông network of BRIEF.md, once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from pacnet.accounts.models import Role, User
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange

OPENED = dt.date(2012, 6, 1)
LAST_DAY_OF_DNO = dt.date(2025, 6, 30)
POINTS = {
    "TV-TINH": Site.Kind.PROVINCIAL_LIBRARY,
    "TV-GIANGHIA": Site.Kind.DISTRICT_LIBRARY,
    "TV-DAKMIL": Site.Kind.DISTRICT_LIBRARY,
    "TV-DAKSONG": Site.Kind.DISTRICT_LIBRARY,
    "TV-KRONGNO": Site.Kind.DISTRICT_LIBRARY,
    "TV-DAKGLONG": Site.Kind.DISTRICT_LIBRARY,
    "TV-DAKRLAP": Site.Kind.DISTRICT_LIBRARY,
    "TV-TUYDUC": Site.Kind.DISTRICT_LIBRARY,
    "X-NAMDA": Site.Kind.COMMUNE_LIBRARY,
    "X-DAKDRO": Site.Kind.COMMUNE_LIBRARY,
    "X-NAMDONG": Site.Kind.COMMUNE_LIBRARY,
    "X-DAKLAO": Site.Kind.COMMUNE_LIBRARY,
    "X-THUANHANH": Site.Kind.COMMUNE_LIBRARY,
    "X-DAKNIA": Site.Kind.COMMUNE_LIBRARY,
    "X-QUANGTRUC": Site.Kind.COMMUNE_LIBRARY,
    "X-QUANGTAM": Site.Kind.COMMUNE_LIBRARY,
    "X-DAKPLAO": Site.Kind.COMMUNE_LIBRARY,
    "X-DAONGHIA": Site.Kind.COMMUNE_LIBRARY,
}
COMPUTERS_BY_KIND = {
    Site.Kind.PROVINCIAL_LIBRARY: 26,
    Site.Kind.DISTRICT_LIBRARY: 12,
    Site.Kind.COMMUNE_LIBRARY: 5,
}
DISTRICTS = {
    "DNO-GIANGHIA",
    "DNO-CUJUT",
    "DNO-DAKGLONG",
    "DNO-DAKMIL",
    "DNO-DAKRLAP",
    "DNO-DAKSONG",
    "DNO-KRONGNO",
    "DNO-TUYDUC",
}


def load_demo(*args: str) -> str:
    out = StringIO()
    if "--network-only" not in args:
        args = (*args, "--usage-until", "2017-09-30")  # a month of synthetic usage is enough here
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def network(db):
    load_demo("--network-only")


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (AdministrativeUnit, Site, Equipment, EquipmentStatusChange, User, AuditEntry)
    }


def test_the_demo_has_the_18_points_of_the_plan_with_their_fixed_codes_and_kinds(network):
    assert dict(Site.objects.values_list("code", "kind")) == POINTS


def test_every_demo_point_opened_on_1_june_2012_and_never_closed(network):
    assert set(Site.objects.values_list("opened_on", "closed_on")) == {(OPENED, None)}


def test_the_demo_has_160_computers_and_18_printers(network):
    assert Equipment.objects.filter(kind=Equipment.Kind.COMPUTER).count() == 160
    assert Equipment.objects.filter(kind=Equipment.Kind.PRINTER).count() == 18
    assert Equipment.objects.count() == 178


def test_each_point_has_the_computers_of_its_kind_and_one_printer(network):
    expected = {
        code: (
            [f"{code}-PC{n:02d}" for n in range(1, COMPUTERS_BY_KIND[kind] + 1)],
            [f"{code}-PR01"],
        )
        for code, kind in POINTS.items()
    }
    found = {code: ([], []) for code in POINTS}
    for code, site_code, kind in Equipment.objects.order_by("code").values_list(
        "code", "site__code", "kind"
    ):
        found[site_code][kind == Equipment.Kind.PRINTER].append(code)
    assert found == expected


def test_equipment_codes_follow_the_brief(network):
    codes = set(Equipment.objects.values_list("code", flat=True))
    assert {f"X-DAKLAO-PC0{n}" for n in range(1, 6)} <= codes
    assert "X-DAKLAO-PC06" not in codes
    assert {f"TV-TINH-PC{n:02d}" for n in range(1, 27)} <= codes
    assert "TV-TINH-PC27" not in codes
    assert "TV-DAKMIL-PR01" in codes


def test_all_demo_equipment_is_working_since_1_june_2012_with_no_other_history(network):
    assert set(EquipmentStatusChange.objects.values_list("status", "effective_on")) == {
        (EquipmentStatus.WORKING, OPENED)
    }
    assert EquipmentStatusChange.objects.count() == Equipment.objects.count()


def test_the_demo_units_are_dak_nong_lam_dong_and_eight_districts_until_30_june_2025(network):
    units = {u.code: u for u in AdministrativeUnit.objects.exclude(level="commune")}
    assert set(units) == {"DNO", "LDG", *DISTRICTS}
    for code in ("DNO", *DISTRICTS):
        assert units[code].valid_to == LAST_DAY_OF_DNO
        assert [s.code for s in units[code].successors.all()] == ["LDG"]
    assert units["LDG"].valid_to is None
    assert AdministrativeUnit.objects.filter(level="commune").count() == 10


def test_network_only_creates_no_user(network):
    assert not User.objects.exists()


def test_load_demo_creates_one_user_per_role(db):
    output = load_demo()
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(Role.values)
    assert "daklao" in output
    daklao = User.objects.get(username="daklao")
    assert list(daklao.scope_sites.values_list("code", flat=True)) == ["X-DAKLAO"]
    assert daklao.check_password("pacnet-demo")


def test_load_demo_is_audited_as_the_demo(network):
    assert AuditEntry.objects.exclude(source="demo").count() == 0
    assert AuditEntry.objects.filter(actor__isnull=False).count() == 0


def test_running_load_demo_twice_changes_nothing(db):
    load_demo()
    before = counts()
    output = load_demo()
    assert counts() == before
    assert "pacnet-demo" in output  # the logins are shown again


def test_running_load_demo_network_only_twice_changes_nothing(network):
    before = counts()
    load_demo("--network-only")
    assert counts() == before


def test_load_demo_after_network_only_adds_the_demo_users_and_nothing_else(network):
    sites_before = Site.objects.count()
    load_demo()
    assert Site.objects.count() == sites_before
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(Role.values)


def test_load_demo_adds_the_2017_2020_plan_and_synthetic_usage(db):
    from pacnet.plans.models import Plan
    from pacnet.usage.demo import demo_usage_present

    load_demo()
    assert Plan.objects.get().reference == "484/KH-UBND"
    assert demo_usage_present()


def test_network_only_loads_no_plan_and_no_usage(network):
    from pacnet.plans.models import Plan
    from pacnet.usage.models import Session

    assert not Plan.objects.exists()
    assert not Session.objects.exists()


def test_pages_say_the_usage_is_synthetic_when_the_demo_usage_is_loaded(client, db):
    load_demo()
    client.post("/accounts/login/", {"username": "tinh", "password": "pacnet-demo"})
    assert b"data-synthetic-usage" in client.get("/").content


def test_pages_say_nothing_of_synthetic_usage_without_it(client, province_admin):
    client.force_login(province_admin)
    assert b"data-synthetic-usage" not in client.get("/").content
