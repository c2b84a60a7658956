"""The public computers running their own sessions: the point's rules, the kiosks' credentials
and presence, staff instructions, reservations and the waiting queue, and print jobs.

Sessions themselves are usage's (`usage.Session`): a kiosk session is the same record as one a
librarian types in, so the indicators count them alike.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment

DAY_MINUTES = 24 * 60


class KioskRules(models.Model):
    """How the point's kiosks grant time; a point with no row has the defaults below."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="kiosk_rules")
    session_minutes = models.PositiveSmallIntegerField(
        _("session allowance (minutes)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(DAY_MINUTES)],
    )
    daily_minutes = models.PositiveSmallIntegerField(
        _("daily allowance (minutes)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(DAY_MINUTES)],
    )
    guest_session_minutes = models.PositiveSmallIntegerField(
        _("guest session allowance (minutes)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(DAY_MINUTES)],
    )
    guest_daily_minutes = models.PositiveSmallIntegerField(
        _("guest daily allowance (minutes)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(DAY_MINUTES)],
    )
    pin_required = models.BooleanField(_("PIN required"), default=False)
    guest_self_registration = models.BooleanField(
        _("guests may register themselves"), default=False
    )
    # Minutes before the end at which the kiosk warns, largest first, e.g. "5,1".
    warning_minutes = models.CharField(
        _("warnings (minutes before the end)"), max_length=40, default="5,1"
    )
    # "Name: value" that Libki clients of this point must send; empty: none.
    client_header = models.CharField(_("required client header"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kiosk rules")
        verbose_name_plural = _("kiosk rules")

    def __str__(self) -> str:
        return self.site.code


class KioskClosure(models.Model):
    """Dated days the kiosks refuse sign-ins (a holiday, a meeting in the reading room)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="kiosk_closures")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["site", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="kiosk_closure_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.start}–{self.end}"

    @property
    def scope_site(self):
        return self.site


class EnrolmentCode(models.Model):
    """A one-time code staff give a computer so that its kiosk can obtain a token."""

    computer = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the code
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment code")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.computer.code} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def scope_site(self):
        return self.computer.site


class KioskToken(models.Model):
    """The bearer token of an enrolled kiosk: one in force per computer, revocable."""

    computer = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="kiosk_tokens")
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the token
    host_name = models.CharField(_("host name"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk token")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["computer"],
                condition=Q(revoked_at__isnull=True),
                name="one_token_in_force_per_computer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.computer.code} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def scope_site(self):
        return self.computer.site


class Protocol(models.TextChoices):
    PACNET = "pacnet", _("pacnet kiosk")
    LIBKI = "libki", _("Libki client")


class ComputerPresence(models.Model):
    """What the computer's last heartbeat said; online means seen within the silence setting."""

    computer = models.OneToOneField(Equipment, on_delete=models.CASCADE, related_name="presence")
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    last_seen = models.DateTimeField(_("last seen"))
    client_version = models.CharField(_("client version"), max_length=40, blank=True)
    uptime_seconds = models.PositiveBigIntegerField(_("uptime (s)"), null=True, blank=True)
    free_disk_mb = models.PositiveBigIntegerField(_("free disk (MB)"), null=True, blank=True)
    free_memory_mb = models.PositiveBigIntegerField(_("free memory (MB)"), null=True, blank=True)
    current_user = models.CharField(_("user signed in"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    # SHA-256 of the last profile sent: the profile is written only when it changes.
    profile_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("computer presence")

    def __str__(self) -> str:
        return f"{self.computer.code} {self.last_seen:%Y-%m-%d %H:%M}"

    @property
    def scope_site(self):
        return self.computer.site


class LibkiNode(models.Model):
    """A Libki client that registered; it starts sessions only once linked to a computer."""

    name = models.CharField(_("node name"), max_length=120, unique=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.CASCADE, related_name="libki_nodes"
    )
    computer = models.OneToOneField(
        Equipment, null=True, blank=True, on_delete=models.SET_NULL, related_name="libki_node"
    )
    address = models.CharField(_("address"), max_length=64, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("Libki node")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_site(self):
        return self.site


class Instruction(models.Model):
    """A staff message or one-shot command for a computer, delivered exactly once."""

    class Kind(models.TextChoices):
        MESSAGE = "message", pgettext_lazy("kiosk instruction", "message")
        LOCK = "lock", pgettext_lazy("kiosk instruction", "lock")
        LOGOUT = "logout", pgettext_lazy("kiosk instruction", "log out")
        RESTART = "restart", pgettext_lazy("kiosk instruction", "restart")
        SHUTDOWN = "shutdown", pgettext_lazy("kiosk instruction", "shut down")

    computer = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="instructions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instruction to a computer")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["computer"],
                condition=Q(delivered_at__isnull=True),
                name="instruction_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.computer.code} {self.kind}"

    @property
    def scope_site(self):
        return self.computer.site


class Reservation(models.Model):
    """A person waiting at the point, or a computer booked from a time.

    A queue entry (no `starts_at`) waits for a free computer; when one is offered it is held
    for that person until `held_until`. A booking holds its computer from `starts_at`.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("computer offered")
        SEATED = "seated", _("seated")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("did not come")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="reservations")
    label = models.CharField(_("name or number"), max_length=80)
    # A card or guest pass code: when set, only that person may sign in on the held computer.
    person_code = models.CharField(_("card or guest pass"), max_length=40, blank=True)
    computer = models.ForeignKey(
        Equipment, null=True, blank=True, on_delete=models.CASCADE, related_name="reservations"
    )
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="waiting")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["site", "created_at", "id"]
        # The queue's check at each heartbeat reads the few entries still waiting or held.
        indexes = [
            models.Index(
                fields=["site"],
                condition=Q(status__in=["waiting", "offered"]),
                name="reservation_active_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.label}"

    @property
    def scope_site(self):
        return self.site


class PrintJob(models.Model):
    """A document a kiosk sent to the point's printer; staff release or cancel it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for release")
        RELEASED = "released", _("released")
        CANCELLED = "cancelled", _("cancelled")

    computer = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="print_jobs")
    session = models.ForeignKey(
        "usage.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="print_jobs"
    )
    person_code = models.CharField(_("card or guest pass"), max_length=40, blank=True)
    printer = models.CharField(_("printer"), max_length=120, blank=True)
    file_name = models.CharField(_("document"), max_length=200, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="pending")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.computer.code} {self.file_name}"

    @property
    def scope_site(self):
        return self.computer.site
