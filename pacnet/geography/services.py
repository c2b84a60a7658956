"""Every write to units and access points: one transaction each, audited, domain errors raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import day_check, day_problem
from pacnet.geography.hours import Period, hours_parse, hours_text
from pacnet.geography.models import (
    AdministrativeUnit,
    OpeningPeriod,
    Site,
    SitePlacement,
    SiteStaff,
    SiteSuspension,
    UnitParentage,
)

ONE_DAY = dt.timedelta(days=1)
Level = AdministrativeUnit.Level
# A unit belongs to a unit of a higher level (a smaller rank); a ward ranks as a commune.
LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2, Level.WARD: 2}
# A period with no start is the oldest, on every database (PostgreSQL sorts NULL last).
OLDEST_FIRST = F("valid_from").asc(nulls_first=True)
UNIT_FIELDS = {"name", "level", "valid_from", "valid_to"}
# The fields of a point a form, the API or an import may set, in the order pages show them.
SITE_FIELDS = (
    "name",
    "kind",
    "origin",
    "host_organisation",
    "address",
    "opened_on",
    "closed_on",
    "opening_hours",
    "phone",
    "note",
)
# Not a column of Site: the text of the point's OpeningPeriod rows (pacnet.geography.hours).
HOURS = "opening_hours"
HOURS_LABEL = gettext_noop("opening hours")


def end_periods(rows, day: dt.date) -> None:
    """End the periods in `rows` on the day before `day`; drop those starting on or after it."""
    for row in rows:
        if row.valid_from is not None and row.valid_from >= day:
            row.delete()
        elif row.valid_to is None or row.valid_to >= day:
            row.valid_to = day - ONE_DAY
            row.save(update_fields=["valid_to"])


def _continues(rows, attr: str, target_id: int | None, day: dt.date | None) -> bool:
    """Whether the periods already say `target_id` from `day` on (always, if None)."""
    later = [r for r in rows if day is None or r.valid_to is None or r.valid_to >= day]
    if target_id is None:
        return not later
    if len(later) != 1:
        return False
    row = later[0]
    starts_in_time = row.valid_from is None or (day is not None and row.valid_from <= day)
    return getattr(row, attr) == target_id and row.valid_to is None and starts_in_time


def _check_no_cycle(
    unit: AdministrativeUnit, parent: AdministrativeUnit, day: dt.date | None
) -> None:
    from pacnet.geography.selectors import hierarchies_during

    # The move holds from `day` on, so the parent may not be under the unit on any later day.
    if unit.pk == parent.pk or any(
        unit.pk in hierarchy.ancestors(parent.pk) for hierarchy in hierarchies_during(day, None)
    ):
        raise DomainError(_("A unit cannot be placed under itself or under one of its own units."))


def unit_level_problem(level: str, parent_level: str) -> str | None:
    """Why a unit of `level` cannot belong to one of `parent_level`; the import calls it too."""
    if level not in LEVEL_RANK or parent_level not in LEVEL_RANK:
        return None  # an unknown level is refused by the model's choices
    if LEVEL_RANK[level] > LEVEL_RANK[parent_level]:
        return None
    return _("A %(level)s cannot belong to a %(parent)s: a unit belongs to a higher level.") % {
        "level": Level(level).label,
        "parent": Level(parent_level).label,
    }


def _check_level(field: str, level: str, parent_level: str) -> None:
    if problem := unit_level_problem(level, parent_level):
        raise DomainError({field: problem})


def _check_valid_on(unit: AdministrativeUnit, day: dt.date | None) -> None:
    if day is not None and not unit.valid_on(day):
        raise DomainError(
            _("%(code)s is not valid on %(day)s.")
            % {"code": unit.code, "day": date_format(day, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    level: str,
    parent: AdministrativeUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    source: str = "",
) -> AdministrativeUnit:
    unit = AdministrativeUnit(
        code=code, name=name, level=level, valid_from=valid_from, valid_to=valid_to
    )
    unit.full_clean()
    if parent is not None:
        _check_level("parent", level, parent.level)
        _check_valid_on(parent, valid_from)
    unit.save()
    if parent is not None:
        UnitParentage.objects.create(unit=unit, parent=parent, valid_from=valid_from)
    after = snapshot(unit) | {gettext_noop("parent"): _parent_history(unit)}
    audit_record(
        actor=actor, instance=unit, action=AuditEntry.Action.CREATE, after=after, source=source
    )
    return unit


@transaction.atomic
def unit_update(
    *, actor: Any, unit: AdministrativeUnit, source: str = "", **changes: Any
) -> AdministrativeUnit:
    unknown = set(changes) - UNIT_FIELDS
    if unknown:
        raise TypeError(f"unit_update got unknown fields {sorted(unknown)}")
    before = snapshot(unit)
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.full_clean()
    if "level" in changes:
        _check_level_among(unit)
    unit.save()
    audit_record(
        actor=actor, instance=unit, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return unit


def _check_level_among(unit: AdministrativeUnit) -> None:
    """A unit's new level stays below its parents' and above its children's, in every period."""
    parents = unit.parentages.values_list("parent__level", flat=True)
    children = unit.child_parentages.values_list("unit__level", flat=True)
    for parent_level in set(parents):
        _check_level("level", unit.level, parent_level)
    for child_level in set(children):
        _check_level("level", child_level, unit.level)


