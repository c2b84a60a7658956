"""API plumbing shared by every app: errors always come back as 4xx JSON, never 5xx."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, permissions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from pacnet.accounts.permissions import Action, in_scope, user_may


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
        # DRF asks permissions before it looks for the handler: refuse a method it would refuse.
        if request.method not in view.allowed_methods or request.method not in self._methods:
            raise exceptions.MethodNotAllowed(request.method)
        return getattr(view, "scoped_action", None) or self._methods[request.method]

    def has_permission(self, request, view):
        model = getattr(view, "scoped_model", None) or view.get_queryset().model
        return user_may(request.user, self._action(request, view), model)

    def has_object_permission(self, request, view, obj):
        if not in_scope(request.user, obj):
            # Out of scope answers like missing (404), so that a refusal tells nothing.
            raise exceptions.NotFound
        return user_may(request.user, self._action(request, view), obj)


_WHOLE_NUMBER = re.compile(r"[0-9]+")


class Pagination(pagination.LimitOffsetPagination):
    """DRF's `?limit=&offset=` pages; a limit above `max_limit` is capped, nonsense is a 400."""

    max_limit = 1000

    def get_limit(self, request) -> int:
        limit = self._whole_number(request, self.limit_query_param, minimum=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request) -> int:
        # An offset past the last row is an empty page: DRF never sends it to the database.
        return self._whole_number(request, self.offset_query_param, minimum=0) or 0

    @staticmethod
    def _whole_number(request, name: str, *, minimum: int) -> int | None:
        """The parameter as a whole number ≥ `minimum`, None if absent or empty; else a 400."""
        raw = request.query_params.get(name, "").strip()
        if not raw:
            return None
        if _WHOLE_NUMBER.fullmatch(raw):
            try:
                value = int(raw)
            except ValueError:  # more digits than Python converts
                value = None
            if value is not None and value >= minimum:
                return value
        message = _("Enter a whole number of at least %(minimum)d.") % {"minimum": minimum}
        raise exceptions.ValidationError({name: [message]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        minimum = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            parameter["schema"]["minimum"] = minimum[parameter["name"]]
            if parameter["name"] == self.limit_query_param:
                parameter["description"] += f" At most {self.max_limit}: more is capped."
        return parameters


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The day the unit, parent and status refer to (YYYY-MM-DD); today by default.",
)


def as_of_date(request) -> dt.date:
    """The `?as_of=YYYY-MM-DD` day of the request, today if absent; 400 if malformed."""
    raw = request.query_params.get("as_of", "") if request is not None else ""
    if not raw:
        return timezone.localdate()
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
