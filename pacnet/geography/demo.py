"""The Đắk Nông demo network of BRIEF.md: its units as they were in 2017, its 18 points, and
the 2025 reform, built through the same services as real data. The first step of `load_demo`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.reorganisation import level_remove, units_merge
from pacnet.geography.services import site_create, unit_create

SOURCE = "demo"
OPENED = dt.date(2012, 6, 1)
REFORM = dt.date(2025, 7, 1)

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


def demo_point_codes() -> list[str]:
    return [p[0] for p in [*LIBRARY_POINTS, *COMMUNE_POINTS]]


def demo_is_loaded() -> bool:
    return Site.objects.filter(code="TV-TINH").exists()


@transaction.atomic
def demo_points_load() -> None:
    """Units as they were in 2017 and the 18 points, then the 2025 reform."""
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
    for code, name, kind, unit_code, _computers in LIBRARY_POINTS:
        _point_create(code, name, kind, unit[unit_code], host=name)
    for code, unit_code, name, _district in COMMUNE_POINTS:
        _point_create(
            code,
            f"Thư viện xã {name}",
            Site.Kind.COMMUNE_LIBRARY,
            unit[unit_code],
            host=f"UBND xã {name}",
        )
    # 1 July 2025: Đắk Nông joins Lâm Đồng and the district level is abolished.
    units_merge(actor=None, sources=[unit["DNO"]], target=unit["LDG"], day=REFORM, source=SOURCE)
    level_remove(actor=None, level="district", day=REFORM, within=unit["LDG"], source=SOURCE)


def _point_create(code, name, kind, unit: AdministrativeUnit, host: str) -> None:
    site_create(
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
