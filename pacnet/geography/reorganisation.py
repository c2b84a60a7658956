"""Reorganisations of the administrative map: merging units, removing a level.

Both keep history: rows valid before the day are ended, new rows start on it, so a
figure for an earlier year still rolls up under the units of that year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.geography.models import AdministrativeUnit, SitePlacement, UnitParentage
from pacnet.geography.selectors import hierarchy_on
from pacnet.geography.services import ONE_DAY, end_periods, site_move, unit_move, unit_update


def _end_unit(*, actor: Any, unit: AdministrativeUnit, successor, day: dt.date, source: str):
    unit_update(actor=actor, unit=unit, valid_to=day - ONE_DAY, source=source)
    unit.successors.add(successor)
    end_periods(unit.parentages.all(), day)


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


@transaction.atomic
def units_merge(
    *,
    actor: Any,
    sources: list[AdministrativeUnit],
    target: AdministrativeUnit,
    day: dt.date,
    source: str = "reorganise",
) -> dict[str, int]:
    """From `day` on, the units in `sources` are one: `target`; they end the day before."""
    if not sources:
        raise DomainError(_("Name at least one unit to merge."))
    if any(s.pk == target.pk for s in sources):
        raise DomainError(_("A unit cannot be merged into itself."))
    if not target.valid_on(day):
        raise DomainError(
            _("%(code)s is not valid on %(day)s.") % {"code": target.code, "day": day}
        )
    for unit in sources:
        if unit.level != target.level:
            raise DomainError(
                _("%(code)s is a %(level)s; only units of one level can be merged.")
                % {"code": unit.code, "level": unit.get_level_display()}
            )
        if not unit.valid_on(day - ONE_DAY):
            raise DomainError(
                _("%(code)s has already ended before %(day)s.") % {"code": unit.code, "day": day}
            )
    totals = {"units": 0, "sites": 0}
    for unit in sources:
        if unit.valid_to == day - ONE_DAY and unit.successors.filter(pk=target.pk).exists():
            continue  # already merged: running the same reorganisation twice changes nothing
        moved_units, moved_sites = _move_contents(
            actor=actor, source_unit=unit, target=target, day=day, source=source
        )
        totals["units"] += moved_units
        totals["sites"] += moved_sites
        _end_unit(actor=actor, unit=unit, successor=target, day=day, source=source)
    return totals


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
    hierarchy = hierarchy_on(day)
    candidates = (
        AdministrativeUnit.objects.valid_on(day - ONE_DAY).valid_on(day).filter(level=level)
    )
    if within is not None:
        inside = hierarchy_on(day - ONE_DAY).descendants(within.pk) | hierarchy.descendants(
            within.pk
        )
        candidates = candidates.filter(pk__in=inside)
    totals = {"removed": 0, "units": 0, "sites": 0}
    for unit in candidates.order_by("code"):
        parent_id = hierarchy.parent_of.get(unit.pk)
        if parent_id is None:
            raise DomainError(
                _("%(code)s has no parent on %(day)s to take over its units and points.")
                % {"code": unit.code, "day": day}
            )
        parent = AdministrativeUnit.objects.get(pk=parent_id)
        moved_units, moved_sites = _move_contents(
            actor=actor, source_unit=unit, target=parent, day=day, source=source
        )
        _end_unit(actor=actor, unit=unit, successor=parent, day=day, source=source)
        totals["removed"] += 1
        totals["units"] += moved_units
        totals["sites"] += moved_sites
    return totals
