"""A kiosk authenticates with its bearer token: the request acts as that computer, no user."""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from pacnet.inventory.models import Equipment
from pacnet.kiosk.selectors.computers import TokenHolder, token_digest, token_holder

TOKEN_REFUSED = gettext_lazy(
    "This kiosk token is not valid: it is wrong or was revoked. Enrol again."
)


class KioskComputer:
    """The principal of a kiosk request: the computer the token was issued to, at its point.

    Its ids come with the token (one query), or, for the heartbeat, from the heartbeat's own
    statement (`holder` None until then; ADR 0014). The computer itself is read only by the
    calls that need it.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, digest: str, holder: TokenHolder | None) -> None:
        self.digest = digest
        self.holder = holder

    def _held(self) -> TokenHolder:
        if self.holder is None:  # a deferred check never done: refuse rather than guess
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return self.holder

    @property
    def computer_id(self) -> int:
        return self._held().computer_id

    @cached_property
    def computer(self) -> Equipment:
        return Equipment.objects.select_related("site").get(pk=self.computer_id)

    @property
    def site(self):
        return self.computer.site


class KioskTokenAuthentication(authentication.BaseAuthentication):
    """The kiosk's bearer token. A view whose `checks_kiosk_token` is true checks it within its
    own statement and refuses it with the same 401 (the heartbeat: one round trip to the
    database, ADR 0014); for every other view it is checked here."""

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
        digest = token_digest(token)
        if digest is None:
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        view = (request.parser_context or {}).get("view")
        if getattr(view, "checks_kiosk_token", False):
            return KioskComputer(digest, None), token
        holder = token_holder(digest)
        if holder is None:
            raise exceptions.AuthenticationFailed(TOKEN_REFUSED)
        return KioskComputer(digest, holder), token

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
