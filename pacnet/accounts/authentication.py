"""HTTP Basic for the API, through django-axes: a locked-out user gets 429, not 401."""

from __future__ import annotations

from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from pacnet.accounts.lockout import lockout_message


class LockedOut(exceptions.Throttled):
    default_code = "locked_out"


class LockoutBasicAuthentication(BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            # axes flags the request it was given (DRF's), not Django's underneath.
            if request is not None and getattr(request, "axes_locked_out", False):
                raise LockedOut(detail=lockout_message()) from None
            raise


class LockoutBasicScheme(BasicScheme):
    """The schema shows it as the plain HTTP Basic it is."""

    target_class = "pacnet.accounts.authentication.LockoutBasicAuthentication"
