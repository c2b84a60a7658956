"""Scope and as-of hierarchy reads on a national-scale map (34 provinces, 3,300 communes).

Builds a throwaway SQLite database (or the one DATABASE_URL names, if it is empty), a map
the size of Vietnam after 2025 with one access point per commune, and times the reads every
page makes: the hierarchy of a day, the points ever under a province (a user's scope),
and the points under a province during one year.
"""

import os
import statistics
import tempfile
import time


def _setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacnet.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _build(provinces: int, communes_per_province: int) -> list[int]:
    import datetime as dt

    from pacnet.geography.models import AdministrativeUnit, Site, SitePlacement, UnitParentage

    province_ids = []
    for p in range(provinces):
        province = AdministrativeUnit.objects.create(
            code=f"P{p:02d}", name=f"P{p}", level="province"
        )
        province_ids.append(province.pk)
        communes = AdministrativeUnit.objects.bulk_create(
            AdministrativeUnit(code=f"P{p:02d}-C{c:03d}", name=f"C{c}", level="commune")
            for c in range(communes_per_province)
        )
        UnitParentage.objects.bulk_create(UnitParentage(unit=c, parent=province) for c in communes)
        sites = Site.objects.bulk_create(
            Site(
                code=f"S-{c.code}",
                name=c.code,
                kind="commune_library",
                origin="replicated",
                opened_on=dt.date(2020, 1, 1),
            )
            for c in communes
        )
        SitePlacement.objects.bulk_create(
            SitePlacement(site=s, unit=c) for s, c in zip(sites, communes, strict=True)
        )
    return province_ids


def _time(label: str, fn, repeat: int = 20) -> None:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    print(f"  {label:55} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    _setup_django()
    import datetime as dt

    from pacnet.geography.selectors import hierarchy_on, site_ids_under_units

    provinces, communes = (
        int(os.environ.get("BENCH_PROVINCES", 34)),
        int(os.environ.get("BENCH_COMMUNES", 98)),
    )
    started = time.perf_counter()
    province_ids = _build(provinces, communes)
    print(
        f"  built {provinces} provinces × {communes} communes and points "
        f"in {time.perf_counter() - started:.1f} s"
    )
    _time("hierarchy of one day", lambda: hierarchy_on(dt.date(2026, 1, 1)))
    _time(
        "points ever under one province (a user's scope)",
        lambda: site_ids_under_units(province_ids[:1]),
    )
    _time(
        "points under one province during 2026",
        lambda: site_ids_under_units(
            province_ids[:1], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
        ),
    )
