"""API plumbing shared by every app: errors always come back as 4xx JSON, never 5xx."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from pacnet.accounts.permissions import Action, user_may
from pacnet.geography.selectors import today


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            detail = {_field_key(k): v for k, v in exc.message_dict.items()}
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


def _field_key(key: str) -> str:
    # full_clean() files whole-object errors under "__all__"; DRF clients expect this name.
    return api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key


class ScopedPermission(permissions.BasePermission):
    """The role must allow the action on the view's model; objects must be in scope.

    A view (or an `@action(..., scoped_action=...)`) may name the action itself, e.g. a
    POST that changes an object rather than adding one.
    """

    _methods = {
        "GET": Action.VIEW,
        "HEAD": Action.VIEW,
        "OPTIONS": Action.VIEW,
        "POST": Action.ADD,
        "PUT": Action.CHANGE,
        "PATCH": Action.CHANGE,
        "DELETE": Action.DELETE,
    }

    def _action(self, request, view) -> Action:
        return getattr(view, "scoped_action", None) or self._methods[request.method]

    def has_permission(self, request, view):
        model = getattr(view, "scoped_model", None) or view.get_queryset().model
        return user_may(request.user, self._action(request, view), model)

    def has_object_permission(self, request, view, obj):
        return user_may(request.user, self._action(request, view), obj)


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The day the unit, parent and status refer to (YYYY-MM-DD); today by default.",
)


def as_of_date(request) -> dt.date:
    """The `?as_of=YYYY-MM-DD` day of the request, today if absent; 400 if malformed."""
    raw = request.query_params.get("as_of", "") if request is not None else ""
    if not raw:
        return today()
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise exceptions.ValidationError(
            {"as_of": [_("Enter a valid date in the form YYYY-MM-DD.")]}
        )
    return day


class ScopedViewMixin:
    """Role and scope checks for every endpoint, and the `as_of` day of the request."""

    permission_classes = [permissions.IsAuthenticated, ScopedPermission]
    scoped_model = None
    scoped_action: Action | None = None

    @cached_property
    def as_of(self) -> dt.date:
        return as_of_date(getattr(self, "request", None))
