"""The checks of an import file: each row alone, the references between rows, the user's area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacnet.accounts.permissions import Action, user_may, visible_site_ids, visible_unit_ids
from pacnet.core.errors import DomainError
from pacnet.core.tabular import RowChecker, RowError, Table, choices
from pacnet.geography.hours import hours_parse, hours_text
from pacnet.geography.models import AdministrativeUnit, Site, code_validator
from pacnet.geography.selectors import hierarchy_on, today
from pacnet.geography.services import unit_level_problem

UNIT_FIELDS = ("name", "level")
UNIT_COLUMNS = ("level", "parent")
POINT_COLUMNS = (
    "unit",
    "kind",
    "origin",
    "opened_on",
    "closed_on",
    "host_organisation",
    "address",
    "opening_hours",
    "phone",
)
POINT_TEXT = ("host_organisation", "address", "phone")
HOURS = "opening_hours"  # the weekly hours as text (pacnet.geography.hours), not a Site column
# Vietnamese words accepted beside the codes (the translated labels are accepted too).
RECORDS = {"unit": "unit", "đơn vị": "unit", "point": "point", "điểm": "point"}
LEVELS = {"tỉnh": "province", "huyện": "district", "xã": "commune", "phường": "ward"}
KINDS = {
    "thư viện tỉnh": "provincial_library",
    "thư viện huyện": "district_library",
    "thư viện xã": "commune_library",
    "khác": "other",
}
ORIGINS = {"bmgf-vn": "bmgf_vn", "dự án bmgf-vn": "bmgf_vn", "nhân rộng": "replicated"}


@dataclass
class UnitRow:
    row: int
    code: str
    parent: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class PointRow:
    row: int
    code: str
    unit: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Existing:
    """What pacnet holds today, by code."""

    day: dt.date
    units: dict[str, AdministrativeUnit]
    sites: dict[str, Site]
    parent_of: dict[int, int]
    unit_of_site: dict[int, int]
    code_of: dict[int, str]

    def ended(self, unit: AdministrativeUnit) -> bool:
        return unit.valid_to is not None and unit.valid_to < self.day

    def parent_code(self, unit: AdministrativeUnit) -> str | None:
        if self.ended(unit):  # its parent on its last day, not today's (it has none)
            last = unit.parentages.valid_on(unit.valid_to).values_list("parent__code", flat=True)
            return last.first()
        return self.code_of.get(self.parent_of.get(unit.pk))

    def unit_code_of(self, site: Site) -> str | None:
        return self.code_of.get(self.unit_of_site.get(site.pk))


def load_existing() -> Existing:
    units = {u.code: u for u in AdministrativeUnit.objects.all()}
    hierarchy = hierarchy_on(today())
    return Existing(
        day=hierarchy.day,
        units=units,
        sites={s.code: s for s in Site.objects.prefetch_related("opening_periods")},
        parent_of=hierarchy.parent_of,
        unit_of_site=hierarchy.unit_of_site,
        code_of={u.pk: code for code, u in units.items()},
    )


class _RowChecker(RowChecker):
    """The shared cell checks, plus the code of a unit or a point."""

    def hours(self, column: str) -> str:
        """The opening hours in canonical text; a text the syntax refuses is an error."""
        value = self.text(column)
        try:
            return hours_text(hours_parse(value))
        except DomainError as error:
            self.error(column, " ".join(error.message_dict["hours"]))
            return ""

    def code(self) -> str:
        code = self.text("code", required=True, max_length=40)
        if code:
            try:
                code_validator(code)
            except ValidationError as error:
                self.error("code", " ".join(error.messages))
        return code


def check_rows(table: Table) -> tuple[dict[str, UnitRow], dict[str, PointRow], list[RowError]]:
    """Each row on its own, and codes used twice; rows are kept to resolve references."""
    errors: list[RowError] = []
    units: dict[str, UnitRow] = {}
    points: dict[str, PointRow] = {}
    labels = {
        "record": RECORDS,
        "level": choices(AdministrativeUnit.Level, LEVELS),
        "kind": choices(Site.Kind, KINDS),
        "origin": choices(Site.Origin, ORIGINS),
    }
    for number, cells in table.rows:
        check = _RowChecker(number, cells, errors)
        record = check.choice("record", labels["record"], _("unit or point"))
        code = check.code()
        if record == "unit":
            row = _unit_row(check, code, labels)
            found = units
        elif record == "point":
            row = _point_row(check, code, labels, table.columns)
            found = points
        else:
            continue
        if code in found:
            check.error(
                "code",
                _("The code %(code)s is already used in row %(row)s.")
                % {"code": code, "row": found[code].row},
            )
        elif code:
            found[code] = row
    return units, points, errors


def _unit_row(check: _RowChecker, code: str, labels) -> UnitRow:
    check.not_for(POINT_COLUMNS, _("This column is for points only: leave it empty for a unit."))
    name = check.text("name", required=True, max_length=200)
    level = check.choice(
        "level", labels["level"], _("province, district, commune or ward (tỉnh, huyện, xã, phường)")
    )
    parent = check.text("parent")
    if level and level != AdministrativeUnit.Level.PROVINCE and not parent:
        check.error("parent", _("Give the code of the unit this one belongs to."))
    return UnitRow(check.number, code, parent, {"name": name, "level": level})


def _point_row(check: _RowChecker, code: str, labels, columns: list[str]) -> PointRow:
    check.not_for(UNIT_COLUMNS, _("This column is for units only: leave it empty for a point."))
    values: dict[str, Any] = {"name": check.text("name", required=True, max_length=200)}
    unit = check.text("unit", required=True)
    values["kind"] = check.choice(
        "kind",
        labels["kind"],
        _(
            "provincial_library, district_library, commune_library or other "
            "(thư viện tỉnh, thư viện huyện, thư viện xã, khác)"
        ),
    )
    values["origin"] = check.choice(
        "origin", labels["origin"], _("bmgf_vn or replicated (BMGF-VN, nhân rộng)")
    )
    values["opened_on"] = check.date("opened_on", required=True)
    if "closed_on" in columns:  # a column left out of the file is left as it is in pacnet
        values["closed_on"] = check.date("closed_on")
        opened, closed = values["opened_on"], values["closed_on"]
        if opened and closed and closed < opened:
            check.error("closed_on", _("The point cannot close before it opened."))
    for column in POINT_TEXT:
        if column in columns:
            limit = Site._meta.get_field(column).max_length
            values[column] = check.text(column, max_length=limit)
    if HOURS in columns:
        values[HOURS] = check.hours(HOURS)
    return PointRow(check.number, code, unit, values)


def resolve_references(units, points, existing: Existing) -> list[RowError]:
    """Parents and units named exist (in the file or in pacnet), are current, make no cycle."""
    errors: list[RowError] = []

    def problem(code: str) -> str | None:
        unit = existing.units.get(code)
        if unit is None and code not in units:
            return _("No unit has the code %(code)s, in this file or in pacnet.") % {"code": code}
        if unit is not None and existing.ended(unit):
            day = date_format(unit.valid_to, "SHORT_DATE_FORMAT")
            return _("Unit %(code)s ended on %(day)s; use the unit that replaced it.") % {
                "code": code,
                "day": day,
            }
        return None

    for row in units.values():
        unit = existing.units.get(row.code)
        if unit is not None and existing.ended(unit):
            if (row.parent or None) != existing.parent_code(unit):
                day = date_format(unit.valid_to, "SHORT_DATE_FORMAT")
                message = _("This unit ended on %(day)s: it cannot be moved.") % {"day": day}
                errors.append(RowError(row.row, "parent", message))
        elif row.parent and (message := problem(row.parent)):
            errors.append(RowError(row.row, "parent", message))
    errors += _cycles(units, existing)
    refused = {e.row for e in errors if e.column == "parent"}  # one problem a cell
    for row in units.values():
        if (
            row.parent
            and row.row not in refused
            and (message := _level_problem(row, units, existing))
        ):
            errors.append(RowError(row.row, "parent", message))
    for row in points.values():
        if row.unit and (message := problem(row.unit) or _too_early(row, existing)):
            errors.append(RowError(row.row, "unit", message))
    return errors


def _level_problem(row: UnitRow, units: dict[str, UnitRow], existing: Existing) -> str | None:
    """The services' rule: a unit belongs to one of a higher level (the file's level first)."""
    parent = units.get(row.parent)
    parent_level = parent.values.get("level") if parent else existing.units[row.parent].level
    unit = existing.units.get(row.code)
    level = row.values.get("level") or (unit.level if unit else "")
    return unit_level_problem(level, parent_level or "")


def _too_early(row: PointRow, existing: Existing) -> str | None:
    unit, opened = existing.units.get(row.unit), row.values.get("opened_on")
    if unit is None or unit.valid_from is None or opened is None or opened >= unit.valid_from:
        return None
    return _("Unit %(code)s only exists from %(day)s, after the point opened.") % {
        "code": unit.code,
        "day": date_format(unit.valid_from, "SHORT_DATE_FORMAT"),
    }


def _cycles(units: dict[str, UnitRow], existing: Existing) -> list[RowError]:
    parent_of = {
        existing.code_of[child]: existing.code_of.get(parent)
        for child, parent in existing.parent_of.items()
    } | {code: row.parent or None for code, row in units.items()}
    errors = []
    for code, row in units.items():
        chain, current = [code], parent_of.get(code)
        while current and current not in chain:
            chain.append(current)
            current = parent_of.get(current)
        if current == code:
            path = " → ".join([*chain, code])
            message = _("This would place unit %(code)s under itself: %(path)s.") % {
                "code": code,
                "path": path,
            }
            errors.append(RowError(row.row, "parent", message))
    return errors


def check_scope(actor: Any, units, points, existing: Existing, changes: dict) -> list[RowError]:
    """A scoped user imports only under units of their area; units need a unit-editing role."""
    if actor is None:  # the command line, run by the server's administrator
        return []
    errors: list[RowError] = []
    unit_ids, site_ids = visible_unit_ids(actor), visible_site_ids(actor)
    may_units = user_may(actor, Action.IMPORT, AdministrativeUnit)
    may_points = user_may(actor, Action.IMPORT, Site)
    memo: dict[str, bool] = {}

    def in_area(code: str, seen: tuple[str, ...] = ()) -> bool:
        if unit_ids is None:
            return True
        if code not in memo:
            unit, row = existing.units.get(code), units.get(code)
            if unit is not None:
                memo[code] = unit.pk in unit_ids
            elif row is not None:  # a new unit is in the area of its parent
                memo[code] = (
                    bool(row.parent)
                    and row.parent not in seen
                    and (in_area(row.parent, (*seen, code)))
                )
            else:
                return True  # an unknown code is reported as such
        return memo[code]

    def outside(code: str) -> str:
        return _("Unit %(code)s is outside your area.") % {"code": code}

    for row in units.values():
        unit, change = existing.units.get(row.code), changes.get(row.row)
        if unit is not None and not in_area(row.code):
            errors.append(RowError(row.row, "code", outside(row.code)))
        elif (change is None or change.writes) and not may_units:
            message = _("Only a province administrator may add or change administrative units.")
            errors.append(RowError(row.row, "record", message))
        elif row.parent and not in_area(row.parent):
            errors.append(RowError(row.row, "parent", outside(row.parent)))
        elif not row.parent and unit_ids is not None and (change is None or change.moves):
            message = _("Give the code of a unit of your area for this unit to belong to.")
            errors.append(RowError(row.row, "parent", message))
    for row in points.values():
        site = existing.sites.get(row.code)
        if not may_points:
            errors.append(RowError(row.row, "record", _("You may not import access points.")))
        elif site is not None and site_ids is not None and site.pk not in site_ids:
            message = _("Access point %(code)s is outside your area.") % {"code": row.code}
            errors.append(RowError(row.row, "code", message))
        elif row.unit and not in_area(row.unit):
            errors.append(RowError(row.row, "unit", outside(row.unit)))
    return errors
