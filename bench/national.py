"""A national-scale network with years of sessions, for the usage benchmark.

Provinces → communes (one access point each) → computers; a pool of patrons and guest
passes per point; sessions every day but Sunday. Sessions go in by COPY on PostgreSQL and
by executemany elsewhere: the generator must not be the bottleneck of the benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

POOL = 200  # patrons per point
GUESTS = 40  # guest passes per point
ICT = dt.timezone(dt.timedelta(hours=7))
SERVICES = ["web", "learning", "e-government", "agriculture", "email", "print", "other"]
COLUMNS = [
    "site", "computer", "patron", "guest_pass", "start", "end", "day", "service", "pages_printed"
]  # fmt: skip


@dataclass
class Network:
    province_ids: list[int] = field(default_factory=list)
    site_ids: list[int] = field(default_factory=list)
    sites_of_province: dict[int, list[int]] = field(default_factory=dict)
    site_codes: dict[int, str] = field(default_factory=dict)
    computers: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # site -> (id, code)
    patrons: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # site -> (id, card)
    guests: dict[int, list[int]] = field(default_factory=dict)
    sessions: int = 0


def network_build(*, provinces: int, points: int, computers: int, opened: dt.date) -> Network:
    from pacnet.geography.models import AdministrativeUnit, Site, SitePlacement, UnitParentage
    from pacnet.inventory.models import Equipment, EquipmentStatusChange
    from pacnet.usage.models import GuestPass, GuestPassBatch, Patron

    net = Network()
    for p in range(provinces):
        province = AdministrativeUnit.objects.create(
            code=f"NP{p:02d}", name=f"Tỉnh {p}", level="province"
        )
        net.province_ids.append(province.pk)
        communes = AdministrativeUnit.objects.bulk_create(
            AdministrativeUnit(code=f"NP{p:02d}-X{c:03d}", name=f"Xã {c}", level="commune")
            for c in range(points)
        )
        UnitParentage.objects.bulk_create(UnitParentage(unit=c, parent=province) for c in communes)
        sites = Site.objects.bulk_create(
            Site(
                code=f"N{p:02d}-{c:03d}",
                name=f"Điểm {p}-{c}",
                kind="commune_library",
                origin="replicated",
                opened_on=opened,
            )
            for c in range(points)
        )
        SitePlacement.objects.bulk_create(
            SitePlacement(site=s, unit=c) for s, c in zip(sites, communes, strict=True)
        )
        net.sites_of_province[province.pk] = [s.pk for s in sites]
        for site in sites:
            net.site_ids.append(site.pk)
            net.site_codes[site.pk] = site.code
        pcs = Equipment.objects.bulk_create(
            Equipment(code=f"{s.code}-PC{n:02d}", site=s, kind="computer", acquired_on=opened)
            for s in sites
            for n in range(1, computers + 1)
        )
        EquipmentStatusChange.objects.bulk_create(
            EquipmentStatusChange(equipment=e, status="working", effective_on=opened) for e in pcs
        )
        for e in pcs:
            net.computers.setdefault(e.site_id, []).append((e.pk, e.code))
        patrons = Patron.objects.bulk_create(
            (
                Patron(card_number=f"{s.code}-{i:06d}", registered_at=s, registered_on=opened)
                for s in sites
                for i in range(POOL)
            ),
            batch_size=5000,
        )
        for patron in patrons:
            net.patrons.setdefault(patron.registered_at_id, []).append(
                (patron.pk, patron.card_number)
            )
        batches = GuestPassBatch.objects.bulk_create(
            GuestPassBatch(site=s, issued_on=opened) for s in sites
        )
        passes = GuestPass.objects.bulk_create(
            (
                GuestPass(code=f"{b.site.code}-G{i:04d}", batch=b)
                for b in batches
                for i in range(GUESTS)
            ),
            batch_size=5000,
        )
        for guest in passes:
            net.guests.setdefault(guest.batch.site_id, []).append(guest.pk)
    return net


def network_load() -> Network:
    """The network a previous run built (BENCH_PG_DIR keeps it), read back from the database."""
    from pacnet.geography.models import AdministrativeUnit, Site
    from pacnet.inventory.models import Equipment
    from pacnet.usage.models import GuestPass, Patron, Session

    net = Network(sessions=Session.objects.count())
    provinces = dict(
        AdministrativeUnit.objects.filter(code__startswith="NP", level="province")
        .order_by("code")
        .values_list("code", "pk")
    )
    net.province_ids = list(provinces.values())
    for pk, code in (
        Site.objects.filter(code__startswith="N").order_by("code").values_list("pk", "code")
    ):
        net.site_ids.append(pk)
        net.site_codes[pk] = code
        net.sites_of_province.setdefault(provinces[f"NP{code[1:3]}"], []).append(pk)
    computers = Equipment.objects.filter(kind="computer", code__startswith="N").order_by("code")
    for pk, site, code in computers.values_list("pk", "site_id", "code"):
        net.computers.setdefault(site, []).append((pk, code))
    patrons = Patron.objects.filter(card_number__startswith="N").order_by("pk")
    for pk, site, card in patrons.values_list("pk", "registered_at_id", "card_number"):
        net.patrons.setdefault(site, []).append((pk, card))
    guests = GuestPass.objects.filter(code__startswith="N").order_by("pk")
    for pk, site in guests.values_list("pk", "batch__site_id"):
        net.guests.setdefault(site, []).append(pk)
    return net


def sessions_generate(net: Network, *, start: dt.date, end: dt.date, per_day: int, seed: int):
    """Yield session rows (as COLUMNS) point by point, day by day."""
    rng = random.Random(seed)
    for province_sites in net.sites_of_province.values():
        for site_id in province_sites:
            pcs, pool, guests = net.computers[site_id], net.patrons[site_id], net.guests[site_id]
            day = start
            while day <= end:
                if day.weekday() != 6:
                    yield from _day(
                        rng, net, province_sites, site_id, pcs, pool, guests, day, per_day
                    )
                day += dt.timedelta(days=1)


def _day(rng, net, province_sites, site_id, pcs, pool, guests, day, per_day):
    opening = dt.datetime(day.year, day.month, day.day, 7, 30, tzinfo=ICT)
    for i in range(rng.randint(per_day // 2, per_day + per_day // 2)):
        roll = rng.random()
        patron = guest = None
        if roll < 0.03:
            guest = rng.choice(guests)
        elif roll < 0.05:  # a patron of another point of the province
            patron = rng.choice(net.patrons[rng.choice(province_sites)])[0]
        else:
            patron = pool[int(len(pool) * rng.random() ** 2)][0]
        start = opening + dt.timedelta(minutes=50 * (i // len(pcs)))
        yield (
            site_id,
            pcs[i % len(pcs)][0],
            patron,
            guest,
            start,
            start + dt.timedelta(minutes=rng.randint(15, 45)),
            day,
            rng.choice(SERVICES),
            rng.choice((0, 0, 0, 2)),
        )


def sessions_insert(rows, *, chunk: int = 50_000) -> int:
    """Write the rows straight into usage_session; returns how many."""
    from django.db import connection, transaction

    from pacnet.usage.models import Session

    ops = connection.ops
    table = ops.quote_name(Session._meta.db_table)
    columns = ", ".join(ops.quote_name(Session._meta.get_field(c).column) for c in COLUMNS)
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
        batch = []
        for row in rows:
            batch.append(_adapted(ops, row))
            if len(batch) == chunk:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _adapted(ops, row):
    site, pc, patron, guest, start, end, day, service, pages = row
    return (
        site,
        pc,
        patron,
        guest,
        ops.adapt_datetimefield_value(start),
        ops.adapt_datetimefield_value(end),
        ops.adapt_datefield_value(day),
        service,
        pages,
    )


def import_csv_write(net: Network, path, *, rows: int, day: dt.date, seed: int) -> int:
    """A sessions CSV in the `pacnet import_sessions` format, on days after the generated ones;
    one person in twenty is new (the import creates them)."""
    import csv

    rng = random.Random(seed)
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["point", "computer", "person", "person_kind", "start", "end", "service", "pages"]
        )
        while written < rows:
            for site_id in net.site_ids:
                pcs = net.computers[site_id]
                for i, (_pk, pc_code) in enumerate(pcs):
                    tag = f"{day:%Y%m%d}-{site_id}-{written}"  # new on every run, even reused
                    if rng.random() < 0.05:
                        person, kind = f"NEW-{tag}", "patron"
                    elif rng.random() < 0.03:
                        person, kind = f"GNEW-{tag}", "guest"
                    else:
                        person, kind = rng.choice(net.patrons[site_id])[1], "patron"
                    start = dt.datetime.combine(day, dt.time(7, 30)) + dt.timedelta(minutes=i)
                    writer.writerow(
                        [
                            net.site_codes[site_id],
                            pc_code,
                            person,
                            kind,
                            start.isoformat(timespec="minutes"),
                            (start + dt.timedelta(minutes=40)).isoformat(timespec="minutes"),
                            rng.choice(SERVICES),
                            "",
                        ]
                    )
                    written += 1
                    if written == rows:
                        return written
            day += dt.timedelta(days=1)
    return written
