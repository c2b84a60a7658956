"""What views use to ask the permission service: one call per object or list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404

from pacnet.accounts.permissions import Action, user_may


def object_for(request, action: Action | str, queryset_or_model, **lookup) -> Model:
    """The object, if it exists (404) and the user may take `action` on it (403)."""
    obj = get_object_or_404(queryset_or_model, **lookup)
    if not user_may(request.user, action, obj):
        raise PermissionDenied
    return obj


def require_model(request, action: Action | str, model) -> None:
    """Refuse (403) a list or an add the user's role does not allow."""
    if not user_may(request.user, action, model):
        raise PermissionDenied
