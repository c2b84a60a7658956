"""Reads of the administrative hierarchy and the access points, at any date.

The hierarchy is piecewise constant between the days on which a parentage or a
placement starts or ends, so "during a period" is answered by looking at the
hierarchy on each of those days that falls in the period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from pacnet.geography.hours import Period, hours_readable, hours_text
from pacnet.geography.models import (
    AdministrativeUnit,
    Site,
    SitePlacement,
    SiteSuspension,
    UnitParentage,
)


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Hierarchy:
    """The tree of units and the placement of points on one day."""

    day: dt.date
    parent_of: dict[int, int]
    unit_of_site: dict[int, int]
    children_of: dict[int, list[int]] = field(default_factory=dict)

    def descendants(self, unit_id: int) -> set[int]:
        found, stack = {unit_id}, [unit_id]
        while stack:
            for child in self.children_of.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit's ancestors, nearest first."""
        chain, seen = [], {unit_id}
        while (
            parent := self.parent_of.get(chain[-1] if chain else unit_id)
        ) and parent not in seen:
            chain.append(parent)
            seen.add(parent)
        return chain

    def site_ids_under(self, unit_ids: Iterable[int]) -> set[int]:
        units: set[int] = set()
        for unit_id in unit_ids:
            units |= self.descendants(unit_id)
        return {site for site, unit in self.unit_of_site.items() if unit in units}


def hierarchy_on(day: dt.date | None = None, *, within: set[int] | None = None) -> Hierarchy:
    """The hierarchy of the day; `within` (units) limits it to a subtree read by the caller."""
    day = day or today()
    parentages, placements = _history(within)
    return _hierarchy(
        day,
        parentages.valid_on(day).values_list("unit_id", "parent_id"),
        placements.valid_on(day).values_list("site_id", "unit_id"),
    )


def _hierarchy(day: dt.date, links: Iterable[tuple[int, int]], places) -> Hierarchy:
    parent_of = dict(links)
    children_of: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in parent_of.items():
        children_of[parent_id].append(unit_id)
    return Hierarchy(day, parent_of, dict(places), dict(children_of))


def _history(within: set[int] | None):
    if within is None:
        return UnitParentage.objects.all(), SitePlacement.objects.all()
    return (
        UnitParentage.objects.filter(unit_id__in=within),
        SitePlacement.objects.filter(unit_id__in=within),
    )


