"""Import units and access points from a CSV/XLSX file (plan IV.6: onboarding a network).

Every row is checked first and every problem reported; only a file without any problem
is written, in one transaction, through the geography services (so it is audited).
A row equal to what pacnet holds is skipped, so importing the same file twice is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.core.tabular import RowError, WriteFailed, in_file_order, read_table
from pacnet.geography.imports.reading import COLUMNS, REQUIRED_COLUMNS
from pacnet.geography.imports.rules import (
    HOURS,
    UNIT_FIELDS,
    Existing,
    PointRow,
    UnitRow,
    check_rows,
    check_scope,
    load_existing,
    resolve_references,
)
from pacnet.geography.models import AdministrativeUnit
from pacnet.geography.selectors import site_hours_text
from pacnet.geography.services import (
    site_create,
    site_move,
    site_update,
    unit_create,
    unit_move,
    unit_update,
)

SOURCE = "import"
KINDS = ("unit", "point")


@dataclass
class Change:
    """What one valid row does: create, update some columns, move, or nothing."""

    kind: str
    row: UnitRow | PointRow
    obj: Any = None
    fields: dict[str, Any] = field(default_factory=dict)
    moves: bool = False

    @property
    def writes(self) -> bool:
        return self.obj is None or bool(self.fields) or self.moves

    @property
    def changed_columns(self) -> list[str]:
        columns = list(self.fields)
        if self.moves:
            columns.append("parent" if self.kind == "unit" else "unit")
        return columns


@dataclass
class ImportSummary:
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # {kind: [(code, [changed columns])]}
    updated_codes: dict[str, list[tuple[str, list[str]]]] = field(
        default_factory=lambda: {k: [] for k in KINDS}
    )

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, changes: list[Change]) -> None:
        for change in changes:
            if change.obj is None:
                self.created[change.kind] += 1
            elif change.writes:
                self.updated[change.kind] += 1
                self.updated_codes[change.kind].append((change.row.code, change.changed_columns))
            else:
                self.unchanged[change.kind] += 1

    def by_kind(self) -> list[dict[str, Any]]:
        """The counts per kind of record, labelled, for the page."""
        labels = {"unit": _("Administrative units"), "point": _("Access points")}
        return [
            {
                "label": labels[kind],
                "created": self.created[kind],
                "updated": self.updated[kind],
                "unchanged": self.unchanged[kind],
                "updated_codes": self.updated_codes[kind],
            }
            for kind in KINDS
        ]

    def lines(self) -> list[str]:
        """The summary, or every error, as translated lines of text."""
        if self.errors:
            count = len(self.errors)
            return [str(e) for e in self.errors] + [
                ngettext(
                    "%(count)s problem: nothing was written.",
                    "%(count)s problems: nothing was written.",
                    count,
                )
                % {"count": count}
            ]
        lines = []
        for numbers in self.by_kind():
            if self.dry_run:
                line = _(
                    "%(label)s: %(created)s to create, %(updated)s to update, "
                    "%(unchanged)s unchanged."
                )
            else:
                line = _(
                    "%(label)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
                )
            lines.append(line % numbers)
            for code, columns in numbers["updated_codes"]:
                lines.append(f"  {code}: {', '.join(columns)}")
        if self.dry_run:
            lines.append(_("Check only: nothing was written."))
        return lines


def site_import(*, actor: Any, file: IO[bytes], name: str = "", dry_run: bool = False):
    """Check the file and, unless `dry_run` or any row is wrong, write it all. -> ImportSummary"""
    summary = ImportSummary(dry_run=dry_run)
    table = read_table(file, name, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if table.errors and not table.rows:
        summary.errors = in_file_order(table.errors, COLUMNS)
        return summary
    existing = load_existing()
    units, points, errors = check_rows(table)
    errors += resolve_references(units, points, existing)
    bad_rows = {e.row for e in errors}
    changes = [
        _change(row, existing)
        for row in [*units.values(), *points.values()]
        if row.row not in bad_rows
    ]
    errors += check_scope(actor, units, points, existing, {c.row.row: c for c in changes})
    summary.errors = in_file_order([*table.errors, *errors], COLUMNS)
    if summary.errors:
        return summary
    summary.count(changes)
    if not dry_run:
        try:
            _write(actor, changes, existing)
        except WriteFailed as failed:
            summary.errors = [failed.error]
    return summary


def _change(row: UnitRow | PointRow, existing: Existing) -> Change:
    if isinstance(row, UnitRow):
        unit = existing.units.get(row.code)
        if unit is None:
            return Change("unit", row)
        fields = {k: v for k, v in row.values.items() if getattr(unit, k) != v}
        return Change("unit", row, unit, fields, existing.parent_code(unit) != (row.parent or None))
    site = existing.sites.get(row.code)
    if site is None:
        return Change("point", row)
    current = {HOURS: site_hours_text(site)}
    fields = {k: v for k, v in row.values.items() if current.get(k, getattr(site, k, v)) != v}
    return Change("point", row, site, fields, existing.unit_code_of(site) != row.unit)


@transaction.atomic
def _write(actor: Any, changes: list[Change], existing: Existing) -> None:
    units: dict[str, AdministrativeUnit] = dict(existing.units)
    today = existing.day
    for change in _parents_first([c for c in changes if c.kind == "unit" and c.obj is None]):
        row = change.row
        parent = units.get(row.parent)
        units[row.code] = _call(actor, row, unit_create, code=row.code, parent=parent, **row.values)
    for change in (c for c in changes if c.kind == "unit" and c.obj is not None):
        if change.fields:
            _call(actor, change.row, unit_update, unit=change.obj, **change.fields)
        if change.moves:
            parent = units.get(change.row.parent)
            _call(actor, change.row, unit_move, unit=change.obj, parent=parent, day=today)
    for change in (c for c in changes if c.kind == "point"):
        row = change.row
        if change.obj is None:
            _call(actor, row, site_create, code=row.code, unit=units[row.unit], **row.values)
            continue
        if change.fields:
            _call(actor, row, site_update, site=change.obj, **change.fields)
        if change.moves:
            _call(actor, row, site_move, site=change.obj, unit=units[row.unit], day=today)


def _call(actor: Any, row: UnitRow | PointRow, service, **kwargs):
    """Run one service for one row; a refusal (a rare race) names the row and stops it all."""
    try:
        return service(actor=actor, source=SOURCE, **kwargs)
    except ValidationError as error:
        fields = getattr(error, "message_dict", {"": error.messages})
        column, messages = next(iter(fields.items()))
        column = column if column in COLUMNS or column in UNIT_FIELDS else ""
        raise WriteFailed(RowError(row.row, column, " ".join(messages))) from error
    except DatabaseError as error:
        message = _("Someone changed the same records at the same time. Import the file again.")
        raise WriteFailed(RowError(row.row, "", message)) from error


def _parents_first(creates: list[Change]) -> list[Change]:
    by_code = {c.row.code: c for c in creates}
    ordered, placed = [], set()

    def place(change: Change) -> None:
        if change.row.code in placed:
            return
        placed.add(change.row.code)
        parent = by_code.get(change.row.parent)
        if parent is not None:
            place(parent)
        ordered.append(change)

    for change in creates:
        place(change)
    return ordered
