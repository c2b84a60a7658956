"""A kiosk authenticates with its bearer token: the request acts as that computer, no user."""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from pacnet.inventory.models import Equipment
from pacnet.kiosk.selectors.computers import TokenHolder, token_holder


class KioskComputer:
    """The principal of a kiosk request: the computer the token was issued to, at its point.

    Its ids come with the token (one query); the computer itself is read only by the calls
    that need it, so that the heartbeat does without.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, holder: TokenHolder) -> None:
        self.computer_id = holder.computer_id
        self.site_id = holder.site_id

    @cached_property
    def computer(self) -> Equipment:
        return Equipment.objects.select_related("site").get(pk=self.computer_id)

    @property
    def site(self):
        return self.computer.site


class KioskTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the kiosk token after “Bearer ”."))
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This kiosk token is not valid.")) from None
        holder = token_holder(token)
        if holder is None:
            raise exceptions.AuthenticationFailed(
                _("This kiosk token is not valid: it is wrong or was revoked. Enrol again.")
            )
        return KioskComputer(holder), token

    def authenticate_header(self, request):
        return self.keyword


class IsKiosk(permissions.BasePermission):
    """Only an enrolled kiosk: it acts on its own computer, never on one named in the request."""

    def has_permission(self, request, view):
        return isinstance(request.user, KioskComputer)


class KioskTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pacnet.kiosk.api.authentication.KioskTokenAuthentication"
    name = "kioskToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "The token of `enrol`."}
