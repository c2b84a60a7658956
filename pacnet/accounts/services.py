"""Every write to user accounts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pacnet.accounts.models import User
from pacnet.core.audit import audit_record, snapshot
from pacnet.core.models import AuditEntry


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
    user = User(username=username, first_name=full_name, role=role, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.scope_units.set(scope_units or [])
    user.scope_sites.set(scope_sites or [])
    audit_record(actor=actor, instance=user, action=AuditEntry.Action.CREATE, source=source)
    return user


@transaction.atomic
def user_update_scope(
    *, actor: Any, user: User, role: str, scope_units: list, scope_sites: list, source: str = ""
) -> User:
    before = snapshot(user)
    user.role = role
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role"])
    user.scope_units.set(scope_units)
    user.scope_sites.set(scope_sites)
    audit_record(
        actor=actor, instance=user, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return user
