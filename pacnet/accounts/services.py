"""Every write to user accounts, audited; the grant rules are checked here for every caller."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.accounts.models import User
from pacnet.accounts.permissions import may_grant_role, may_grant_scope
from pacnet.core.audit import audit_record, snapshot
from pacnet.core.models import AuditEntry

PASSWORD = gettext_noop("password")
LOGIN_LOCK = gettext_noop("login lockout")


def _check_grant(actor: Any, *, role: str, scope_units: list, scope_sites: list) -> None:
    """The actor may give only a role up to theirs and a scope within theirs (system: anything)."""
    if actor is None:
        return
    errors = {}
    if not may_grant_role(actor, role):
        errors["role"] = _("You cannot give a role above your own.")
    if not may_grant_scope(actor, {u.pk for u in scope_units}, {s.pk for s in scope_sites}):
        errors["scope_units"] = _("You can only give units and access points within your scope.")
    if not (scope_units or scope_sites or actor.is_superuser):
        errors["scope_units"] = _("Give the user at least one unit or access point.")
    if errors:
        raise ValidationError(errors)


def _check_password(actor: Any, user: User, password: str) -> None:
    if actor is None:
        return  # the demo's shared password is the system's choice
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str = "",
    role: str,
    scope_units: list | None = None,
    scope_sites: list | None = None,
    email: str = "",
    source: str = "",
) -> User:
    scope_units, scope_sites = list(scope_units or []), list(scope_sites or [])
    _check_grant(actor, role=role, scope_units=scope_units, scope_sites=scope_sites)
    user = User(username=username, first_name=full_name, role=role, email=email)
    _check_password(actor, user, password)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.scope_units.set(scope_units)
    user.scope_sites.set(scope_sites)
    audit_record(actor=actor, instance=user, action=AuditEntry.Action.CREATE, source=source)
    return user


def _refuse_self(actor: Any, user: User, message: str) -> None:
    # An administrator who demotes or locks out themselves cannot undo it: another must.
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(message)


@transaction.atomic
def user_update(
    *,
    actor: Any,
    user: User,
    full_name: str,
    email: str,
    role: str,
    scope_units: list,
    scope_sites: list,
    source: str = "",
) -> User:
    scope_units, scope_sites = list(scope_units), list(scope_sites)
    _check_grant(actor, role=role, scope_units=scope_units, scope_sites=scope_sites)
    old_scope = (
        {u.pk for u in user.scope_units.all()},
        {s.pk for s in user.scope_sites.all()},
    )
    new_scope = ({u.pk for u in scope_units}, {s.pk for s in scope_sites})
    if role != user.role or old_scope != new_scope:
        _refuse_self(actor, user, _("You cannot change your own role or scope."))
    before = snapshot(user)
    user.first_name, user.email, user.role = full_name, email, role
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "email", "role"])
    user.scope_units.set(scope_units)
    user.scope_sites.set(scope_sites)
    audit_record(
        actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return user


def _set_active(*, actor: Any, user: User, active: bool, source: str) -> User:
    before = snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, source: str = "") -> User:
    """The user can no longer log in; their open sessions stop working at the next request."""
    _refuse_self(actor, user, _("You cannot deactivate your own account."))
    return _set_active(actor=actor, user=user, active=False, source=source)


@transaction.atomic
def user_activate(*, actor: Any, user: User, source: str = "") -> User:
    return _set_active(actor=actor, user=user, active=True, source=source)


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str, source: str = "") -> User:
    """A new password, set by the user or an administrator; the trail notes it, never the hash."""
    _check_password(actor, user, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        instance=user,
        action=AuditEntry.Action.UPDATE,
        before={PASSWORD: ""},
        after={PASSWORD: gettext_noop("changed")},
        source=source,
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User, source: str = "") -> int:
    """Lift a login lockout of the user's name from every address; returns the attempts removed."""
    removed = axes_reset(username=user.username)
    if removed:
        audit_record(
            actor=actor,
            instance=user,
            action=AuditEntry.Action.UPDATE,
            before={LOGIN_LOCK: gettext_noop("locked")},
            after={LOGIN_LOCK: gettext_noop("unlocked")},
            source=source,
        )
    return removed
