"""Import the equipment register from a CSV/XLSX file, one row per item, identified by `code`.

Every row is checked first and every problem reported; only a file without any problem
is written, in one transaction, through the inventory services (so it is audited).
A row equal to what pacnet holds is skipped, so importing the same file twice is harmless.
A column left out of the file leaves that field as it is; an empty cell clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.accounts.permissions import Action, user_may, visible_site_ids
from pacnet.core import tabular
from pacnet.core.tabular import RowError, WriteFailed, in_file_order, read_table
from pacnet.geography.models import Site
from pacnet.inventory.imports.reading import RowChecker, funding_labels, kind_labels, status_labels
from pacnet.inventory.models import (
    ComputerProfile,
    Equipment,
    EquipmentStatus,
    EquipmentStatusChange,
    FundingSource,
)
from pacnet.inventory.services import (
    NUMBER_FIELDS,
    PROFILE_FIELDS,
    computer_profile_update,
    equipment_create,
    equipment_status_change,
    equipment_update,
)

SOURCE = "import"
REGISTER_COLUMNS = (
    "code",
    "point",
    "kind",
    "model",
    "serial",
    "funding_source",
    "acquired_on",
    "acquisition_cost",
    "warranty_ends_on",
    "end_of_life_on",
    "status",
    "status_on",
)
COLUMNS = (*REGISTER_COLUMNS, *PROFILE_FIELDS)
REQUIRED_COLUMNS = ("code",)
TEXT_COLUMNS = {"model": 200, "serial": 100}
DATE_COLUMNS = ("acquired_on", "warranty_ends_on", "end_of_life_on")
PROFILE_TEXT = {
    "cpu": 120,
    "os": 80,
    "os_version": 80,
    "office_suite": 120,
    "antivirus": 120,
    "accessibility_tools": 200,
}


@dataclass
class ItemChange:
    """What one valid row does to its item: create it, or change some fields, or nothing."""

    row: int
    code: str
    item: Equipment | None
    values: dict[str, Any] = field(default_factory=dict)  # register fields to set
    profile: dict[str, Any] = field(default_factory=dict)  # profile fields to set
    status: tuple[str, dt.date] | None = None  # a status to record

    @property
    def writes(self) -> bool:
        return self.item is None or bool(self.values or self.profile or self.status)

    @property
    def changed_columns(self) -> list[str]:
        columns = ["point" if k == "site" else k for k in self.values]
        return [*columns, *self.profile, *(["status"] if self.status else [])]


@dataclass
class EquipmentImportSummary:
    dry_run: bool
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_codes: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        return [str(e) for e in self.errors]

    def count(self, changes: list[ItemChange]) -> None:
        for change in changes:
            if change.item is None:
                self.created += 1
            elif change.writes:
                self.updated += 1
                self.updated_codes.append((change.code, change.changed_columns))
            else:
                self.unchanged += 1

    def by_kind(self) -> list[dict[str, Any]]:
        """The counts, labelled, for the import page (one kind of record: equipment)."""
        return [
            {
                "label": _("Equipment"),
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "updated_codes": self.updated_codes,
            }
        ]

    def lines(self) -> list[str]:
        """The summary, or every error, as translated lines of text."""
        if self.errors:
            return [str(e) for e in self.errors] + [nothing_written(len(self.errors))]
        numbers = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.dry_run:
            line = _(
                "Equipment: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged."
            )
        else:
            line = _(
                "Equipment: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            )
        lines = [line % numbers]
        lines += [f"  {code}: {', '.join(columns)}" for code, columns in self.updated_codes]
        if self.dry_run:
            lines.append(_("Check only: nothing was written."))
        return lines


def nothing_written(count: int) -> str:
    return ngettext(
        "%(count)s problem: nothing was written.", "%(count)s problems: nothing was written.", count
    ) % {"count": count}


def equipment_import(
    *, actor: Any, file: IO[bytes], name: str = "", dry_run: bool = False
) -> EquipmentImportSummary:
    """Check the file and, unless `dry_run` or any row is wrong, write it all.

    `actor` None is the server's administrator (the command line): no scope applies.
    """
    summary = EquipmentImportSummary(dry_run=dry_run)
    table = read_table(file, name, columns=COLUMNS, required=REQUIRED_COLUMNS)
    if table.errors and not table.rows:
        summary.errors = in_file_order(table.errors, COLUMNS)
        return summary
    if actor is not None and not user_may(actor, Action.IMPORT, Equipment):
        summary.errors = [RowError(None, "", _("You may not import equipment."))]
        return summary
    checker = _Rows(actor, table.columns)
    changes = [c for number, cells in table.rows if (c := checker.row(number, cells))]
    summary.errors = in_file_order([*table.errors, *checker.errors], COLUMNS)
    if summary.errors:
        return summary
    summary.count(changes)
    if not dry_run:
        try:
            _write(actor, [c for c in changes if c.writes])
        except WriteFailed as failed:
            summary.errors = [failed.error]
    return summary


class _Rows:
    """Checks the rows one by one against what pacnet holds (read once, by code)."""

    def __init__(self, actor: Any, columns: list[str]):
        self.columns = set(columns)
        self.errors: list[RowError] = []
        self.items = {e.code: e for e in Equipment.objects.select_related("site")}
        self.sites = {s.code: s for s in Site.objects.all()}
        self.profiles = {p.equipment_id: p for p in ComputerProfile.objects.all()}
        self.statuses: dict[tuple[int, dt.date], str] = {}
        self.first_status: dict[int, dt.date] = {}
        for item_id, day, status in EquipmentStatusChange.objects.order_by(
            "equipment_id", "effective_on"
        ).values_list("equipment_id", "effective_on", "status"):
            self.statuses[item_id, day] = status
            self.first_status.setdefault(item_id, day)
        self.site_ids = None if actor is None else visible_site_ids(actor)
        self.seen: dict[str, int] = {}
        self.labels = {
            "kind": kind_labels(),
            "funding": funding_labels(),
            "status": status_labels(),
        }

    def row(self, number: int, cells: dict[str, str]) -> ItemChange | None:
        errors_before = len(self.errors)
        check = RowChecker(number, cells, self.errors)
        code = check.equipment_code("code")
        item = self.items.get(code)
        if code in self.seen:
            check.error(
                "code",
                _("The code %(code)s is already used in row %(row)s.")
                % {"code": code, "row": self.seen[code]},
            )
        elif code:
            self.seen[code] = number
        if item is not None and not self._in_scope(item.site):
            check.error("code", _("Equipment %(code)s is outside your area.") % {"code": code})
            return None
        values = self._register_values(check, item)
        kind = values.get("kind") or (item.kind if item else "")
        profile = self._profile_values(check, kind)
        status = self._status(check, item, values)
        if len(self.errors) > errors_before:
            return None
        change = ItemChange(number, code, item)
        if item is None:
            change.values, change.profile, change.status = values, _filled(profile), status
            return change
        change.values = {k: v for k, v in values.items() if getattr(item, k) != v}
        old = self.profiles.get(item.pk)
        change.profile = {
            k: v for k, v in profile.items() if (getattr(old, k) if old else _empty(k)) != v
        }
        if status and self.statuses.get((item.pk, status[1])) != status[0]:
            change.status = status
        return change

    def _in_scope(self, site: Site) -> bool:
        return self.site_ids is None or site.pk in self.site_ids

    def _register_values(self, check: RowChecker, item: Equipment | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        new = item is None
        point = check.text("point", required=new)
        if point:
            site = self.sites.get(point.upper())
            if site is None:
                check.error("point", _("No access point has the code %(code)s.") % {"code": point})
            elif not self._in_scope(site):
                check.error(
                    "point", _("Access point %(code)s is outside your area.") % {"code": point}
                )
            else:
                values["site"] = site
        if new or check.cells.get("kind"):
            values["kind"] = check.required_choice("kind", self.labels["kind"], Equipment.Kind)
        for column, length in TEXT_COLUMNS.items():
            if column in self.columns:
                values[column] = check.text(column, max_length=length)
        if "funding_source" in self.columns:
            values["funding_source"] = check.optional_choice(
                "funding_source", self.labels["funding"], FundingSource
            )
        if "acquisition_cost" in self.columns:
            values["acquisition_cost"] = check.whole_number("acquisition_cost")
        for column in DATE_COLUMNS:
            if column in self.columns:
                # Warranty and end of life lie ahead; an acquisition has happened.
                read = check.past_date if column == "acquired_on" else check.date
                values[column] = read(column)
        acquired = values.get("acquired_on", item.acquired_on if item else None)
        for column in ("warranty_ends_on", "end_of_life_on"):
            day = values.get(column)
            if day and acquired and day < acquired:
                check.error(column, _("The date is before the item was acquired."))
        first = self.first_status.get(item.pk) if item else None
        if values.get("acquired_on") and first and first < values["acquired_on"]:
            check.error(
                "acquired_on", _("The item already has a status recorded before this date.")
            )
        return values

    def _profile_values(self, check: RowChecker, kind: str) -> dict[str, Any]:
        given = [c for c in PROFILE_FIELDS if check.cells.get(c)]
        if given and kind and kind != Equipment.Kind.COMPUTER:
            for column in given:
                check.error(column, _("Only a computer has a hardware and software profile."))
            return {}
        profile: dict[str, Any] = {}
        for column in PROFILE_FIELDS:
            if column not in self.columns:
                continue
            if column in NUMBER_FIELDS:
                profile[column] = check.whole_number(column, maximum=2**31 - 1)
            else:
                profile[column] = check.text(column, max_length=PROFILE_TEXT[column])
        return profile if kind == Equipment.Kind.COMPUTER else {}

    def _status(
        self, check: RowChecker, item: Equipment | None, values: dict[str, Any]
    ) -> tuple[str, dt.date] | None:
        status = check.optional_choice("status", self.labels["status"], EquipmentStatus)
        day = check.past_date("status_on")
        if item is None and not status:
            status = EquipmentStatus.WORKING
        if not status:
            if day:
                check.error("status", _("Give the status that starts on this date."))
            return None
        acquired = values.get("acquired_on", item.acquired_on if item else None)
        day = day or acquired
        if day is None:
            if not check.cells.get("acquired_on"):  # a bad acquired_on is reported already
                check.error("status_on", _("Give the date the status starts, or acquired_on."))
            return None
        if acquired and day < acquired:
            check.error("status_on", _("The date is before the item was acquired."))
        return status, day


def _empty(name: str):
    return None if name in NUMBER_FIELDS else ""


def _filled(profile: dict[str, Any]) -> dict[str, Any]:
    """A new computer gets a profile only when the row gives something of it."""
    return profile if any(v not in (None, "") for v in profile.values()) else {}


@transaction.atomic
def _write(actor: Any, changes: list[ItemChange]) -> None:
    for change in changes:
        item = change.item
        if item is None:
            status, day = change.status
            item = _call(
                actor,
                change,
                equipment_create,
                code=change.code,
                status=status,
                status_on=day,
                **change.values,
            )
        else:
            if change.values:
                item = _call(actor, change, equipment_update, item=item, **change.values)
            if change.status:
                status, day = change.status
                _call(
                    actor,
                    change,
                    equipment_status_change,
                    item=item,
                    status=status,
                    effective_on=day,
                )
        if change.profile:
            _call(
                actor,
                change,
                computer_profile_update,
                item=item,
                profile_source=ComputerProfile.Source.IMPORT,
                **change.profile,
            )


def _call(actor: Any, change: ItemChange, service, **kwargs):
    """Run one service for one row; a refusal (a rare race) names the row and stops it all."""
    try:
        return service(actor=actor, source=SOURCE, **kwargs)
    except ValidationError as error:
        fields = getattr(error, "message_dict", {"": error.messages})
        column, messages = next(iter(fields.items()))
        column = {"site": "point", "effective_on": "status_on"}.get(column, column)
        column = column if column in COLUMNS else ""
        raise WriteFailed(RowError(change.row, column, " ".join(messages))) from error
    except DatabaseError as error:
        message = _("Someone changed the same records at the same time. Import the file again.")
        raise WriteFailed(RowError(change.row, "", message)) from error


# The downloadable template: the header and two example rows (a computer and a router).
TEMPLATE_ROWS = [
    {
        "code": "X-DAKLAO-PC06",
        "point": "X-DAKLAO",
        "kind": "máy tính",
        "model": "Dell OptiPlex 3080",
        "serial": "CN0X123456",
        "funding_source": "ngân sách nhà nước",
        "acquired_on": "15/03/2024",
        "acquisition_cost": "12.500.000",
        "warranty_ends_on": "15/03/2027",
        "end_of_life_on": "15/03/2031",
        "status": "working",
        "status_on": "15/03/2024",
        "cpu": "Intel Core i3-10100",
        "ram_mb": "8192",
        "disk_gb": "256",
        "os": "Windows",
        "os_version": "10 22H2",
        "office_suite": "LibreOffice 7.6",
        "antivirus": "Windows Defender",
        "accessibility_tools": "NVDA",
    },
    {
        "code": "X-DAKLAO-RT02",
        "point": "X-DAKLAO",
        "kind": "router",
        "model": "TP-Link Archer C6",
        "funding_source": "donor",
        "acquired_on": "2024-03-15",
        "acquisition_cost": "850000",
        "warranty_ends_on": "2026-03-15",
    },
]


def template_csv() -> str:
    """The template as CSV text with a byte-order mark, so that Excel reads it as UTF-8."""
    return tabular.template_csv(COLUMNS, TEMPLATE_ROWS)
