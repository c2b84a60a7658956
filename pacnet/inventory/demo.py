"""The demo network's 2012 equipment (BMGF-VN project): a step of `load_demo`, after the points."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pacnet.geography.demo import COMMUNE_POINTS, LIBRARY_POINTS, OPENED, SOURCE
from pacnet.geography.models import Site
from pacnet.inventory.models import ComputerProfile, Equipment, FundingSource
from pacnet.inventory.services import computer_profile_update, equipment_create

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


@transaction.atomic
def demo_equipment_load() -> None:
    """Each point's computers and printer, as the project installed them."""
    computers = {code: n for code, _name, _kind, _unit, n in LIBRARY_POINTS}
    computers |= {code: COMMUNE_COMPUTERS for code, *_rest in COMMUNE_POINTS}
    sites = Site.objects.in_bulk(list(computers), field_name="code")
    for code, count in computers.items():
        for number in range(1, count + 1):
            _project_item_create(sites[code], f"{code}-PC{number:02d}", "computer")
        _project_item_create(sites[code], f"{code}-PR01", "printer")


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
