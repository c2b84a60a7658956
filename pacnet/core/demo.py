"""The Đắk Nông demo network of BRIEF.md, built through the same services as real data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pacnet.accounts.models import Role, User
from pacnet.accounts.services import user_create
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.reorganisation import level_remove, units_merge
from pacnet.geography.services import site_create, unit_create
from pacnet.inventory.models import ComputerProfile, Equipment, FundingSource
from pacnet.inventory.services import computer_profile_update, equipment_create

SOURCE = "demo"
OPENED = dt.date(2012, 6, 1)
REFORM = dt.date(2025, 7, 1)
DEMO_PASSWORD = "pacnet-demo"

DISTRICTS = [
    ("DNO-GIANGHIA", "Thị xã Gia Nghĩa"),
    ("DNO-CUJUT", "Huyện Cư Jút"),
    ("DNO-DAKGLONG", "Huyện Đắk Glong"),
    ("DNO-DAKMIL", "Huyện Đắk Mil"),
    ("DNO-DAKRLAP", "Huyện Đắk R'Lấp"),
    ("DNO-DAKSONG", "Huyện Đắk Song"),
    ("DNO-KRONGNO", "Huyện Krông Nô"),
    ("DNO-TUYDUC", "Huyện Tuy Đức"),
]
# (point code, commune unit code, commune name, district code)
COMMUNE_POINTS = [
    ("X-NAMDA", "XA-NAMDA", "Nam Đà", "DNO-KRONGNO"),
    ("X-DAKDRO", "XA-DAKDRO", "Đắk Drô", "DNO-KRONGNO"),
    ("X-NAMDONG", "XA-NAMDONG", "Nam Dong", "DNO-CUJUT"),
    ("X-DAKLAO", "XA-DAKLAO", "Đắk Lao", "DNO-DAKMIL"),
    ("X-THUANHANH", "XA-THUANHANH", "Thuận Hạnh", "DNO-DAKSONG"),
    ("X-DAKNIA", "XA-DAKNIA", "Đắk Nia", "DNO-GIANGHIA"),
    ("X-QUANGTRUC", "XA-QUANGTRUC", "Quảng Trực", "DNO-TUYDUC"),
    ("X-QUANGTAM", "XA-QUANGTAM", "Quảng Tâm", "DNO-TUYDUC"),
    ("X-DAKPLAO", "XA-DAKPLAO", "Đắk Plao", "DNO-DAKGLONG"),
    ("X-DAONGHIA", "XA-DAONGHIA", "Đạo Nghĩa", "DNO-DAKRLAP"),
]
# (point code, name, kind, unit code, computers)
LIBRARY_POINTS = [
    ("TV-TINH", "Thư viện tỉnh Đắk Nông", Site.Kind.PROVINCIAL_LIBRARY, "DNO-GIANGHIA", 26),
    ("TV-GIANGHIA", "Thư viện thị xã Gia Nghĩa", Site.Kind.DISTRICT_LIBRARY, "DNO-GIANGHIA", 12),
    ("TV-DAKMIL", "Thư viện huyện Đắk Mil", Site.Kind.DISTRICT_LIBRARY, "DNO-DAKMIL", 12),
    ("TV-DAKSONG", "Thư viện huyện Đắk Song", Site.Kind.DISTRICT_LIBRARY, "DNO-DAKSONG", 12),
    ("TV-KRONGNO", "Thư viện huyện Krông Nô", Site.Kind.DISTRICT_LIBRARY, "DNO-KRONGNO", 12),
    ("TV-DAKGLONG", "Thư viện huyện Đắk Glong", Site.Kind.DISTRICT_LIBRARY, "DNO-DAKGLONG", 12),
    ("TV-DAKRLAP", "Thư viện huyện Đắk R'Lấp", Site.Kind.DISTRICT_LIBRARY, "DNO-DAKRLAP", 12),
    ("TV-TUYDUC", "Thư viện huyện Tuy Đức", Site.Kind.DISTRICT_LIBRARY, "DNO-TUYDUC", 12),
]
COMMUNE_COMPUTERS = 5
# The 2012 equipment (BMGF-VN project): price in VND, 3-year warranty, 7 years of expected life.
WARRANTY_ENDS = dt.date(2015, 6, 1)
END_OF_LIFE = dt.date(2019, 6, 1)
# Models only for the items the full demo adds: the network's computers keep an empty model.
PROJECT_ITEMS = {
    "computer": ("", 12_500_000),
    "printer": ("", 3_200_000),
    "usb_modem": ("Viettel Dcom 3G D6601", 650_000),
    "router": ("TP-Link TL-WR740N", 450_000),
}
# Computers upgraded from Windows 7 to Windows 10 (and 4 GB of memory) in 2019-2020.
UPGRADED_POINTS = {"TV-TINH", "TV-GIANGHIA", "TV-DAKMIL", "TV-KRONGNO", "X-DAKLAO", "X-DAKNIA"}
# Points where the first computer has the NVDA screen reader for blind and low-vision patrons.
SCREEN_READER_POINTS = {"TV-TINH", "TV-DAKMIL", "X-DAKLAO"}
LIBREOFFICE_POINTS = {"X-NAMDA", "X-QUANGTAM", "X-DAKPLAO", "X-DAONGHIA"}
# (username, full name, role, scope: unit codes or point codes)
DEMO_USERS = [
    ("tinh", "Sở VHTTDL (quản trị tỉnh)", Role.PROVINCE_ADMIN, ["LDG"], []),
    ("thuvien", "Thư viện tỉnh", Role.LIBRARY_STAFF, ["LDG"], []),
    ("daklao", "Cán bộ điểm Đắk Lao", Role.POINT_STAFF, [], ["X-DAKLAO"]),
    ("taichinh", "Sở Tài chính", Role.FINANCE_OFFICER, ["LDG"], []),
    ("thanhtra", "Thanh tra", Role.INSPECTOR, ["LDG"], []),
]


def demo_is_loaded() -> bool:
    return Site.objects.filter(code="TV-TINH").exists()


@transaction.atomic
def demo_network_load() -> None:
    """Units as they were in 2017, the 18 points and their equipment, then the 2025 reform."""
    unit = {}
    unit["DNO"] = unit_create(
        actor=None, code="DNO", name="Tỉnh Đắk Nông", level="province", source=SOURCE
    )
    unit["LDG"] = unit_create(
        actor=None, code="LDG", name="Tỉnh Lâm Đồng", level="province", source=SOURCE
    )
    for code, name in DISTRICTS:
        unit[code] = unit_create(
            actor=None, code=code, name=name, level="district", parent=unit["DNO"], source=SOURCE
        )
    for _point, code, name, district in COMMUNE_POINTS:
        unit[code] = unit_create(
            actor=None,
            code=code,
            name=f"Xã {name}",
            level="commune",
            parent=unit[district],
            source=SOURCE,
        )
    for code, name, kind, unit_code, computers in LIBRARY_POINTS:
        _point_create(code, name, kind, unit[unit_code], computers, host=name)
    for code, unit_code, name, _district in COMMUNE_POINTS:
        _point_create(
            code,
            f"Thư viện xã {name}",
            Site.Kind.COMMUNE_LIBRARY,
            unit[unit_code],
            COMMUNE_COMPUTERS,
            host=f"UBND xã {name}",
        )
    # 1 July 2025: Đắk Nông joins Lâm Đồng and the district level is abolished.
    units_merge(actor=None, sources=[unit["DNO"]], target=unit["LDG"], day=REFORM, source=SOURCE)
    level_remove(actor=None, level="district", day=REFORM, within=unit["LDG"], source=SOURCE)


def _point_create(code, name, kind, unit: AdministrativeUnit, computers: int, host: str) -> None:
    site = site_create(
        actor=None,
        code=code,
        name=name,
        kind=kind,
        origin=Site.Origin.BMGF_VN,
        opened_on=OPENED,
        unit=unit,
        host_organisation=host,
        source=SOURCE,
    )
    for number in range(1, computers + 1):
        _project_item_create(site, f"{code}-PC{number:02d}", "computer")
    _project_item_create(site, f"{code}-PR01", "printer")


def _project_item_create(site: Site, code: str, kind: str) -> Equipment:
    model, cost = PROJECT_ITEMS[kind]
    return equipment_create(
        actor=None,
        code=code,
        site=site,
        kind=kind,
        model=model,
        status_on=OPENED,
        acquired_on=OPENED,
        funding_source=FundingSource.BMGF_VN,
        acquisition_cost=cost,
        warranty_ends_on=WARRANTY_ENDS,
        end_of_life_on=END_OF_LIFE,
        source=SOURCE,
    )


def demo_equipment_extras_present() -> bool:
    return Equipment.objects.filter(code="TV-TINH-MD01").exists()


@transaction.atomic
def demo_equipment_extras_load() -> None:
    """The full demo's other 2012 equipment and computer profiles (not in --network-only).

    A USB modem and a router per point, and each computer's hardware and software: Windows 7
    from the project, upgraded to Windows 10 at some points, NVDA at a few.
    """
    for site in Site.objects.filter(code__in=[p[0] for p in [*LIBRARY_POINTS, *COMMUNE_POINTS]]):
        _project_item_create(site, f"{site.code}-MD01", "usb_modem")
        _project_item_create(site, f"{site.code}-RT01", "router")
    computers = Equipment.objects.filter(kind=Equipment.Kind.COMPUTER).select_related("site")
    for item in computers.exclude(pk__in=ComputerProfile.objects.values("equipment")):
        computer_profile_update(
            actor=None,
            item=item,
            profile_source=ComputerProfile.Source.MANUAL,
            source=SOURCE,
            **_profile_of(item.site.code, item.code),
        )


def _profile_of(site_code: str, code: str) -> dict:
    upgraded = site_code in UPGRADED_POINTS
    return {
        "cpu": "Intel Core i3-2120 3,3 GHz",
        "ram_mb": 4096 if upgraded else 2048,
        "disk_gb": 500,
        "os": "Windows",
        "os_version": "10 Pro 22H2" if upgraded else "7 Professional SP1",
        "office_suite": "LibreOffice 6.4"
        if site_code in LIBREOFFICE_POINTS
        else "Microsoft Office 2010",
        "antivirus": "Windows Defender" if upgraded else "BKAV Home",
        "accessibility_tools": "NVDA 2019.3"
        if site_code in SCREEN_READER_POINTS and code.endswith("-PC01")
        else "",
    }


@transaction.atomic
def demo_users_create() -> list[tuple[str, str, str]]:
    """One user per role; returns (username, password, role label) for the login notice."""
    created = []
    for username, full_name, role, unit_codes, site_codes in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            role=role,
            scope_units=list(AdministrativeUnit.objects.filter(code__in=unit_codes)),
            scope_sites=list(Site.objects.filter(code__in=site_codes)),
            source=SOURCE,
        )
        created.append((username, DEMO_PASSWORD, Role(role).label))
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    return [(u, DEMO_PASSWORD, Role(r).label) for u, _n, r, _s, _p in DEMO_USERS]
