"""Shapes of the kiosk API (docs/kiosk.md): they check types; the services check the rules."""

from rest_framework import serializers

from pacnet.inventory.models import ComputerProfile


class EnrolSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The one-time code staff created.")
    name = serializers.CharField(max_length=120, help_text="The computer's host name.")


class EnrolledSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Bearer <token>`.")
    computer = serializers.CharField(help_text="The computer's equipment code.")
    point = serializers.CharField(help_text="The access point's code.")


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComputerProfile
        fields = [
            "cpu",
            "ram_mb",
            "disk_gb",
            "os",
            "os_version",
            "office_suite",
            "antivirus",
            "accessibility_tools",
        ]
        extra_kwargs = {name: {"required": False} for name in fields}


class HeartbeatSerializer(serializers.Serializer):
    client_version = serializers.CharField(max_length=40, required=False, allow_blank=True)
    uptime_seconds = serializers.IntegerField(min_value=0, max_value=10**10, required=False)
    free_disk_mb = serializers.IntegerField(min_value=0, max_value=10**12, required=False)
    free_memory_mb = serializers.IntegerField(min_value=0, max_value=10**12, required=False)
    current_user = serializers.CharField(max_length=40, required=False, allow_blank=True)
    profile = ProfileSerializer(required=False)
    session_id = serializers.UUIDField(
        required=False, help_text="The session the kiosk believes is running, if any."
    )
    acknowledged = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        max_length=100,
        required=False,
        help_text="Ids of instructions carried out since the last heartbeat.",
    )


class SessionStateSerializer(serializers.Serializer):
    id = serializers.CharField()
    person = serializers.CharField()
    person_kind = serializers.ChoiceField(choices=["patron", "guest"])
    start = serializers.DateTimeField()
    minutes_allowed = serializers.IntegerField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    minutes_left = serializers.IntegerField(allow_null=True)
    seconds_left = serializers.IntegerField()
    ended = serializers.CharField(allow_null=True, help_text="How it ended; null while it runs.")


class InstructionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["message", "lock", "logout", "restart", "shutdown"])
    text = serializers.CharField(allow_blank=True)


class HeartbeatAnswerSerializer(serializers.Serializer):
    server_time = serializers.DateTimeField()
    rules_version = serializers.CharField()
    session = SessionStateSerializer(allow_null=True)
    instructions = InstructionSerializer(many=True)


class SignInSerializer(serializers.Serializer):
    id = serializers.UUIDField(required=False, help_text="A UUID the kiosk made for the session.")
    person = serializers.CharField(max_length=40, help_text="Card number or guest pass code.")
    pin = serializers.CharField(max_length=8, required=False, allow_blank=True)


class SignedInSerializer(serializers.Serializer):
    session = SessionStateSerializer()
    warning_minutes = serializers.ListField(child=serializers.IntegerField())


class RefusalSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="BAD_LOGIN, PIN_REQUIRED, LOCKED, NO_TIME, ...")
    detail = serializers.CharField()


class SignOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reason = serializers.ChoiceField(choices=["logout", "time_up"], default="logout")
    end = serializers.DateTimeField(required=False)
    pages = serializers.IntegerField(min_value=0, max_value=1000, default=0)


class SessionAnswerSerializer(serializers.Serializer):
    session = SessionStateSerializer()


class UploadSerializer(serializers.Serializer):
    client_time = serializers.DateTimeField(help_text="The kiosk's clock now, with its offset.")
    sessions = serializers.ListField(
        child=serializers.JSONField(),
        allow_empty=True,
        help_text="Each {id, person, person_kind, start, end, pages}; at most 5000.",
    )


class RejectedSerializer(serializers.Serializer):
    id = serializers.JSONField()
    errors = serializers.DictField(child=serializers.CharField())


class UploadAnswerSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.CharField())
    already = serializers.ListField(child=serializers.CharField())
    rejected = RejectedSerializer(many=True)


class GuestAnswerSerializer(serializers.Serializer):
    code = serializers.CharField()
    pin = serializers.CharField()
