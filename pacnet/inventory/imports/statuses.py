"""Import dated status changes (`equipment,status,date[,note]`), e.g. after an inspection visit.

Every row is checked first and every problem reported; only a file without any problem is
written, in one transaction, through `equipment_status_change` (so it is audited). There is
one change per item and day: the same status again changes nothing, another status on a day
already recorded replaces it. The indicators read the history, so they follow at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from pacnet.accounts.permissions import Action, user_may, visible_site_ids
from pacnet.core.tabular import RowError, WriteFailed, in_file_order, read_table
from pacnet.inventory.imports import nothing_written
from pacnet.inventory.imports.reading import RowChecker, status_labels
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.inventory.services import equipment_status_change

SOURCE = "import"
COLUMNS = ("equipment", "status", "date", "note")
REQUIRED_COLUMNS = ("equipment", "status", "date")


@dataclass
class StatusRow:
    row: int
    item: Equipment
    status: str
    day: dt.date
    note: str | None  # None: the file has no note column
    existing: tuple[str, str] | None  # (status, note) already recorded that day, if any

    @property
    def writes(self) -> bool:
        if self.existing is None or self.existing[0] != self.status:
            return True
        return self.note is not None and self.note != self.existing[1]


@dataclass
class StatusImportSummary:
    dry_run: bool
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    replaced: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [str(e) for e in self.errors]

    def lines(self) -> list[str]:
        if self.errors:
            return [str(e) for e in self.errors] + [nothing_written(len(self.errors))]
        numbers = {
            "rows": self.rows,
            "created": self.created,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return [
                _(
                    "%(rows)s rows: %(created)s status changes to record, %(replaced)s to "
                    "replace, %(unchanged)s unchanged."
                )
                % numbers,
                _("Check only: nothing was written."),
            ]
        return [
            _(
                "%(rows)s rows: %(created)s status changes recorded, %(replaced)s replaced, "
                "%(unchanged)s unchanged."
            )
            % numbers
        ]


def equipment_statuses_import(
    *, actor: Any, file: IO[bytes], name: str = "", dry_run: bool = False
) -> StatusImportSummary:
    """Check every row and, unless `dry_run` or any row is wrong, record them all.

    `actor` None is the server's administrator (the command line): no scope applies.
    """
    summary = StatusImportSummary(dry_run=dry_run)
    table = read_table(file, name, columns=COLUMNS, required=REQUIRED_COLUMNS)
    summary.rows = len(table.rows)
    if table.errors and not table.rows:
        summary.errors = in_file_order(table.errors, COLUMNS)
        return summary
    if actor is not None and not user_may(actor, Action.CHANGE, Equipment):
        summary.errors = [RowError(None, "", _("You may not change the status of equipment."))]
        return summary
    rows, errors = _check(actor, table)
    summary.errors = in_file_order([*table.errors, *errors], COLUMNS)
    if summary.errors:
        return summary
    summary.created = sum(r.existing is None for r in rows)
    summary.replaced = sum(r.writes and r.existing is not None for r in rows)
    summary.unchanged = summary.rows - summary.created - summary.replaced  # repeated rows too
    if not dry_run:
        try:
            _write(actor, [r for r in rows if r.writes])
        except WriteFailed as failed:
            summary.errors = [failed.error]
    return summary


def _check(actor: Any, table) -> tuple[list[StatusRow], list[RowError]]:
    errors: list[RowError] = []
    codes = {cells.get("equipment", "").upper() for _n, cells in table.rows}
    items = {e.code: e for e in Equipment.objects.filter(code__in=codes).select_related("site")}
    recorded = {
        (item_id, day): (status, note)
        for item_id, day, status, note in EquipmentStatusChange.objects.filter(
            equipment__in=items.values()
        ).values_list("equipment_id", "effective_on", "status", "note")
    }
    site_ids = None if actor is None else visible_site_ids(actor)
    labels = status_labels()
    has_note = "note" in table.columns
    seen: dict[tuple[str, dt.date], tuple[int, str]] = {}
    rows: list[StatusRow] = []
    for number, cells in table.rows:
        check = RowChecker(number, cells, errors)
        before = len(errors)
        code = check.equipment_code("equipment")
        item = items.get(code)
        if code and item is None:
            check.error("equipment", _("No equipment has the code %(code)s.") % {"code": code})
        elif item is not None and site_ids is not None and item.site_id not in site_ids:
            check.error("equipment", _("Equipment %(code)s is outside your area.") % {"code": code})
            item = None
        status = check.required_choice("status", labels, EquipmentStatus)
        day = check.past_date("date", required=True)
        note = check.text("note", max_length=300) if has_note else None
        if item is not None and day and item.acquired_on and day < item.acquired_on:
            check.error("date", _("The date is before the item was acquired."))
        if len(errors) > before or item is None or not (status and day):
            continue
        earlier = seen.get((code, day))
        if earlier is not None:
            if earlier[1] != status:
                message = _(
                    "Row %(row)s gives %(code)s another status on the same day. "
                    "Keep one of the two rows."
                ) % {"row": earlier[0], "code": code}
                check.error("status", message)
            continue  # the same row twice: recorded once
        seen[code, day] = (number, status)
        existing = recorded.get((item.pk, day))
        rows.append(StatusRow(number, item, status, day, note, existing))
    return rows, errors


@transaction.atomic
def _write(actor: Any, rows: list[StatusRow]) -> None:
    for row in rows:
        note = {} if row.note is None else {"note": row.note}
        try:
            equipment_status_change(
                actor=actor,
                item=row.item,
                status=row.status,
                effective_on=row.day,
                source=SOURCE,
                **note,
            )
        except ValidationError as error:
            raise WriteFailed(RowError(row.row, "", " ".join(error.messages))) from error
        except DatabaseError as error:
            message = _("Someone changed the same records at the same time. Import the file again.")
            raise WriteFailed(RowError(row.row, "", message)) from error
