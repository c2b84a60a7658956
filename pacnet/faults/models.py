"""Faults reported on equipment (or on a point's line or power), their timeline, and repairs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment


class FaultStatus(models.TextChoices):
    REPORTED = "reported", _("reported")
    ASSIGNED = "assigned", _("assigned")
    IN_REPAIR = "in_repair", _("in repair")
    FIXED = "fixed", _("fixed")
    REPLACED = "replaced", _("replaced")
    WRITTEN_OFF = "written_off", _("written off")


OPEN_STATUSES = (FaultStatus.REPORTED, FaultStatus.ASSIGNED, FaultStatus.IN_REPAIR)
CLOSED_STATUSES = (FaultStatus.FIXED, FaultStatus.REPLACED, FaultStatus.WRITTEN_OFF)

# Which statuses a fault may move to from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    FaultStatus.REPORTED: frozenset({FaultStatus.ASSIGNED}),
    FaultStatus.ASSIGNED: frozenset(
        {FaultStatus.ASSIGNED, FaultStatus.IN_REPAIR, *CLOSED_STATUSES}
    ),
    FaultStatus.IN_REPAIR: frozenset(CLOSED_STATUSES),
    FaultStatus.FIXED: frozenset(),
    FaultStatus.REPLACED: frozenset(),
    FaultStatus.WRITTEN_OFF: frozenset(),
}


class Fault(models.Model):
    class Category(models.TextChoices):
        HARDWARE = "hardware", _("hardware")
        SOFTWARE = "software", _("software")
        INTERNET_LINE = "internet_line", _("Internet line")
        POWER = "power", _("power")

    class Source(models.TextChoices):
        PERSON = "person", _("reported by a person")
        AUTOMATIC = "automatic", _("raised automatically")

    class Rule(models.TextChoices):
        """Which automatic rule raised the fault (none for a person's report)."""

        NONE = "", _("none")
        SILENT_COMPUTER = "silent_computer", _("computer silent")
        LINE_OUTAGE = "line_outage", _("line outage")

    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.PROTECT, related_name="faults"
    )
    # None: the point itself (a dead Internet line, a power cut) with no item to blame.
    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment item"),
        on_delete=models.PROTECT,
        related_name="faults",
        null=True,
        blank=True,
    )
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    description = models.TextField(_("what happened"), max_length=2000)
    photo = models.ImageField(_("photo"), upload_to="faults/%Y/%m/", blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PERSON
    )
    rule = models.CharField(
        _("automatic rule"), max_length=20, choices=Rule.choices, blank=True, default=""
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FaultStatus.choices, default=FaultStatus.REPORTED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_faults",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The item that took the place of a replaced one.
    replacement = models.ForeignKey(
        Equipment,
        verbose_name=_("replacement item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fault")
        verbose_name_plural = _("faults")
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["site", "status"], name="fault_site_status_idx")]
        constraints = [
            # The automatic rules raise a fault once while it is open (the services check first).
            models.UniqueConstraint(
                fields=["equipment", "rule"],
                condition=Q(rule="silent_computer", status__in=OPEN_STATUSES),
                name="one_open_silent_fault_per_item",
            ),
            models.UniqueConstraint(
                fields=["site", "rule"],
                condition=Q(rule="line_outage", status__in=OPEN_STATUSES),
                name="one_open_outage_fault_per_point",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.equipment.code if self.equipment_id else self.site.code}"

    @property
    def scope_site(self) -> Site:
        return self.site

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class FaultEvent(models.Model):
    """One step of a fault's timeline: who moved it to which status, when, and why."""

    fault = models.ForeignKey(Fault, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=12, choices=FaultStatus.choices)
    from_status = models.CharField(
        _("previous status"), max_length=12, choices=FaultStatus.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fault event")
        verbose_name_plural = _("fault events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.fault_id} {self.status} {self.at:%Y-%m-%d}"

    @property
    def scope_site(self) -> Site:
        return self.fault.site


class Repair(models.Model):
    """A repair, replacement or upgrade, on a fault or on its own (e.g. a planned upgrade)."""

    class Kind(models.TextChoices):
        REPAIR = "repair", _("repair")
        REPLACEMENT = "replacement", _("replacement")
        UPGRADE_HARDWARE = "upgrade_hardware", _("hardware upgrade")
        UPGRADE_SOFTWARE = "upgrade_software", _("software upgrade")

    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.PROTECT, related_name="repairs"
    )
    fault = models.ForeignKey(
        Fault,
        verbose_name=_("fault"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    done_on = models.DateField(_("date"))
    done_by = models.CharField(_("done by"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    parts = models.CharField(_("parts"), max_length=500, blank=True)
    # Whole đồng, like every sum in pacnet.
    cost = models.PositiveBigIntegerField(_("cost (VND)"), null=True, blank=True)
    under_warranty = models.BooleanField(_("under warranty"), default=False)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    # The profile fields an upgrade set (as given to computer_profile_update).
    profile_changes = models.JSONField(_("profile changes"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("repair")
        verbose_name_plural = _("repairs")
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        target = self.equipment.code if self.equipment_id else self.site.code
        return f"{target} {self.kind} {self.done_on}"

    @property
    def scope_site(self) -> Site:
        return self.site