@transaction.atomic
def unit_move(
    *,
    actor: Any,
    unit: AdministrativeUnit,
    parent: AdministrativeUnit | None,
    day: dt.date | None,
    source: str = "",
) -> None:
    """From `day` on (always, if None), `unit` belongs to `parent` (to no unit, if None)."""
    if _continues(unit.parentages.all(), "parent_id", parent and parent.pk, day):
        return  # already so: moving again changes nothing
    if parent is not None:
        _check_level("parent", unit.level, parent.level)
        _check_valid_on(parent, day)
        _check_no_cycle(unit, parent, day)
    before = {gettext_noop("parent"): _parent_history(unit)}
    if day is None:
        unit.parentages.all().delete()
    else:
        end_periods(unit.parentages.all(), day)
    if parent is not None:
        UnitParentage.objects.create(unit=unit, parent=parent, valid_from=day)
    after = {gettext_noop("parent"): _parent_history(unit)}
    audit_record(
        actor=actor,
        instance=unit,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=after,
        source=source,
    )


def _parent_history(unit: AdministrativeUnit) -> str:
    return "; ".join(
        f"{p.parent.code} {p.valid_from or '…'}–{p.valid_to or '…'}"
        for p in unit.parentages.select_related("parent").order_by(OLDEST_FIRST)
    )


def _placement_history(site: Site) -> str:
    return "; ".join(
        f"{p.unit.code} {p.valid_from or '…'}–{p.valid_to or '…'}"
        for p in site.placements.select_related("unit").order_by(OLDEST_FIRST)
    )


@transaction.atomic
def site_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    origin: str,
    opened_on: dt.date,
    unit: AdministrativeUnit,
    source: str = "",
    **details: Any,
) -> Site:
    unknown = set(details) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"site_create got unknown fields {sorted(unknown)}")
    periods = _hours_parsed(details.pop(HOURS, ""), field=HOURS)
    site = Site(code=code, name=name, kind=kind, origin=origin, opened_on=opened_on, **details)
    site.full_clean()
    site_dates_check(site)
    _check_valid_on(unit, site.opened_on)
    site.save()
    SitePlacement.objects.create(site=site, unit=unit, valid_from=None)
    _periods_replace(site, periods)
    after = snapshot(site) | {gettext_noop("unit"): _placement_history(site)}
    if periods:
        after[HOURS_LABEL] = hours_text(periods)
    audit_record(
        actor=actor, instance=site, action=AuditEntry.Action.CREATE, after=after, source=source
    )
    return site


@transaction.atomic
def site_update(*, actor: Any, site: Site, source: str = "", **changes: Any) -> Site:
    unknown = set(changes) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"site_update got unknown fields {sorted(unknown)}")
    hours = changes.pop(HOURS, None)
    periods = None if hours is None else _hours_parsed(hours, field=HOURS)
    before, after = snapshot(site), None
    for name, value in changes.items():
        setattr(site, name, value)
    site.full_clean()
    site_dates_check(site, fields=changes)  # only what changes: old records stay editable
    site.save()
    if periods is not None:
        before[HOURS_LABEL] = hours_text(_periods_of(site))
        _periods_replace(site, periods)
        after = snapshot(site) | {HOURS_LABEL: hours_text(periods)}
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=after,
        source=source,
    )
    return site