def units_ever_under(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit that was under one of them at any time (one recursive query;
    UNION, not UNION ALL, so that a unit reached twice, or a cycle, is walked once)."""
    found = set(unit_ids)
    if not found:
        return found
    table = UnitParentage._meta.db_table
    sql = (
        f"WITH RECURSIVE below(unit_id) AS ("
        f" SELECT unit_id FROM {table} WHERE parent_id IN ({', '.join(['%s'] * len(found))})"
        f" UNION SELECT p.unit_id FROM {table} p JOIN below b ON p.parent_id = b.unit_id"
        f") SELECT unit_id FROM below"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(found))
        return found | {row[0] for row in cursor.fetchall()}


def _change_days(rows, start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    """Days in [start, end] on which one of the (…, valid_from, valid_to) rows starts or ends."""
    days: set[dt.date] = set()
    for *_ids, valid_from, valid_to in rows:
        if valid_from:
            days.add(valid_from)
        if valid_to:
            days.add(valid_to + dt.timedelta(days=1))
    return sorted(d for d in days if (start is None or d >= start) and (end is None or d <= end))


def hierarchies_during(
    start: dt.date | None, end: dt.date | None, *, within: set[int] | None = None
) -> list[Hierarchy]:
    """The hierarchy on the first day and on each day it changes in [start, end], in order.

    Two queries whatever the number of changes: the history is read once, each day's tree is
    built from it here.
    """
    first = start or dt.date(1900, 1, 1)
    if end is not None and end < first:
        return []  # an empty period holds no day, so no hierarchy
    parentages, placements = _history(within)
    links = list(parentages.values_list("unit_id", "parent_id", "valid_from", "valid_to"))
    places = list(placements.values_list("site_id", "unit_id", "valid_from", "valid_to"))
    days = [d for d in _change_days(links + places, first, end) if d > first]
    return [
        _hierarchy(day, _valid_on(links, day), _valid_on(places, day)) for day in [first, *days]
    ]


def _valid_on(rows, day: dt.date) -> list[tuple[int, int]]:
    return [
        (a, b)
        for a, b, valid_from, valid_to in rows
        if (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)
    ]


def hierarchies_overlapping(
    hierarchies: list[Hierarchy], start: dt.date, end: dt.date
) -> list[Hierarchy]:
    """Of `hierarchies_during`'s list, those in force on some day of [start, end]."""
    found = []
    for i, hierarchy in enumerate(hierarchies):
        until = hierarchies[i + 1].day if i + 1 < len(hierarchies) else None
        if hierarchy.day <= end and (until is None or until > start):
            found.append(hierarchy)
    return found


def with_predecessors(unit_ids: Iterable[int]) -> set[int]:
    """The units and, transitively, every unit they succeeded (a province and its forerunner)."""
    found = set(unit_ids)
    frontier = set(found)
    through = AdministrativeUnit.successors.through
    while frontier:
        frontier = (
            set(
                through.objects.filter(to_administrativeunit_id__in=frontier).values_list(
                    "from_administrativeunit_id", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def predecessors_of(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """`with_predecessors` of each unit separately, from one read of the successions."""
    through = AdministrativeUnit.successors.through
    before: dict[int, set[int]] = defaultdict(set)
    for old, new in through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    ):
        before[new].add(old)
    found = {}
    for unit_id in unit_ids:
        seen, frontier = {unit_id}, {unit_id}
        while frontier:
            frontier = set().union(*(before[u] for u in frontier)) - seen
            seen |= frontier
        found[unit_id] = seen
    return found


def site_ids_under_units(
    unit_ids: Iterable[int], *, start: dt.date | None = None, end: dt.date | None = None
) -> set[int]:
    """Points under any of the units at some time in [start, end] (all history by default)."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return set()
    found: set[int] = set()
    # Only the subtree matters: a network of thousands of points is not read for one province.
    for hierarchy in hierarchies_during(start, end, within=units_ever_under(unit_ids)):
        found |= hierarchy.site_ids_under(unit_ids)
    return found


def site_ids_under_units_by_year(
    unit_ids: Iterable[int], years: Iterable[int]
) -> dict[int, set[int]]:
    """`site_ids_under_units` for each calendar year, from one read of the subtree's history."""
    unit_ids, years = list(unit_ids), sorted(set(years))
    if not unit_ids or not years:
        return {year: set() for year in years}
    hierarchies = hierarchies_during(
        dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31), within=units_ever_under(unit_ids)
    )
    found: dict[int, set[int]] = {}
    for year in years:
        found[year] = set()
        for hierarchy in hierarchies_overlapping(
            hierarchies, dt.date(year, 1, 1), dt.date(year, 12, 31)
        ):
            found[year] |= hierarchy.site_ids_under(unit_ids)
    return found


def unit_ids_under_units(unit_ids: Iterable[int]) -> set[int]:
    """Units that were under any of these units at any time, the units included."""
    unit_ids = list(unit_ids)
    found: set[int] = set(unit_ids)
    for hierarchy in hierarchies_during(None, None):
        for unit_id in unit_ids:
            found |= hierarchy.descendants(unit_id)
    return found


def scope_by_code(code: str) -> Site | AdministrativeUnit | None:
    """A point code or a unit code (the `--scope` of the commands); None when neither exists."""
    return Site.objects.filter(code=code).first() or (
        AdministrativeUnit.objects.filter(code=code).first()
    )


def scope_site_ids(scope: Site | AdministrativeUnit | None) -> set[int] | None:
    """The points of a scope as a user's scope has them: a point, or every point ever under
    the unit or a unit it succeeded; None for the whole network."""
    if scope is None:
        return None
    if isinstance(scope, Site):
        return {scope.pk}
    return site_ids_under_units(with_predecessors([scope.pk]))


def unit_ids_of_sites(sites: QuerySet[Site]) -> set[int]:
    """The units these points were ever placed in."""
    return set(SitePlacement.objects.filter(site__in=sites).values_list("unit_id", flat=True))


def sites_under_unit(unit: AdministrativeUnit, *, day: dt.date | None = None) -> QuerySet[Site]:
    return Site.objects.filter(pk__in=hierarchy_on(day).site_ids_under([unit.pk]))


def unit_path(unit: AdministrativeUnit, day: dt.date | None = None) -> list[AdministrativeUnit]:
    """The unit and its ancestors on that day, the root first."""
    ids = [unit.pk, *hierarchy_on(day).ancestors(unit.pk)]
    units = AdministrativeUnit.objects.in_bulk(ids)
    return [units[i] for i in reversed(ids)]


def site_unit_on(site: Site, day: dt.date | None = None) -> AdministrativeUnit | None:
    placement = site.placements.valid_on(day or today()).select_related("unit").first()
    return placement.unit if placement else None


def site_status_expression(day: dt.date):
    suspended = SiteSuspension.objects.filter(site=OuterRef("pk"), start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gte=day)
    )
    return Case(
        When(opened_on__gt=day, then=Value(Site.Status.PLANNED)),
        When(closed_on__lte=day, then=Value(Site.Status.CLOSED)),
        When(Exists(suspended), then=Value(Site.Status.SUSPENDED)),
        default=Value(Site.Status.OPEN),
    )


def sites_with_state(queryset: QuerySet[Site], day: dt.date | None = None) -> QuerySet[Site]:
    """Annotate `status_on`, `unit_code` and `unit_name` as of the day."""
    day = day or today()
    placement = SitePlacement.objects.valid_on(day).filter(site=OuterRef("pk"))
    return queryset.annotate(
        status_on=site_status_expression(day),
        unit_code=Subquery(placement.values("unit__code")[:1]),
        unit_name=Subquery(placement.values("unit__name")[:1]),
    )


def site_status_on(site: Site, day: dt.date | None = None) -> str:
    return sites_with_state(Site.objects.filter(pk=site.pk), day).values_list(
        "status_on", flat=True
    )[0]


def units_valid_on(day: dt.date | None = None) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.valid_on(day or today())


@dataclass
class TreeNode:
    unit: AdministrativeUnit
    children: list[TreeNode]
    site_count: int


def unit_tree(
    day: dt.date | None = None, *, visible_unit_ids: set[int] | None = None
) -> list[TreeNode]:
    """The forest of units valid on the day, each with the points under it then."""
    hierarchy = hierarchy_on(day)
    units = {u.pk: u for u in units_valid_on(hierarchy.day)}
    sites_in: dict[int, int] = defaultdict(int)
    for unit_id in hierarchy.unit_of_site.values():
        sites_in[unit_id] += 1

    def build(unit_id: int) -> TreeNode:
        children = sorted(
            (build(c) for c in hierarchy.children_of.get(unit_id, ()) if c in units),
            key=lambda n: n.unit.name,
        )
        count = sites_in[unit_id] + sum(c.site_count for c in children)
        return TreeNode(units[unit_id], children, count)

    roots = [u for u in units if hierarchy.parent_of.get(u) not in units]
    forest = sorted((build(r) for r in roots), key=lambda n: n.unit.name)
    if visible_unit_ids is None:
        return forest
    return _prune(forest, visible_unit_ids)


def _prune(nodes: list[TreeNode], visible: set[int]) -> list[TreeNode]:
    kept = []
    for node in nodes:
        if node.unit.pk in visible:
            kept.append(node)
        else:
            kept.extend(_prune(node.children, visible))
    return kept


# --- Reads for the web pages ----------------------------------------------------------

_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics: "Đắk Lao" → "dak lao"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", (text or "").translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", fold(text))


def site_ids_matching(queryset: QuerySet[Site], query: str) -> set[int]:
    """Points where each word of the query starts a word of the code, name, host or address.

    Accents and case aside ("dak lao" finds "Đắk Lao" but not "Đắk Plao"). Folded in Python
    over the already-scoped rows: portable across databases, and cheap at the size of a
    province's network (one query, whatever the number of words).
    """
    asked = _words(query)
    rows = queryset.values_list("pk", "code", "name", "host_organisation", "address")
    found = set()
    for pk, *texts in rows:
        words = _words(" ".join(texts))
        if all(any(w.startswith(a) for w in words) for a in asked):
            found.add(pk)
    return found


def site_placements(site: Site) -> QuerySet[SitePlacement]:
    """The point's placement history, oldest first."""
    from django.db.models import F

    return site.placements.select_related("unit").order_by(F("valid_from").asc(nulls_first=True))


def unit_parentages(unit: AdministrativeUnit) -> QuerySet[UnitParentage]:
    """The unit's parents over time, oldest first."""
    from django.db.models import F

    return unit.parentages.select_related("parent").order_by(F("valid_from").asc(nulls_first=True))


def unit_children_on(unit: AdministrativeUnit, day: dt.date) -> list[AdministrativeUnit]:
    ids = UnitParentage.objects.valid_on(day).filter(parent=unit).values("unit_id")
    return list(AdministrativeUnit.objects.filter(pk__in=ids).order_by("name"))


def tree_sorted(nodes: list[TreeNode]) -> list[TreeNode]:
    """The forest ordered as a Vietnamese reader expects: "Đắk Glong" among the D's."""
    for node in nodes:
        node.children = tree_sorted(node.children)
    return sorted(nodes, key=lambda n: fold(n.unit.name))


def site_hours(site: Site) -> list[Period]:
    """The point's weekly opening periods (prefetched `opening_periods` are used); [] = not set."""
    return sorted(Period(p.weekday, p.opens, p.closes) for p in site.opening_periods.all())


def site_hours_text(site: Site) -> str:
    """The point's hours as canonical text (`mon-fri 07:30-17:00; …`); empty when not set."""
    return hours_text(site_hours(site))


def site_hours_readable(site: Site) -> str:
    """The point's hours for people, with day names (“Monday–Friday 07:30–17:00; …”)."""
    return hours_readable(site_hours(site))
