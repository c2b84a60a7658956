"""Synthetic, seeded usage for the 18 demo points, from 1 Sept 2017 to a given day.

Run after `pacnet.dashboard.demo.demo_network_load()`. Everything is drawn from one
`random.Random(seed)`, so a seed always gives the same patrons, sessions and tallies.
Variety on purpose: yearly growth (and a dip), coffee-harvest lows (Nov–Jan), Tết and
April 2020 closed, X-NAMDONG closed four months in 2019 (a recorded closure), TV-DAKGLONG
counting on paper, a weak commune point, repeat visits, patrons at two points, a few
midnight-crossing evening sessions at the provincial library, and broken computers that
make some months fail the working-computer rule.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from pacnet.geography.demo import COMMUNE_POINTS, LIBRARY_POINTS
from pacnet.geography.models import Site
from pacnet.geography.services import site_suspend
from pacnet.inventory.models import Equipment
from pacnet.inventory.services import equipment_status_change
from pacnet.usage.constants import Service
from pacnet.usage.demo.people import patron_new
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.rollups import usage_rollup_rebuild

DEMO_SOURCE = "demo"
CARD_PREFIX = "DEMO-"  # every demo card and guest pass code starts with it
START = dt.date(2017, 9, 1)
# Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975.
ICT = dt.timezone(dt.timedelta(hours=7), "ICT")

PAPER_POINT = "TV-DAKGLONG"
CLOSED_POINT, CLOSED_FROM, CLOSED_TO = "X-NAMDONG", dt.date(2019, 3, 1), dt.date(2019, 6, 30)
CLOSURE_REASON = "Sửa chữa trụ sở UBND xã (dữ liệu minh hoạ)"
# Broken computers (point, numbers, faulty from, working again from): 2 of 5 working fails
# the 60 % rule at the end of March and April 2018; 3 of 5 in Oct 2022 just passes it.
FAULTS = [
    ("X-QUANGTRUC", (3, 4, 5), dt.date(2018, 3, 12), dt.date(2018, 5, 21)),
    ("X-DAKPLAO", (2, 3), dt.date(2022, 10, 3), dt.date(2023, 1, 9)),
    ("X-DAKPLAO", (4,), dt.date(2022, 11, 14), dt.date(2022, 12, 19)),
    ("TV-TINH", (7,), dt.date(2020, 9, 7), dt.date(2020, 10, 5)),
]
RETIREMENTS = [("TV-TINH", 26, dt.date(2023, 6, 30))]

MEAN_VISITS = {"provincial_library": 10, "district_library": 4.5, "commune_library": 3.5}
POINT_FACTOR = {"X-QUANGTAM": 0.55, "X-DAKLAO": 1.5, "TV-DAKMIL": 1.2, "X-DAKNIA": 1.3}
ABSENCE = {"X-QUANGTAM": 0.35, "commune_library": 0.04}  # days part-time staff cannot open
POOL_SIZE = {"provincial_library": 1500, "district_library": 450, "commune_library": 200}
# Patrons who also use a nearby point (point -> the other point whose patrons drop in).
NEIGHBOURS = {"TV-GIANGHIA": "TV-TINH", "X-DAKNIA": "TV-TINH", "X-DAKDRO": "TV-KRONGNO"}
GROWTH = {2018: 1.08, 2019: 1.05, 2020: 0.98, 2021: 1.04, 2022: 1.07, 2023: 1.05, 2024: 1.03}
LATER_GROWTH = 1.04
# Coffee harvest in Đắk Nông (Nov–Jan) empties the points; the summer holidays fill them.
SEASON = {11: 0.75, 12: 0.7, 1: 0.75, 2: 0.9, 6: 1.1, 7: 1.15, 8: 1.1}
TET = {
    2018: dt.date(2018, 2, 16), 2019: dt.date(2019, 2, 5), 2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6), 2028: dt.date(2028, 1, 26),
}  # fmt: skip
LOCKDOWN = (dt.date(2020, 4, 1), dt.date(2020, 4, 22))  # nationwide social distancing
HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}
# Services a kind of point offers, with their weights.
SERVICES = {
    "provincial_library": [
        (Service.WEB, 30), (Service.LEARNING, 25), (Service.E_GOVERNMENT, 10),
        (Service.EMAIL, 15), (Service.PRINT, 10), (Service.OTHER, 10),
    ],
    "district_library": [
        (Service.WEB, 40), (Service.LEARNING, 30), (Service.E_GOVERNMENT, 15), (Service.PRINT, 15),
    ],
    "commune_library": [
        (Service.WEB, 40), (Service.AGRICULTURE, 30), (Service.E_GOVERNMENT, 20),
        (Service.LEARNING, 10),
    ],
}  # fmt: skip
SESSION_COLUMNS = [
    "site", "computer", "patron", "guest_pass", "start", "end", "day", "service", "pages_printed"
]  # fmt: skip
MORNING, AFTERNOON = (7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)


def demo_usage_present() -> bool:
    """Whether synthetic usage is loaded (the UI then says the figures are synthetic)."""
    return Patron.objects.filter(card_number__startswith=CARD_PREFIX).exists()


@dataclass
class _Point:
    site: Site
    computers: list[tuple[int, int]]  # (number, equipment id)
    down: list[tuple[int, dt.date, dt.date]]  # (number, from, until excluded): not usable
    pool: list[Patron] = field(default_factory=list)
    batch: GuestPassBatch | None = None
    passes: int = 0


@dataclass
class _Pending:
    patrons: list[Patron] = field(default_factory=list)
    batches: list[GuestPassBatch] = field(default_factory=list)
    passes: list[GuestPass] = field(default_factory=list)
    sessions: list[tuple] = field(default_factory=list)


@transaction.atomic
def demo_usage_load(
    *, seed: int = 2017, until: dt.date | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Load the synthetic usage; returns how many rows of each kind were written.

    History ends at `now` (default: the moment of loading): no session ends after it and
    today's paper tally is not written yet. Does nothing (all counts zero) when demo usage
    is already present.
    """
    now = now or timezone.now()
    until = min(until or timezone.localdate(now), timezone.localdate(now))
    counts = dict.fromkeys(["patrons", "guest_passes", "sessions", "tallies"], 0)
    if demo_usage_present():
        return counts
    rng = random.Random(seed)
    codes = [p[0] for p in LIBRARY_POINTS] + [p[0] for p in COMMUNE_POINTS]
    sites = {s.code: s for s in Site.objects.filter(code__in=codes)}
    counts["status_changes"] = _equipment_history(sites, until)
    counts["suspensions"] = _closure(sites, until)
    points = _points(sites)
    pending, tallies = _Pending(), []
    day, month = START, START.month
    while day <= until:
        if day.month != month:
            _flush(pending, counts)
            month = day.month
        for code, point in points.items():
            if not _open(rng, point.site, day):
                continue
            visits = _visit_count(rng, point.site, day)
            if code == PAPER_POINT:
                # A paper count is totted up at closing time: none for a day not yet over.
                if visits and day < timezone.localdate(now):
                    users = max(1, round(visits * rng.uniform(0.65, 0.95)))
                    tallies.append(
                        ManualTally(site=point.site, day=day, visits=visits, users=users)
                    )
                continue
            _day_sessions(rng, point, points, day, visits, pending, now)
        day += dt.timedelta(days=1)
    _flush(pending, counts)
    counts["tallies"] = len(ManualTally.objects.bulk_create(tallies, batch_size=2000))
    counts["rollup_point_days"] = usage_rollup_rebuild()
    return counts


