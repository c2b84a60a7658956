"""Equipment at the access points and its dated status history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site, code_validator


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

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")
        ordering = ["code"]
        indexes = [models.Index(fields=["site", "kind"], name="equipment_site_kind_idx")]

    def __str__(self) -> str:
        return self.code


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
