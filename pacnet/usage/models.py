"""Who uses the public computers: patrons, guest passes, sessions and paper tallies.

Personal data is limited to what the indicators need (Decree 13/2023/NĐ-CP).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")


class Patron(models.Model):
    """A registered user with a library card; anonymised after the retention period."""

    card_number = models.CharField(_("card number"), max_length=40, unique=True)
    display_name = models.CharField(_("name or initials"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    farmer = models.BooleanField(_("farmer"), default=False)
    student = models.BooleanField(_("student"), default=False)
    poor_household = models.BooleanField(_("poor household"), default=False)
    disability = models.BooleanField(_("person with disability"), default=False)
    elderly = models.BooleanField(_("elderly"), default=False)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    registered_at = models.ForeignKey(
        Site,
        verbose_name=_("registered at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_patrons",
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    # The kiosk PIN, hashed (pacnet.usage.pins); empty: no PIN set.
    pin_hash = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = _("patron")
        verbose_name_plural = _("patrons")
        ordering = ["card_number"]

    def __str__(self) -> str:
        return self.card_number

    @property
    def scope_site(self):
        """Staff see the patrons registered at their points."""
        return self.registered_at


class GuestPassBatch(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="guest_pass_batches")
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("batch of guest passes")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.site.code} {self.issued_on}"


class GuestPass(models.Model):
    """A pass with no personal data: each pass counts as one person."""

    code = models.CharField(_("guest pass code"), max_length=40, unique=True)
    batch = models.ForeignKey(
        GuestPassBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="passes"
    )
    # The printed PIN, hashed; passes from before PINs (or imported) have none.
    pin_hash = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = _("guest pass")
        verbose_name_plural = _("guest passes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def scope_site(self):
        return self.batch.site if self.batch else None


class Session(models.Model):
    """One continuous use of one computer by one person; it belongs to the local day it starts."""

    class Source(models.TextChoices):
        STAFF = "staff", _("recorded by staff")
        IMPORT = "import", _("imported from a file")
        KIOSK = "kiosk", _("pacnet kiosk")
        LIBKI = "libki", _("Libki client")

    class EndReason(models.TextChoices):
        LOGOUT = "logout", _("logged out")
        TIME_UP = "time_up", _("time up")
        STAFF = "staff", _("ended by staff")
        SILENT = "silent", _("computer went silent")

    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.PROTECT, related_name="sessions"
    )
    computer = models.ForeignKey(
        Equipment, verbose_name=_("computer"), on_delete=models.PROTECT, related_name="sessions"
    )
    patron = models.ForeignKey(
        Patron, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    guest_pass = models.ForeignKey(
        GuestPass, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    # The local (Asia/Ho_Chi_Minh) day of `start`, kept for indexes and the daily rollups.
    day = models.DateField(_("day"), db_index=True)
    service = models.CharField(_("service used"), max_length=40, blank=True)
    pages_printed = models.PositiveIntegerField(_("pages printed"), default=0)
    source = models.CharField(
        _("recorded by"), max_length=8, choices=Source.choices, default="staff", db_default="staff"
    )
    # The UUID a kiosk made for the session: an upload sent twice is one session.
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    # Minutes the kiosk granted, extensions included; the end is start + this (no countdown job).
    minutes_allowed = models.PositiveIntegerField(_("minutes allowed"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=8, choices=EndReason.choices, blank=True, db_default=""
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["computer", "start"], name="one_session_start_per_pc"),
            models.CheckConstraint(
                condition=Q(patron__isnull=False, guest_pass__isnull=True)
                | Q(patron__isnull=True, guest_pass__isnull=False),
                name="session_has_one_person",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["site", "day"], name="session_site_day_idx"),
            # The session running on a computer, asked at each kiosk heartbeat: years of
            # ended sessions are not walked through.
            models.Index(
                fields=["computer"], condition=Q(end__isnull=True), name="session_running_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.computer.code} {self.start:%Y-%m-%d %H:%M}"


class ManualTally(models.Model):
    """A day's paper count at a point without a kiosk: visits and users are added as they are."""

    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.PROTECT, related_name="tallies"
    )
    day = models.DateField(_("day"))
    visits = models.PositiveIntegerField(_("visits"))
    users = models.PositiveIntegerField(_("users"))

    class Meta:
        verbose_name = _("manual tally")
        verbose_name_plural = _("manual tallies")
        ordering = ["site", "day"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="one_tally_per_point_day"),
            models.CheckConstraint(
                condition=Q(users__lte=models.F("visits")), name="tally_users_not_above_visits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.day}"
