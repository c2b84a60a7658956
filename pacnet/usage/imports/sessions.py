"""Import sessions: check the whole file, then write it in chunks (COPY on PostgreSQL).

The first pass checks every row, keeping only each computer's intervals (24 bytes a row) for
the overlap check; the second writes the file in chunks of CHUNK rows, so memory stays
bounded apart from that interval index.
"""

from __future__ import annotations

import datetime as dt
import itertools
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.usage.constants import Service
from pacnet.usage.imports import (
    CHUNK,
    IN_BATCH,
    CellError,
    ImportResult,
    local_day,
    parse_count,
    parse_moment,
    records,
)
from pacnet.usage.models import GuestPass, Patron, Session

SESSION_COLUMNS = ("point", "computer", "person", "person_kind", "start", "end", "service", "pages")
# The services' field names that are not the column's.
SESSION_COLUMN_OF = {"pages_printed": "pages"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
FOREVER = 2**62
PERSON_MAX = 40
SERVICES = frozenset(Service.values)
REPORT_PER_SESSION = 20  # rows reported against one recorded session


def micros(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def moment_of(value: int) -> dt.datetime:
    return timezone.localtime(EPOCH + dt.timedelta(microseconds=value))


@dataclass(frozen=True)
class SessionRow:
    number: int
    site_id: int
    computer_id: int
    person: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    day: dt.date
    service: str
    pages: int


@dataclass
class Intervals:
    """One computer's sessions in the file: starts and ends in µs since 1970, row numbers."""

    starts: array = field(default_factory=lambda: array("q"))
    ends: array = field(default_factory=lambda: array("q"))
    rows: array = field(default_factory=lambda: array("q"))


class Reference:
    """Points, computers and computers' status histories, loaded once."""

    def __init__(self) -> None:
        self.sites = dict(Site.objects.values_list("code", "id"))
        self.site_codes = {v: k for k, v in self.sites.items()}
        self.computers: dict[str, tuple[int, int]] = {
            code: (pk, site_id)
            for code, pk, site_id in Equipment.objects.filter(
                kind=Equipment.Kind.COMPUTER
            ).values_list("code", "id", "site_id")
        }
        self.others = set(
            Equipment.objects.exclude(kind=Equipment.Kind.COMPUTER).values_list("code", flat=True)
        )
        history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
        changes = EquipmentStatusChange.objects.filter(equipment__kind=Equipment.Kind.COMPUTER)
        for pk, day, status in changes.order_by("effective_on").values_list(
            "equipment_id", "effective_on", "status"
        ):
            history[pk].append((day, status))
        self.history_days = {pk: [d for d, _s in rows] for pk, rows in history.items()}
        self.history = dict(history)

    def status_on(self, computer_id: int, day: dt.date) -> str | None:
        index = bisect_right(self.history_days.get(computer_id, []), day)
        return self.history[computer_id][index - 1][1] if index else None


def _session_row(
    number: int, cell: dict[str, str], ref: Reference, now, result
) -> SessionRow | None:
    """The parsed row, or None after recording each bad cell."""
    bad = len(result.errors) + result.errors_left_off

    def fail(column: str, message: str) -> None:
        result.error(number, column, message)

    site_id = ref.sites.get(cell["point"])
    if site_id is None:
        fail("point", _("Unknown access point “%(code)s”.") % {"code": cell["point"]})
    computer_id = computer_site = None
    if cell["computer"] in ref.computers:
        computer_id, computer_site = ref.computers[cell["computer"]]
        if site_id is not None and computer_site != site_id:
            fail(
                "computer",
                _("Computer %(code)s is not a computer of %(point)s.")
                % {"code": cell["computer"], "point": cell["point"]},
            )
    elif cell["computer"] in ref.others:
        fail("computer", _("%(code)s is not a computer.") % {"code": cell["computer"]})
    else:
        fail("computer", _("Unknown computer “%(code)s”.") % {"code": cell["computer"]})
    if not cell["person"]:
        fail("person", _("A card number or guest pass code is required."))
    elif len(cell["person"]) > PERSON_MAX:
        fail("person", _("At most %(n)s characters.") % {"n": PERSON_MAX})
    if cell["person_kind"] not in ("patron", "guest"):
        fail("person_kind", _("Write “patron” or “guest”."))
    moments = {}
    for column in ("start", "end"):
        try:
            if not cell[column]:
                raise CellError(_("A date and time is required."))
            moments[column] = parse_moment(cell[column])
        except CellError as error:
            fail(column, str(error))
    start, end = moments.get("start"), moments.get("end")
    if cell["service"] and cell["service"] not in SERVICES:
        fail(
            "service",
            _("Unknown service “%(code)s”; use one of %(codes)s.")
            % {"code": cell["service"], "codes": ", ".join(Service.values)},
        )
    pages = 0
    try:
        pages = parse_count(cell["pages"]) if cell["pages"] else 0
    except CellError as error:
        fail("pages", str(error))
    if start:
        from pacnet.usage.services import session_problems  # services imports this module

        found = session_problems(start=start, end=end, pages_printed=pages, now=now)
        for name, message in found.items():
            fail(SESSION_COLUMN_OF.get(name, name), message)
    day = local_day(start) if start else None
    if computer_id is not None and day is not None:
        status = ref.status_on(computer_id, day)
        if status is None:
            fail(
                "computer",
                _("The computer was not yet in service on %(day)s.")
                % {"day": day.strftime("%d/%m/%Y")},
            )
        elif status == EquipmentStatus.RETIRED:
            fail(
                "computer",
                _("The computer was retired on %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
            )
    if len(result.errors) + result.errors_left_off > bad:
        return None
    return SessionRow(
        number,
        site_id,
        computer_id,
        cell["person"],
        cell["person_kind"],
        start,
        end,
        day,
        cell["service"],
        pages,
    )


def _session_rows(path_or_file: Any, ref: Reference, result: ImportResult) -> Iterator[SessionRow]:
    """Every good row of the file; bad rows, a bad header or a bad file go to the result."""
    now = timezone.now()
    for number, cell in records(path_or_file, SESSION_COLUMNS, result):
        row = _session_row(number, cell, ref, now, result)
        if row is not None:
            yield row


def sessions_check(path_or_file: Any) -> tuple[ImportResult, Reference]:
    """First pass: every row, every overlap in the file and against the database."""
    result, ref = ImportResult(), Reference()
    intervals: dict[int, Intervals] = defaultdict(Intervals)
    for row in _session_rows(path_or_file, ref, result):
        result.rows += 1
        item = intervals[row.computer_id]
        item.starts.append(micros(row.start))
        item.ends.append(micros(row.end))
        item.rows.append(row.number)
    if _file_overlaps(intervals, ref, result):
        _database_overlaps(intervals, ref, result)
    return result, ref


def _code_of(ref: Reference, computer_id: int) -> str:
    return next(code for code, (pk, _s) in ref.computers.items() if pk == computer_id)


def _file_overlaps(intervals: dict[int, Intervals], ref: Reference, result: ImportResult) -> bool:
    """Sort each computer's intervals by start and report overlaps; True when there are none."""
    clean = True
    for computer_id, item in intervals.items():
        order = sorted(range(len(item.starts)), key=item.starts.__getitem__)
        sorted_item = Intervals(
            array("q", (item.starts[i] for i in order)),
            array("q", (item.ends[i] for i in order)),
            array("q", (item.rows[i] for i in order)),
        )
        intervals[computer_id] = sorted_item
        reach = 0  # the position of the interval that ends last so far
        for k in range(1, len(order)):
            start, row = sorted_item.starts[k], sorted_item.rows[k]
            if start == sorted_item.starts[k - 1]:
                clean = False
                result.error(
                    row,
                    "start",
                    _("Row %(other)s has the same computer and start.")
                    % {"other": sorted_item.rows[k - 1]},
                )
            elif start < sorted_item.ends[reach]:
                clean = False
                result.error(
                    row,
                    "start",
                    _("Overlaps row %(other)s on the same computer.")
                    % {"other": sorted_item.rows[reach]},
                )
            if sorted_item.ends[k] > sorted_item.ends[reach]:
                reach = k
    return clean


def _database_overlaps(
    intervals: dict[int, Intervals], ref: Reference, result: ImportResult
) -> None:
    """Sessions already recorded that overlap a row (one with the same start is replaced)."""
    computer_ids = list(intervals)
    for i in range(0, len(computer_ids), IN_BATCH):
        batch = computer_ids[i : i + IN_BATCH]
        first = min(intervals[c].starts[0] for c in batch)
        last = max(max(intervals[c].ends) for c in batch)
        # Recorded sessions on a computer do not overlap, so of those starting before `first`
        # only the latest can reach into the file's period: an index range scan, not history.
        latest = Session.objects.filter(
            computer_id=OuterRef("pk"), start__lt=moment_of(first)
        ).order_by("-start")
        before = Equipment.objects.filter(pk__in=batch).annotate(
            session=Subquery(latest.values("pk")[:1])
        )
        reaching = [pk for pk in before.values_list("session", flat=True) if pk is not None]
        # Two queries, not one with OR: the planner cannot use the (computer, start) index for
        # "in range OR in a subquery" and would scan every session ever recorded.
        in_period = Session.objects.filter(
            computer_id__in=batch, start__gte=moment_of(first), start__lte=moment_of(last)
        )
        recorded = itertools.chain(
            in_period.values_list("computer_id", "start", "end").iterator(chunk_size=5000),
            Session.objects.filter(pk__in=reaching).values_list("computer_id", "start", "end"),
        )
        for computer_id, start, end in recorded:
            item = intervals[computer_id]
            s = micros(start)
            e = FOREVER if end is None else micros(end)
            same = bisect_left(item.starts, s)
            if same < len(item.starts) and item.starts[same] == s:
                continue  # the row replaces this session
            k = bisect_left(item.starts, e if e > s else s + 1) - 1
            # The file's intervals do not overlap, so their ends rise with their starts.
            reported = 0
            while k >= 0 and item.ends[k] > s and reported < REPORT_PER_SESSION:
                result.error(
                    item.rows[k],
                    "start",
                    _("Overlaps the session recorded on %(computer)s from %(start)s.")
                    % {
                        "computer": _code_of(ref, computer_id),
                        "start": timezone.localtime(start).strftime("%d/%m/%Y %H:%M"),
                    },
                )
                k, reported = k - 1, reported + 1


def sessions_write(path_or_file: Any, ref: Reference, result: ImportResult) -> set:
    """Second pass over a checked file: write it in chunks; returns the (point, day) touched."""
    touched: set[tuple[int, dt.date]] = set()
    chunk: list[SessionRow] = []
    for row in _session_rows(path_or_file, ref, ImportResult()):
        chunk.append(row)
        if len(chunk) == CHUNK:
            touched |= _write_chunk(chunk, result)
            chunk = []
    if chunk:
        touched |= _write_chunk(chunk, result)
    return touched


def _persons(chunk: list[SessionRow], result: ImportResult) -> tuple[dict, dict]:
    first: dict[tuple[str, str], tuple[int, dt.date]] = {}
    for row in chunk:
        first.setdefault((row.kind, row.person), (row.site_id, row.day))
    patrons, guests, created = persons_ids(first)
    result.persons_created += created
    return patrons, guests


def persons_ids(wanted: dict[tuple[str, str], tuple[int, dt.date]]) -> tuple[dict, dict, int]:
    """Card numbers and guest pass codes to ids, and how many were created.

    `wanted` maps (kind, code) to the point and day of its first session: an unknown card is
    created as registered there then, with no personal data; an unknown pass with no batch.
    """
    patrons = _ids(Patron, "card_number", [p for k, p in wanted if k == "patron"])
    guests = _ids(GuestPass, "code", [p for k, p in wanted if k == "guest"])
    new_patrons = [
        # Records made from usage hold no personal data, so no consent is asked for.
        Patron(card_number=p, registered_at_id=site_id, registered_on=day)
        for (k, p), (site_id, day) in wanted.items()
        if k == "patron" and p not in patrons
    ]
    new_guests = [GuestPass(code=p) for (k, p) in wanted if k == "guest" and p not in guests]
    known = len(patrons) + len(guests)
    # Two kiosks may upload the same new card at once: the second finds the first's row.
    if new_patrons:
        Patron.objects.bulk_create(new_patrons, batch_size=IN_BATCH, ignore_conflicts=True)
        patrons |= _ids(Patron, "card_number", [p.card_number for p in new_patrons])
    if new_guests:
        GuestPass.objects.bulk_create(new_guests, batch_size=IN_BATCH, ignore_conflicts=True)
        guests |= _ids(GuestPass, "code", [g.code for g in new_guests])
    return patrons, guests, len(patrons) + len(guests) - known


def _ids(model, field_name: str, codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(codes), IN_BATCH):
        query = model.objects.filter(**{f"{field_name}__in": codes[i : i + IN_BATCH]})
        found.update(query.values_list(field_name, "id"))
    return found


SESSION_FIELDS = ("end", "patron_id", "guest_pass_id", "service", "pages_printed")


def _write_chunk(chunk: list[SessionRow], result: ImportResult) -> set:
    patrons, guests = _persons(chunk, result)
    by_computer: dict[int, list[SessionRow]] = defaultdict(list)
    for row in chunk:
        by_computer[row.computer_id].append(row)
    existing: dict[tuple[int, int], Session] = {}
    computer_ids = list(by_computer)
    for i in range(0, len(computer_ids), IN_BATCH):
        batch = computer_ids[i : i + IN_BATCH]
        rows = [r for c in batch for r in by_computer[c]]
        query = Session.objects.filter(
            computer_id__in=batch,
            start__gte=min(r.start for r in rows),
            start__lte=max(r.start for r in rows),
        ).only("id", "computer_id", "start", "day", "site_id", *SESSION_FIELDS)
        existing.update(((s.computer_id, micros(s.start)), s) for s in query)
    new, changed, touched = [], [], set()
    for row in chunk:
        values = {
            "end": row.end,
            "patron_id": patrons[row.person] if row.kind == "patron" else None,
            "guest_pass_id": guests[row.person] if row.kind == "guest" else None,
            "service": row.service,
            "pages_printed": row.pages,
        }
        session = existing.get((row.computer_id, micros(row.start)))
        if session is None:
            new.append(
                {
                    "site_id": row.site_id,
                    "computer_id": row.computer_id,
                    "start": row.start,
                    "day": row.day,
                    "source": Session.Source.IMPORT,
                    **values,
                }
            )
        elif any(getattr(session, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(session, name, value)
            changed.append(session)
        else:
            result.unchanged += 1
            continue
        touched.add((row.site_id, row.day))
    sessions_insert(new)
    Session.objects.bulk_update(changed, SESSION_FIELDS, batch_size=500)
    result.created += len(new)
    result.updated += len(changed)
    return touched


def sessions_insert(rows: list[dict[str, Any]]) -> None:
    """PostgreSQL takes the rows by COPY (the national benchmark's millions); others by batch.

    Every row has the same keys (Session's field names, `_id` for foreign keys).
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        Session.objects.bulk_create((Session(**row) for row in rows), batch_size=IN_BATCH)
        return
    columns = list(rows[0])
    column_of = {f.attname: f.column for f in Session._meta.concrete_fields}
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(Session._meta.db_table),
        ", ".join(quote(column_of[c]) for c in columns),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
