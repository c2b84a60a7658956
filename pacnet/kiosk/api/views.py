"""pacnet's kiosk API (docs/kiosk.md): thin views over the kiosk services.

Every view but `enrol` authenticates the kiosk by its token and acts on the token's computer.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from pacnet.kiosk.api import serializers as s
from pacnet.kiosk.api.authentication import (
    TOKEN_REFUSED,
    IsKiosk,
    KioskTokenAuthentication,
)
from pacnet.kiosk.selectors.rules import rules_json, rules_of, warning_minutes
from pacnet.kiosk.selectors.sessions import session_state
from pacnet.kiosk.services.computers import Heartbeat, computer_enrol
from pacnet.kiosk.services.heartbeats import kiosk_heartbeat
from pacnet.kiosk.services.sessions import (
    SignInRefused,
    guest_self_register,
    kiosk_sign_in,
    kiosk_sign_out,
)
from pacnet.kiosk.services.uploads import kiosk_sessions_upload


class EnrolThrottle(AnonRateThrottle):
    """Codes are long and expire; still, nobody gets to try thousands from one address."""

    rate = "30/hour"


class KioskView(APIView):
    authentication_classes = [KioskTokenAuthentication]
    permission_classes = [IsKiosk]
    # A kiosk speaks JSON only: no browsable API to negotiate on every heartbeat.
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]

    @property
    def computer(self):
        return self.request.user.computer


class EnrolView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [EnrolThrottle]

    @extend_schema(
        request=s.EnrolSerializer,
        responses={201: s.EnrolledSerializer, 400: OpenApiResponse(description="Bad code")},
        summary="Exchange a one-time enrolment code for the kiosk's token",
    )
    def post(self, request):
        data = s.EnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        computer, token = computer_enrol(
            code=data.validated_data["code"], host_name=data.validated_data["name"]
        )
        return Response(
            {"token": token, "computer": computer.code, "point": computer.site.code},
            status=status.HTTP_201_CREATED,
        )


class RulesView(KioskView):
    @extend_schema(responses={200: dict}, summary="The point's rules, for the kiosk to keep")
    def get(self, request):
        return Response(rules_json(self.computer.site) | {"server_time": timezone.localtime()})


class HeartbeatView(KioskView):
    # Its statement checks the token: the body is read first, then one round trip (ADR 0014).
    checks_kiosk_token = True

    @extend_schema(
        request=s.HeartbeatSerializer,
        responses={200: s.HeartbeatAnswerSerializer},
        summary="The kiosk is alive: its state in, the session's progress and instructions out",
    )
    def post(self, request):
        data = s.HeartbeatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        answer = kiosk_heartbeat(
            token_digest=request.user.digest,
            holder=request.user.holder,
            beat=Heartbeat(
                client_version=given.get("client_version", ""),
                uptime_seconds=given.get("uptime_seconds"),
                free_disk_mb=given.get("free_disk_mb"),
                free_memory_mb=given.get("free_memory_mb"),
                current_user=given.get("current_user", ""),
                address=request.META.get("REMOTE_ADDR", ""),
                profile=given.get("profile"),
            ),
            acknowledged=given.get("acknowledged", []),
            known_session_id=given.get("session_id"),
        )
        if answer is None:
            raise AuthenticationFailed(TOKEN_REFUSED)
        return Response(
            {
                "server_time": timezone.localtime(answer.now),
                "rules_version": answer.rules_version,
                "session": session_state(answer.session, answer.now) if answer.session else None,
                "instructions": answer.instructions,
            }
        )


def _refused(refusal: SignInRefused) -> Response:
    return Response(
        {"reason": refusal.reason, "detail": refusal.detail}, status=status.HTTP_400_BAD_REQUEST
    )


class SignInView(KioskView):
    @extend_schema(
        request=s.SignInSerializer,
        responses={201: s.SignedInSerializer, 400: s.RefusalSerializer},
        summary="Sign a person in: the session starts with the minutes granted",
    )
    def post(self, request):
        data = s.SignInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        try:
            session = kiosk_sign_in(
                computer=self.computer,
                person_code=given["person"],
                pin=given.get("pin", ""),
                client_id=given.get("id"),
            )
        except SignInRefused as refusal:
            return _refused(refusal)
        return Response(
            {
                "session": session_state(session),
                "warning_minutes": warning_minutes(rules_of(self.computer.site)),
            },
            status=status.HTTP_201_CREATED,
        )


class GuestView(KioskView):
    @extend_schema(
        request=None,
        responses={201: s.GuestAnswerSerializer},
        summary="A guest registers at the kiosk (where the point allows it): a pass and its PIN",
    )
    def post(self, request):
        code, pin = guest_self_register(computer=self.computer)
        return Response({"code": code, "pin": pin}, status=status.HTTP_201_CREATED)


class SignOutView(KioskView):
    @extend_schema(
        request=s.SignOutSerializer,
        responses={200: s.SessionAnswerSerializer},
        summary="End the session: logout or time up",
    )
    def post(self, request):
        data = s.SignOutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        session = kiosk_sign_out(
            computer=self.computer,
            client_id=given["id"],
            reason=given["reason"],
            end=given.get("end"),
            pages=given["pages"],
        )
        return Response({"session": session_state(session)})


class SessionsUploadView(KioskView):
    @extend_schema(
        request=s.UploadSerializer,
        responses={200: s.UploadAnswerSerializer},
        summary="Upload the sessions the kiosk recorded offline (idempotent by id)",
    )
    def post(self, request):
        data = s.UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = kiosk_sessions_upload(
            computer=self.computer,
            client_time=data.validated_data["client_time"],
            sessions=data.validated_data["sessions"],
        )
        return Response(
            {"accepted": result.accepted, "already": result.already, "rejected": result.rejected}
        )
