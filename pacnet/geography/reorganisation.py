"""Reorganisations of the administrative map: merging units, removing a level.

Both keep history: rows valid before the day are ended, new rows start on it, so a
figure for an earlier year still rolls up under the units of that year. Both can be run
again with the same arguments: what is already done is left as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, SitePlacement, UnitParentage
from pacnet.geography.selectors import hierarchy_on
from pacnet.geography.services import ONE_DAY, end_periods, site_move, unit_create, unit_move


def _shown(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _end_unit(*, actor: Any, unit: AdministrativeUnit, successor, day: dt.date, source: str):
    """The unit ends the day before `day`, `successor` takes over; one audit entry says both."""
    before = snapshot(unit)
    unit.valid_to = day - ONE_DAY
    unit.full_clean()
    unit.save(update_fields=["valid_to"])
    unit.successors.add(successor)
    end_periods(unit.parentages.all(), day)
    audit_record(
        actor=actor, instance=unit, action=AuditEntry.Action.UPDATE, before=before, source=source
    )


def _move_contents(
    *, actor: Any, source_unit, target, day: dt.date, source: str
) -> tuple[int, int]:
    """Re-home the child units and points of `source_unit` on `day` under `target`."""
    children = UnitParentage.objects.valid_on(day).filter(parent=source_unit).select_related("unit")
    sites = SitePlacement.objects.valid_on(day).filter(unit=source_unit).select_related("site")
    moved_units = moved_sites = 0
    for parentage in list(children):
        unit_move(actor=actor, unit=parentage.unit, parent=target, day=day, source=source)
        moved_units += 1
    for placement in list(sites):
        site_move(actor=actor, site=placement.site, unit=target, day=day, source=source)
        moved_sites += 1
    return moved_units, moved_sites


def _already_merged(unit: AdministrativeUnit, target: AdministrativeUnit, day: dt.date) -> bool:
    return unit.valid_to == day - ONE_DAY and unit.successors.filter(pk=target.pk).exists()


def _check_mergeable(unit: AdministrativeUnit, target: AdministrativeUnit, day: dt.date) -> None:
    if unit.level != target.level:
        raise DomainError(
            _("%(code)s is a %(level)s; only units of one level can be merged.")
            % {"code": unit.code, "level": unit.get_level_display()}
        )
    if _already_merged(unit, target, day):
        return
    if unit.valid_from is not None and unit.valid_from >= day:
        raise DomainError(
            _("%(code)s only starts on %(start)s; it cannot be merged from %(day)s.")
            % {"code": unit.code, "start": _shown(unit.valid_from), "day": _shown(day)}
        )
    if unit.valid_to is not None and unit.valid_to < day:
        raise DomainError(
            _("%(code)s has already ended before %(day)s.")
            % {"code": unit.code, "day": _shown(day)}
        )


@transaction.atomic
def units_merge(
    *,
    actor: Any,
    sources: list[AdministrativeUnit],
    target: AdministrativeUnit,
    day: dt.date,
    source: str = "reorganise",
) -> dict[str, int]:
    """From `day` on, the units in `sources` are one: `target`; they end the day before.

    Returns how many units were ended ("merged") and how many child units ("units") and
    points ("sites") moved; all zero when the merge had already been done.
    """
    if not sources:
        raise DomainError(_("Name at least one unit to merge."))
    if any(s.pk == target.pk for s in sources):
        raise DomainError(_("A unit cannot be merged into itself."))
    if not target.valid_on(day):
        raise DomainError(
            _("%(code)s is not valid on %(day)s.") % {"code": target.code, "day": _shown(day)}
        )
    for unit in sources:
        _check_mergeable(unit, target, day)
    totals = {"merged": 0, "units": 0, "sites": 0}
    for unit in {s.pk: s for s in sources}.values():
        if _already_merged(unit, target, day):
            continue  # running the same reorganisation twice changes nothing
        moved_units, moved_sites = _move_contents(
            actor=actor, source_unit=unit, target=target, day=day, source=source
        )
        _end_unit(actor=actor, unit=unit, successor=target, day=day, source=source)
        totals["merged"] += 1
        totals["units"] += moved_units
        totals["sites"] += moved_sites
    return totals


@transaction.atomic
def units_merge_into_new(
    *,
    actor: Any,
    sources: list[AdministrativeUnit],
    code: str,
    name: str,
    level: str | None = None,
    parent: AdministrativeUnit | None = None,
    day: dt.date,
    source: str = "reorganise",
) -> tuple[AdministrativeUnit, dict[str, int]]:
    """Create `code` from `day` on (unless a run before did) and merge `sources` into it.

    The new unit takes the level of the sources and their common parent on the day before,
    unless told otherwise.
    """
    if not sources:
        raise DomainError(_("Name at least one unit to merge."))
    level = level or sources[0].level
    existing = AdministrativeUnit.objects.filter(code=code).first()
    if existing is not None:
        if existing.name != name or existing.level != level or existing.valid_from != day:
            raise DomainError(
                _("A unit with code %(code)s already exists and is not the one described.")
                % {"code": code}
            )
        return existing, units_merge(
            actor=actor, sources=sources, target=existing, day=day, source=source
        )
    if parent is None:
        parents = {hierarchy_on(day - ONE_DAY).parent_of.get(s.pk) for s in sources}
        if len(parents) != 1:
            raise DomainError(_("The units have different parents: say where the new unit goes."))
        parent_id = parents.pop()
        parent = AdministrativeUnit.objects.get(pk=parent_id) if parent_id else None
    target = unit_create(
        actor=actor, code=code, name=name, level=level, parent=parent, valid_from=day, source=source
    )
    return target, units_merge(actor=actor, sources=sources, target=target, day=day, source=source)


@transaction.atomic
def level_remove(
    *,
    actor: Any,
    level: str,
    day: dt.date,
    within: AdministrativeUnit | None = None,
    source: str = "reorganise",
) -> dict[str, int]:
    """From `day` on, units of `level` are gone: what they held moves up to their parent."""
    if level not in AdministrativeUnit.Level.values:
        raise DomainError(_("Unknown level “%(level)s”.") % {"level": level})
    candidates = (
        AdministrativeUnit.objects.valid_on(day - ONE_DAY).valid_on(day).filter(level=level)
    )
    if within is not None:
        inside = hierarchy_on(day - ONE_DAY).descendants(within.pk) | hierarchy_on(day).descendants(
            within.pk
        )
        candidates = candidates.filter(pk__in=inside)
    totals = {"removed": 0, "units": 0, "sites": 0}
    for unit in candidates.order_by("code"):
        # Read afresh: removing a unit of the level may just have moved this one up.
        parentage = UnitParentage.objects.valid_on(day).filter(unit=unit).first()
        if parentage is None:
            raise DomainError(
                _("%(code)s has no parent on %(day)s to take over its units and points.")
                % {"code": unit.code, "day": _shown(day)}
            )
        moved_units, moved_sites = _move_contents(
            actor=actor, source_unit=unit, target=parentage.parent, day=day, source=source
        )
        _end_unit(actor=actor, unit=unit, successor=parentage.parent, day=day, source=source)
        totals["removed"] += 1
        totals["units"] += moved_units
        totals["sites"] += moved_sites
    return totals