def _hours_parsed(text: str | None, *, field: str) -> list[Period]:
    """The periods of the text, its problem reported on `field` (a form's or a file's column)."""
    try:
        return hours_parse(text or "")
    except DomainError as error:
        raise DomainError({field: error.message_dict["hours"]}) from error


def _periods_of(site: Site) -> list[Period]:
    rows = OpeningPeriod.objects.filter(site=site).values_list("weekday", "opens", "closes")
    return sorted(Period(*row) for row in rows)


def _periods_replace(site: Site, periods: list[Period]) -> None:
    OpeningPeriod.objects.filter(site=site).delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(site=site, weekday=p.weekday, opens=p.opens, closes=p.closes) for p in periods
    )
    getattr(site, "_prefetched_objects_cache", {}).pop("opening_periods", None)


@transaction.atomic
def site_hours_set(*, actor: Any, site: Site, hours: str, source: str = "") -> list[Period]:
    """Replace the point's weekly opening periods by those of the text; empty: hours not set."""
    periods = hours_parse(hours or "")
    before = _periods_of(site)
    if periods != before:
        _periods_replace(site, periods)
        audit_record(
            actor=actor,
            instance=site,
            action=AuditEntry.Action.UPDATE,
            before={HOURS_LABEL: hours_text(before)},
            after={HOURS_LABEL: hours_text(periods)},
            source=source,
        )
    return periods


def site_dates_check(site: Site, fields=("opened_on", "closed_on")) -> None:
    """A point opened on a day that has come; a closure may be planned, but not before 2000."""
    if "opened_on" in fields:
        day_check("opened_on", site.opened_on)
    if "closed_on" in fields and (problem := day_problem(site.closed_on, today=dt.date.max)):
        raise DomainError({"closed_on": problem})


@transaction.atomic
def site_move(
    *, actor: Any, site: Site, unit: AdministrativeUnit, day: dt.date | None, source: str = ""
) -> None:
    """From `day` on (always, if None), the point belongs to `unit`."""
    if _continues(site.placements.all(), "unit_id", unit.pk, day):
        return  # already so: moving again changes nothing
    _check_valid_on(unit, day)
    before = {gettext_noop("unit"): _placement_history(site)}
    if day is None:
        site.placements.all().delete()
    else:
        end_periods(site.placements.all(), day)
    SitePlacement.objects.create(site=site, unit=unit, valid_from=day)
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={gettext_noop("unit"): _placement_history(site)},
        source=source,
    )


@transaction.atomic
def site_suspend(
    *,
    actor: Any,
    site: Site,
    start: dt.date,
    end: dt.date | None = None,
    reason: str = "",
) -> SiteSuspension:
    suspension = SiteSuspension(site=site, start=start, end=end, reason=reason)
    suspension.full_clean()
    overlapping = site.suspensions.filter(start__lte=end or dt.date.max).exclude(end__lt=start)
    if overlapping.exists():
        raise DomainError(_("This closure overlaps another closure of the same point."))
    suspension.save()
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={},
        after={gettext_noop("temporarily closed"): f"{start}–{end or '…'} {reason}".strip()},
    )
    return suspension


@transaction.atomic
def site_staff_add(
    *,
    actor: Any,
    site: Site,
    full_name: str,
    position: str = "",
    phone: str = "",
    part_time: bool = True,
) -> SiteStaff:
    member = SiteStaff(
        site=site, full_name=full_name, position=position, phone=phone, part_time=part_time
    )
    member.full_clean()
    member.save()
    kind = gettext_noop("part-time staff member") if part_time else gettext_noop("staff member")
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={},
        after={kind: f"{full_name} ({position})"},
    )
    return member


@transaction.atomic
def site_staff_remove(*, actor: Any, member: SiteStaff) -> None:
    site = member.site
    kind = (
        gettext_noop("part-time staff member") if member.part_time else gettext_noop("staff member")
    )
    label = f"{member.full_name} ({member.position})"
    member.delete()
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={kind: label},
        after={},
    )