def _equipment_history(sites: dict[str, Site], until: dt.date) -> int:
    changes = [(c, n, start, "faulty") for c, numbers, start, _end in FAULTS for n in numbers]
    changes += [(c, n, end, "working") for c, numbers, _start, end in FAULTS for n in numbers]
    changes += [(c, n, day, "retired") for c, n, day in RETIREMENTS]
    done = 0
    for code, number, day, status in sorted(changes, key=lambda c: (c[2], c[0], c[1])):
        if code in sites and day <= until:
            item = Equipment.objects.get(code=f"{code}-PC{number:02d}")
            equipment_status_change(
                actor=None, item=item, status=status, effective_on=day, source=DEMO_SOURCE
            )
            done += 1
    return done


def _closure(sites: dict[str, Site], until: dt.date) -> int:
    if CLOSED_POINT not in sites or until < CLOSED_FROM:
        return 0
    site_suspend(
        actor=None,
        site=sites[CLOSED_POINT],
        start=CLOSED_FROM,
        end=CLOSED_TO,
        reason=CLOSURE_REASON,
    )
    return 1


def _points(sites: dict[str, Site]) -> dict[str, _Point]:
    computers: dict[int, list[tuple[int, int]]] = {}
    rows = Equipment.objects.filter(site__in=sites.values(), kind=Equipment.Kind.COMPUTER)
    for pk, site_id, code in rows.order_by("code").values_list("pk", "site_id", "code"):
        computers.setdefault(site_id, []).append((int(code.rsplit("PC", 1)[1]), pk))
    down = [(c, n, start, end) for c, numbers, start, end in FAULTS for n in numbers]
    down += [(c, n, day, dt.date.max) for c, n, day in RETIREMENTS]
    return {
        code: _Point(
            site,
            computers.get(site.pk, []),
            [(n, start, end) for c, n, start, end in down if c == code],
        )
        for code, site in sorted(sites.items())
    }


