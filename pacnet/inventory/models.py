"""Equipment at the access points: the register, its dated status history, computer profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site, code_validator


class FundingSource(models.TextChoices):
    """Where the money came from (plan section V, and the BMGF-VN project before it)."""

    BMGF_VN = "bmgf_vn", _("BMGF-VN project")
    STATE_BUDGET = "state_budget", _("state budget")
    NATIONAL_TARGET_PROGRAMME = "national_target_programme", _("national target programme")
    DONOR = "donor", _("donor")
    OTHER = "other", _("other")


class Equipment(models.Model):
    class Kind(models.TextChoices):
        COMPUTER = "computer", _("computer")
        PRINTER = "printer", _("printer")
        USB_MODEM = "usb_modem", _("USB modem")
        ROUTER = "router", _("router")
        UPS = "ups", _("UPS")
        PROJECTOR = "projector", _("projector")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[code_validator])
    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.PROTECT, related_name="equipment"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    model = models.CharField(_("model"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=30, choices=FundingSource.choices, blank=True
    )
    # Vietnamese đồng have no minor unit: a whole number of VND.
    acquisition_cost = models.PositiveBigIntegerField(
        _("acquisition cost (VND)"), null=True, blank=True
    )
    warranty_ends_on = models.DateField(_("warranty ends on"), null=True, blank=True)
    end_of_life_on = models.DateField(_("expected end of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")
        ordering = ["code"]
        indexes = [models.Index(fields=["site", "kind"], name="equipment_site_kind_idx")]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        """Warranty and end of life cannot come before the item was acquired."""
        errors = {}
        for name in ("warranty_ends_on", "end_of_life_on"):
            day = getattr(self, name)
            if day and self.acquired_on and day < self.acquired_on:
                errors[name] = _("The date is before the item was acquired.")
        if errors:
            raise ValidationError(errors)


class EquipmentStatus(models.TextChoices):
    WORKING = "working", _("working")
    FAULTY = "faulty", _("faulty")
    UNDER_REPAIR = "under_repair", _("under repair")
    RETIRED = "retired", _("retired")


class EquipmentStatusChange(models.Model):
    """From `effective_on` on, the item is in `status` (until its next change)."""

    equipment = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=12, choices=EquipmentStatus.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["equipment", "-effective_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "effective_on"], name="one_status_change_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment.code} {self.status} {self.effective_on}"


class ComputerProfile(models.Model):
    """A computer's hardware and software, as last entered, imported or sent by its kiosk."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        IMPORT = "import", _("imported")
        KIOSK = "kiosk", _("sent by the kiosk")

    equipment = models.OneToOneField(
        Equipment, on_delete=models.CASCADE, related_name="profile", primary_key=True
    )
    cpu = models.CharField(_("processor"), max_length=120, blank=True)
    ram_mb = models.PositiveIntegerField(_("memory (MB)"), null=True, blank=True)
    disk_gb = models.PositiveIntegerField(_("disk (GB)"), null=True, blank=True)
    os = models.CharField(_("operating system"), max_length=80, blank=True)
    os_version = models.CharField(_("OS version"), max_length=80, blank=True)
    office_suite = models.CharField(_("office suite"), max_length=120, blank=True)
    antivirus = models.CharField(_("antivirus"), max_length=120, blank=True)
    accessibility_tools = models.CharField(_("accessibility tools"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("computer profile")
        verbose_name_plural = _("computer profiles")

    def __str__(self) -> str:
        return f"{self.equipment.code} {self.os} {self.os_version}".strip()

    @property
    def scope_site(self):
        """The permission service scopes a profile by its computer's point."""
        return self.equipment.site
