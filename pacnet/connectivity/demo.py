"""The full demo's Internet lines and their seeded outage history (not in --network-only).

Every point has one line since the project's start: Viettel with its 70 % discount at most
points, VNPT at three remote ones, 2–10 Mbit/s. Outages since 2017 are drawn from one
`random.Random(seed)`: more in the rainy season (May–October), more at commune points.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.connectivity.services import internet_line_add
from pacnet.geography.demo import COMMUNE_POINTS, LIBRARY_POINTS, OPENED
from pacnet.geography.models import Site

SOURCE = "demo"
FIRST_OUTAGE_YEAR = 2017
VNPT_POINTS = {"TV-TUYDUC", "X-QUANGTRUC", "X-DAKPLAO"}
# Download Mbit/s where it differs from the default of the point's kind.
BANDWIDTH = {"TV-TINH": 10, "TV-DAKGLONG": 6, "TV-TUYDUC": 6, "X-QUANGTAM": 2, "X-DAKPLAO": 3}
DEFAULT_BANDWIDTH = {"provincial_library": 10, "district_library": 8, "commune_library": 4}
FEE_OF_MBPS = {2: 200_000, 3: 250_000, 4: 300_000, 6: 400_000, 8: 500_000, 10: 600_000}
RAINY_MONTHS = range(5, 11)
# Mean outages a month: (dry season, rainy season).
MEAN_OUTAGES = {"commune_library": (0.5, 1.8), "other": (0.3, 1.0)}
RAINY_CAUSES = ["weather", "weather", "cable", "power", "power", "unknown"]
DRY_CAUSES = ["power", "provider", "equipment", "unknown", "cable"]


def demo_lines_present() -> bool:
    return InternetLine.objects.filter(site__code="TV-TINH").exists()


@transaction.atomic
def demo_lines_load(*, seed: int = 484, now: dt.datetime | None = None) -> int:
    """Lines through the service, outages in bulk; returns the number of outages (0 if loaded)."""
    if demo_lines_present():
        return 0
    now = now or timezone.now()
    rng = random.Random(seed)
    codes = [p[0] for p in [*LIBRARY_POINTS, *COMMUNE_POINTS]]
    outages = []
    for site in Site.objects.filter(code__in=codes).order_by("code"):
        line = _line_create(site)
        outages += _outages_of(line, site.kind, rng, now)
    LineOutage.objects.bulk_create(outages)
    return len(outages)


def _line_create(site: Site) -> InternetLine:
    mbps = BANDWIDTH.get(site.code, DEFAULT_BANDWIDTH[site.kind])
    vnpt = site.code in VNPT_POINTS
    return internet_line_add(
        actor=None,
        site=site,
        provider=InternetLine.Provider.VNPT if vnpt else InternetLine.Provider.VIETTEL,
        contract_number=f"{'VNPT' if vnpt else 'VTDNO'}-{OPENED.year}/{site.code}",
        bandwidth_mbps=Decimal(mbps),
        # ADSL at the VNPT points, fibre (half the download speed up) elsewhere.
        upload_mbps=Decimal("0.64") if vnpt else Decimal(mbps) / 2,
        monthly_fee=FEE_OF_MBPS[mbps],
        discount_percent=0 if vnpt else 70,
        active_from=OPENED,
    )


def _outages_of(line: InternetLine, kind: str, rng: random.Random, now: dt.datetime) -> list:
    dry, rainy = MEAN_OUTAGES.get(kind, MEAN_OUTAGES["other"])
    local_now = timezone.localtime(now)
    zone = timezone.get_default_timezone()
    found: list[LineOutage] = []
    last_end = None
    for year in range(FIRST_OUTAGE_YEAR, local_now.year + 1):
        for month in range(1, 13):
            if (year, month) > (local_now.year, local_now.month):
                break
            is_rainy = month in RAINY_MONTHS
            mean = rainy if is_rainy else dry
            count = sum(rng.random() < mean / 4 for _ in range(4))
            starts = sorted(
                dt.datetime(
                    year,
                    month,
                    rng.randint(1, 28),
                    rng.randint(6, 20),
                    rng.choice([0, 15, 30, 45]),
                    tzinfo=zone,
                )
                for _ in range(count)
            )
            for start in starts:
                end = start + _duration(rng)
                if (last_end and start < last_end) or end >= now:
                    continue
                cause = rng.choice(RAINY_CAUSES if is_rainy else DRY_CAUSES)
                found.append(LineOutage(line=line, start=start, end=end, cause=cause))
                last_end = end
    return found


def _duration(rng: random.Random) -> dt.timedelta:
    """Mostly a few hours; sometimes overnight; now and then days (a cut cable in the rain)."""
    draw = rng.random()
    if draw < 0.7:
        return dt.timedelta(minutes=rng.randint(30, 360))
    if draw < 0.95:
        return dt.timedelta(hours=rng.randint(6, 30))
    return dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 12))