def _open(rng: random.Random, site: Site, day: dt.date) -> bool:
    """Whether the point opened that day (drawn for every point, to keep the seed stable)."""
    absent = rng.random() < ABSENCE.get(site.code, ABSENCE.get(site.kind, 0.01))
    tet = TET.get(day.year + (1 if day.month > 6 else 0))
    if day.weekday() == 6 or (day.month, day.day) in HOLIDAYS or absent:
        return False
    if tet and -3 <= (day - tet).days <= 5 or LOCKDOWN[0] <= day <= LOCKDOWN[1]:
        return False
    if site.code == CLOSED_POINT and CLOSED_FROM <= day <= CLOSED_TO:
        return False
    return site.opened_on <= day and not (site.closed_on and day >= site.closed_on)


def _visit_count(rng: random.Random, site: Site, day: dt.date) -> int:
    mean = MEAN_VISITS.get(site.kind, 8) * POINT_FACTOR.get(site.code, 1.0)
    for year in range(2018, day.year + 1):
        mean *= GROWTH.get(year, LATER_GROWTH)
    mean *= SEASON.get(day.month, 1.0) * (0.5 if day.weekday() == 5 else 1.0)
    return max(0, round(rng.gauss(mean, mean**0.5)))


def _working(point: _Point, day: dt.date) -> list[tuple[int, int]]:
    """Computers in working order and not retired on `day`."""
    down = {n for n, start, end in point.down if start <= day < end}
    return [(n, pk) for n, pk in point.computers if n not in down]


def _day_sessions(
    rng, point: _Point, points, day: dt.date, visits: int, pending, now: dt.datetime
) -> None:
    saturday = day.weekday() == 5
    wanted = []  # (start minute, end minute, person)
    for _ in range(visits):
        person = _person(rng, point, points, day, pending)
        half = MORNING if saturday or rng.random() < 0.55 else AFTERNOON
        start = rng.randint(half[0], half[1] - 30)
        end = min(start + int(rng.triangular(15, 150, 45)), half[1] + 10)
        wanted.append((start, end, person))
        if rng.random() < 0.12:  # back later the same day: still one visit
            later = AFTERNOON if half == MORNING and not saturday else (end + 10, half[1])
            if later[1] - later[0] > 40:
                again = rng.randint(later[0], later[1] - 30)
                wanted.append((again, min(again + rng.randint(15, 90), later[1] + 10), person))
    if point.site.code == "TV-TINH" and day.weekday() == 4 and rng.random() < 0.03:
        for _ in range(rng.randint(1, 3)):  # reading-night event: sessions run past midnight
            start = rng.randint(22 * 60, 23 * 60 + 30)
            wanted.append(
                (start, start + rng.randint(60, 150), _person(rng, point, points, day, pending))
            )
    offered = SERVICES.get(point.site.kind, SERVICES["commune_library"])
    services, weights = [s for s, _w in offered], [w for _s, w in offered]
    free_from = {pk: 0 for _n, pk in _working(point, day)}
    for start, end, person in sorted(wanted, key=lambda w: w[0]):
        free = [pk for pk, at in free_from.items() if at <= start]
        if not free:
            continue  # every computer busy: the person went home
        computer = rng.choice(free)
        free_from[computer] = end + 1
        service = rng.choices(services, weights)[0]
        pages = rng.randint(1, 20) if service == Service.PRINT else 0
        if not pages and rng.random() < 0.1:
            pages = rng.randint(1, 5)
        if _at(day, end) > now:
            continue  # history ends now: a later session would block the computer it shows free
        pending.sessions.append(
            (point.site.pk, computer, person, _at(day, start), _at(day, end), day, service, pages)
        )


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ICT) + dt.timedelta(minutes=minute)


