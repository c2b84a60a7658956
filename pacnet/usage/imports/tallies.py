"""Import paper tallies (a point's visits and users of a day): check it all, then write.

A row replaces the tally of its point and date; two rows for one point and date are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pacnet.geography.models import Site
from pacnet.usage.imports import (
    CHUNK,
    IN_BATCH,
    CellError,
    ImportResult,
    parse_count,
    parse_day,
    records,
)
from pacnet.usage.models import ManualTally

TALLY_COLUMNS = ("point", "date", "visits", "users")
# The services' field names that are not the column's.
TALLY_COLUMN_OF = {"day": "date"}


@dataclass(frozen=True)
class TallyRow:
    number: int
    site_id: int
    day: dt.date
    visits: int
    users: int


def _tally_rows(path_or_file: Any, sites: dict, result: ImportResult) -> Iterator[TallyRow]:
    seen: dict[tuple[int, dt.date], int] = {}
    for number, cell in records(path_or_file, TALLY_COLUMNS, result):
        row = _tally_row(number, cell, sites, seen, result)
        if row is not None:
            yield row


def _tally_row(number, cell, sites, seen, result) -> TallyRow | None:
    bad = len(result.errors) + result.errors_left_off
    site_id = sites.get(cell["point"])
    if site_id is None:
        result.error(
            number, "point", _("Unknown access point “%(code)s”.") % {"code": cell["point"]}
        )
    values: dict[str, Any] = {}
    for column, parse in (("date", parse_day), ("visits", parse_count), ("users", parse_count)):
        try:
            values[column] = parse(cell[column])
        except CellError as error:
            result.error(number, column, str(error))
    day, visits, users = values.get("date"), values.get("visits"), values.get("users")
    if site_id is not None and day is not None:
        other = seen.setdefault((site_id, day), number)
        if other != number:
            result.error(
                number, "date", _("Row %(other)s has the same point and date.") % {"other": other}
            )
    if len(result.errors) + result.errors_left_off > bad:
        return None
    return TallyRow(number, site_id, day, visits, users)


def tallies_check(path_or_file: Any) -> tuple[ImportResult, dict]:
    result, sites = ImportResult(), dict(Site.objects.values_list("code", "id"))
    rows: dict[tuple[int, dt.date], TallyRow] = {}
    for row in _tally_rows(path_or_file, sites, result):
        result.rows += 1
        rows[row.site_id, row.day] = row
    from pacnet.usage.services import tally_problems  # services imports this module

    found = tally_problems({key: (r.visits, r.users) for key, r in rows.items()})
    for key, fields in sorted(found.items(), key=lambda item: rows[item[0]].number):
        for name, message in fields.items():
            result.error(rows[key].number, TALLY_COLUMN_OF.get(name, name), message)
    return result, sites


def tallies_write(path_or_file: Any, sites: dict, result: ImportResult) -> set:
    touched: set[tuple[int, dt.date]] = set()
    chunk: list[TallyRow] = []
    for row in _tally_rows(path_or_file, sites, ImportResult()):
        chunk.append(row)
        if len(chunk) == CHUNK:
            touched |= _write_tallies(chunk, result)
            chunk = []
    if chunk:
        touched |= _write_tallies(chunk, result)
    return touched


def _write_tallies(chunk: list[TallyRow], result: ImportResult) -> set:
    site_ids = {r.site_id for r in chunk}
    existing = {
        (t.site_id, t.day): t
        for t in ManualTally.objects.filter(
            site_id__in=site_ids,
            day__gte=min(r.day for r in chunk),
            day__lte=max(r.day for r in chunk),
        )
    }
    new, changed, touched = [], [], set()
    for row in chunk:
        tally = existing.get((row.site_id, row.day))
        if tally is None:
            new.append(
                ManualTally(site_id=row.site_id, day=row.day, visits=row.visits, users=row.users)
            )
        elif (tally.visits, tally.users) != (row.visits, row.users):
            tally.visits, tally.users = row.visits, row.users
            changed.append(tally)
        else:
            result.unchanged += 1
            continue
        touched.add((row.site_id, row.day))
    ManualTally.objects.bulk_create(new, batch_size=IN_BATCH)
    ManualTally.objects.bulk_update(changed, ["visits", "users"], batch_size=500)
    result.created += len(new)
    result.updated += len(changed)
    return touched
