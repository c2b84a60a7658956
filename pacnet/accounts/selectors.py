"""Reads of user accounts: the users an administrator manages, and who is locked out."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from pacnet.accounts.models import User
from pacnet.accounts.permissions import (
    grantable_unit_ids,
    site_model,
    unit_model,
    visible_site_ids,
)


def users_managed_by(actor: Any) -> QuerySet[User]:
    """The users whose whole scope lies within the actor's (the actor included), in one query."""
    users = User.objects.prefetch_related("scope_units", "scope_sites").order_by("username")
    if actor.is_superuser:
        return users
    units, sites = grantable_unit_ids(actor), visible_site_ids(actor)
    return (
        users.filter(is_superuser=False)
        .filter(
            Q(pk__in=User.scope_units.through.objects.values("user_id"))
            | Q(pk__in=User.scope_sites.through.objects.values("user_id"))
        )
        .exclude(scope_units__in=unit_model().objects.exclude(pk__in=units))
        .exclude(scope_sites__in=site_model().objects.exclude(pk__in=sites))
    )


def locked_out_usernames(usernames: list[str]) -> set[str]:
    """Which of these user names are locked out now, from some address (django-axes)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )
