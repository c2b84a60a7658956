"""What views use to ask the permission service: one call per object or list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404

from pacnet.accounts.permissions import Action, in_scope, user_may


def object_for(request, action: Action | str, queryset_or_model, **lookup) -> Model:
    """The object, if it exists and is in scope (404 for both), and the role allows `action` (403).

    An object outside the user's scope answers exactly like a missing one, so that a refusal
    does not tell which codes and ids exist elsewhere.
    """
    obj = get_object_or_404(queryset_or_model, **lookup)
    if not in_scope(request.user, obj):
        # The very message of get_object_or_404's, so that even a debug page tells nothing.
        raise Http404(f"No {type(obj)._meta.object_name} matches the given query.")
    if not user_may(request.user, action, obj):
        raise PermissionDenied
    return obj


def require_model(request, action: Action | str, model) -> None:
    """Refuse (403) a list or an add the user's role does not allow."""
    if not user_may(request.user, action, model):
        raise PermissionDenied
