"""The one permission service: may this user do this to this object?

A role says which actions a user may take; the scope (a subtree of units, or a set
of points) says on which objects. Views, API endpoints and commands all ask here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet

from pacnet.accounts.models import Role, User


def site_model() -> type[Model]:
    """The model of points, as the user's scope names it: accounts imports no app above it."""
    return User._meta.get_field("scope_sites").related_model


def unit_model() -> type[Model]:
    return User._meta.get_field("scope_units").related_model


@dataclass(frozen=True)
class ScopeHierarchy:
    """How units hold units and points over time: geography provides it from its `ready()`."""

    site_ids_under_units: Callable[[Iterable[int]], set[int]]
    unit_ids_under_units: Callable[[Iterable[int]], set[int]]
    with_predecessors: Callable[[Iterable[int]], set[int]]
    unit_ids_of_sites: Callable[[QuerySet], set[int]]


_hierarchy: ScopeHierarchy | None = None


def scope_hierarchy_provide(hierarchy: ScopeHierarchy) -> None:
    global _hierarchy
    _hierarchy = hierarchy


def _scope_hierarchy() -> ScopeHierarchy:
    if _hierarchy is None:
        raise ImproperlyConfigured("pacnet.geography must be installed: it provides the scopes.")
    return _hierarchy


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    IMPORT = "import"


_ALL = frozenset(Action)
_READ = frozenset({Action.VIEW})
# Which actions each role may take, per kind of object.
_READ_ONLY_ROLE = {
    "site": _READ,
    "unit": _READ,
    "equipment": _READ,
    "usage": _READ,
    "plan": _READ,
    "fault": _READ,
    "user": frozenset(),
}
ROLE_ACTIONS: dict[str, dict[str, frozenset[Action]]] = {
    Role.PROVINCE_ADMIN: {
        "site": _ALL,
        "unit": _ALL,
        "equipment": _ALL,
        "usage": _ALL,
        "plan": _ALL,
        "fault": _ALL,
        "user": _ALL,
    },
    Role.LIBRARY_STAFF: {
        "site": _ALL - {Action.DELETE},
        "unit": _READ,
        "equipment": _ALL - {Action.DELETE},
        "usage": _ALL - {Action.DELETE},
        "plan": _READ,
        # They act as the technicians: assign, repair and close faults, record repairs.
        "fault": _ALL - {Action.DELETE},
        "user": frozenset(),
    },
    Role.POINT_STAFF: {
        "site": frozenset({Action.VIEW, Action.CHANGE}),
        "unit": _READ,
        "equipment": frozenset({Action.VIEW, Action.CHANGE}),
        # Patrons, guest passes, sessions and paper tallies of their own point.
        "usage": frozenset({Action.VIEW, Action.ADD, Action.CHANGE}),
        "plan": _READ,
        # Report a fault of their point and follow it; the technicians do the rest.
        "fault": frozenset({Action.VIEW, Action.ADD}),
        "user": frozenset(),
    },
    Role.FINANCE_OFFICER: _READ_ONLY_ROLE,
    Role.INSPECTOR: _READ_ONLY_ROLE,
}
KIND_OF_APP = {
    "connectivity": "site",
    "inventory": "equipment",
    "maintenance": "equipment",
    "usage": "usage",
    # Kiosk rules, computers' credentials, the queue and print jobs: the point's usage work.
    "kiosk": "usage",
    "plans": "plan",
    "faults": "fault",
    # Alerts are about a point's equipment: whoever may see its equipment sees its alerts.
    "alerts": "equipment",
}


def _kind_of(target: Any) -> str:
    model = target if isinstance(target, type) else type(target)
    if issubclass(model, site_model()):
        return "site"
    if issubclass(model, unit_model()):
        return "unit"
    if issubclass(model, User):
        return "user"
    kind = KIND_OF_APP.get(getattr(model._meta, "app_label", ""))
    if kind:
        return kind
    raise TypeError(f"No permission rule for {model.__name__}")


def _site_of(obj: Model) -> Model | None:
    """The point an object belongs to, for scope: `site`, or the model's `scope_site`."""
    if isinstance(obj, site_model()):
        return obj
    return getattr(obj, "scope_site", None) or getattr(obj, "site", None)


def visible_site_ids(user: Any) -> set[int] | None:
    """The points the user may see; None means every point."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, "_pacnet_site_ids", None)
    if cached is None:
        hierarchy = _scope_hierarchy()
        unit_ids = hierarchy.with_predecessors(user.scope_units.values_list("pk", flat=True))
        cached = hierarchy.site_ids_under_units(unit_ids)
        cached |= set(user.scope_sites.values_list("pk", flat=True))
        user._pacnet_site_ids = cached
    return cached


def visible_unit_ids(user: Any) -> set[int] | None:
    """Units the user may see: those under a unit in scope, and the units of points in scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, "_pacnet_unit_ids", None)
    if cached is None:
        hierarchy = _scope_hierarchy()
        cached = hierarchy.unit_ids_under_units(
            hierarchy.with_predecessors(user.scope_units.values_list("pk", flat=True))
        )
        cached |= hierarchy.unit_ids_of_sites(user.scope_sites.all())
        user._pacnet_unit_ids = cached
    return cached


def visible_sites(user: Any) -> QuerySet:
    ids = visible_site_ids(user)
    sites = site_model().objects
    return sites.all() if ids is None else sites.filter(pk__in=ids)


def visible_units(user: Any) -> QuerySet:
    ids = visible_unit_ids(user)
    units = unit_model().objects
    return units.all() if ids is None else units.filter(pk__in=ids)


def restrict_to_scope(user: Any, queryset: QuerySet, site_field: str = "site") -> QuerySet:
    """Keep the rows that belong to points the user may see."""
    ids = visible_site_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{site_field}__in": ids})


def role_allows(user: Any, action: Action | str, target: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Action(action) in ROLE_ACTIONS.get(user.role, {}).get(_kind_of(target), frozenset())


def in_scope(user: Any, obj: Model) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if isinstance(obj, unit_model()):
        ids = visible_unit_ids(user)
        return ids is None or obj.pk in ids
    if isinstance(obj, User):
        return obj.pk == user.pk or (user.role == Role.PROVINCE_ADMIN and _user_within(user, obj))
    if _kind_of(obj) == "plan":
        return True  # a plan applies to the whole network
    site = _site_of(obj)
    if site is None:
        return False
    ids = visible_site_ids(user)
    return ids is None or site.pk in ids


# Which roles may grant which: no one grants a role above their own.
ROLE_RANK = {
    Role.PROVINCE_ADMIN: 2,
    Role.LIBRARY_STAFF: 1,
    Role.POINT_STAFF: 0,
    Role.FINANCE_OFFICER: 0,
    Role.INSPECTOR: 0,
}


def grantable_unit_ids(user: Any) -> set[int] | None:
    """Units whose whole subtree the user has in scope (the units of their points do not count)."""
    if getattr(user, "is_superuser", False):
        return None
    cached = getattr(user, "_pacnet_grantable_unit_ids", None)
    if cached is None:
        hierarchy = _scope_hierarchy()
        cached = hierarchy.unit_ids_under_units(
            hierarchy.with_predecessors(user.scope_units.values_list("pk", flat=True))
        )
        user._pacnet_grantable_unit_ids = cached
    return cached


def may_grant_role(user: Any, role: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return ROLE_RANK.get(role, 0) <= ROLE_RANK.get(user.role, -1)


def may_grant_scope(user: Any, unit_ids: set[int], site_ids: set[int]) -> bool:
    """Only units and points within the user's own scope may be given to another."""
    units, sites = grantable_unit_ids(user), visible_site_ids(user)
    return (units is None or unit_ids <= units) and (sites is None or site_ids <= sites)


def _user_within(admin: Any, other: User) -> bool:
    """A user is managed by the administrators whose scope holds all of theirs (and some)."""
    if admin.is_superuser:
        return True
    if other.is_superuser:
        return False
    units = set(other.scope_units.values_list("pk", flat=True))
    sites = set(other.scope_sites.values_list("pk", flat=True))
    return bool(units or sites) and may_grant_scope(admin, units, sites)


def user_may(user: Any, action: Action | str, target: Any) -> bool:
    """May `user` take `action` on `target` (an object, or a model class for lists and adds)?"""
    if not role_allows(user, action, target):
        return False
    if isinstance(target, type):
        return True
    return in_scope(user, target)


def require(user: Any, action: Action | str, target: Any) -> None:
    if not user_may(user, action, target):
        raise PermissionDenied
