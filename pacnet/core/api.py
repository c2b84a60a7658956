"""API plumbing shared by every app: errors always come back as 4xx JSON, never 5xx."""

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, permissions
from rest_framework.views import exception_handler as drf_exception_handler

from pacnet.accounts.permissions import Action, user_may


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class ScopedPermission(permissions.BasePermission):
    """The role must allow the action on the view's model; objects must be in scope."""

    _methods = {
        "GET": Action.VIEW,
        "HEAD": Action.VIEW,
        "OPTIONS": Action.VIEW,
        "POST": Action.ADD,
        "PUT": Action.CHANGE,
        "PATCH": Action.CHANGE,
        "DELETE": Action.DELETE,
    }

    def has_permission(self, request, view):
        model = view.get_queryset().model
        return user_may(request.user, self._methods[request.method], model)

    def has_object_permission(self, request, view, obj):
        return user_may(request.user, self._methods[request.method], obj)