def _person(rng, point: _Point, points, day: dt.date, pending) -> Patron | GuestPass:
    if rng.random() < 0.06:
        return _guest_pass(point, day, pending)
    neighbour = points.get(NEIGHBOURS.get(point.site.code, ""))
    if neighbour and neighbour.pool and rng.random() < 0.12:
        return neighbour.pool[int(len(neighbour.pool) * rng.random() ** 2)]
    size = POOL_SIZE.get(point.site.kind, 200)
    if not point.pool or rng.random() < 0.3 * max(0.0, 1 - len(point.pool) / size) + 0.02:
        card = f"{CARD_PREFIX}{point.site.code}-{len(point.pool) + 1:06d}"
        patron = patron_new(rng, card_number=card, site=point.site, day=day, kind=point.site.kind)
        point.pool.append(patron)
        pending.patrons.append(patron)
        return patron
    # Early registrants are the regulars: they come back far more often.
    return point.pool[int(len(point.pool) * rng.random() ** 2)]


def _guest_pass(point: _Point, day: dt.date, pending) -> GuestPass:
    if point.batch is None or point.batch.issued_on.month != day.month:
        point.batch = GuestPassBatch(site=point.site, issued_on=day)
        pending.batches.append(point.batch)
    point.passes += 1
    guest = GuestPass(code=f"{CARD_PREFIX}{point.site.code}-G{point.passes:05d}")
    guest.demo_batch = point.batch
    pending.passes.append(guest)
    return guest


def _flush(pending: _Pending, counts: dict[str, int]) -> None:
    """Write a month of generated rows: persons first, so that the sessions get their ids."""
    Patron.objects.bulk_create(pending.patrons, batch_size=1000)
    GuestPassBatch.objects.bulk_create(pending.batches, batch_size=1000)
    for guest in pending.passes:
        guest.batch = guest.demo_batch
    GuestPass.objects.bulk_create(pending.passes, batch_size=1000)
    _sessions_insert(pending.sessions)
    counts["patrons"] += len(pending.patrons)
    counts["guest_passes"] += len(pending.passes)
    counts["sessions"] += len(pending.sessions)
    pending.patrons, pending.batches, pending.passes, pending.sessions = [], [], [], []


def _sessions_insert(rows: list[tuple]) -> None:
    """Insert sessions with one prepared statement: the ORM's per-object cost would triple
    the load time, and the rows are already checked by construction."""
    ops = connection.ops
    fields = [Session._meta.get_field(n) for n in SESSION_COLUMNS]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(Session._meta.db_table),
        ", ".join(ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = [
        (
            site_id,
            computer_id,
            person.pk if isinstance(person, Patron) else None,
            person.pk if isinstance(person, GuestPass) else None,
            ops.adapt_datetimefield_value(start),
            ops.adapt_datetimefield_value(end),
            ops.adapt_datefield_value(day),
            service,
            pages,
        )
        for site_id, computer_id, person, start, end, day, service, pages in rows
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(values), 5000):
            cursor.executemany(sql, values[i : i + 5000])
