"""Domain errors: services raise them, views and commands turn them into translated messages."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the write; nothing was changed."""


class PermissionRefused(Exception):
    """The user may not do this to this object."""
