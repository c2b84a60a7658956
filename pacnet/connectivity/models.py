"""The points' Internet lines (contracts) and the outages recorded on them."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site


class InternetLine(models.Model):
    """A point's Internet contract: provider, bandwidth, fee and the period it covers."""

    class Provider(models.TextChoices):
        VIETTEL = "Viettel", "Viettel"
        VNPT = "VNPT", "VNPT"
        FPT = "FPT", "FPT"
        OTHER = "other", _("other provider")

    class Status(models.TextChoices):
        ACTIVE = "active", _("in service")
        SUSPENDED = "suspended", _("suspended")
        ENDED = "ended", _("contract ended")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="internet_lines")
    provider = models.CharField(_("provider"), max_length=100, choices=Provider.choices)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    bandwidth_mbps = models.DecimalField(
        _("download (Mbit/s)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    upload_mbps = models.DecimalField(
        _("upload (Mbit/s)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    monthly_fee = models.DecimalField(
        _("monthly fee (VND)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)]
    )
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The contract period: availability is measured inside it only.
    active_from = models.DateField(_("contract start"), null=True, blank=True)
    active_to = models.DateField(_("contract end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("Internet line")
        verbose_name_plural = _("Internet lines")
        ordering = ["site", "-active_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="line_contract_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.bandwidth_mbps} Mbit/s"

    @property
    def scope_site(self) -> Site:
        return self.site

    @property
    def fee_after_discount(self) -> int:
        """The fee actually paid each month, in whole dong: fee × (1 − discount)."""
        paid = Decimal(self.monthly_fee) * (100 - Decimal(self.discount_percent)) / 100
        return int(paid.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def download_kbps(self) -> int:
        return int(Decimal(self.bandwidth_mbps) * 1000)

    @property
    def upload_kbps(self) -> int | None:
        return None if self.upload_mbps is None else int(Decimal(self.upload_mbps) * 1000)

    def in_contract_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class LineOutage(models.Model):
    """A period during which a point's Internet line was down; no end while it still is."""

    class Cause(models.TextChoices):
        UNKNOWN = "unknown", _("not known")
        POWER = "power", _("power cut")
        CABLE = "cable", _("cable cut or damaged")
        PROVIDER = "provider", _("provider's network")
        EQUIPMENT = "equipment", _("modem or router")
        WEATHER = "weather", _("storm or flood")
        OTHER = "other", _("other cause")

    line = models.ForeignKey(InternetLine, on_delete=models.CASCADE, related_name="outages")
    start = models.DateTimeField(_("line down at"))
    end = models.DateTimeField(_("line back at"), null=True, blank=True)
    cause = models.CharField(
        _("cause"), max_length=12, choices=Cause.choices, default=Cause.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("line outage")
        verbose_name_plural = _("line outages")
        ordering = ["line", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="outage_end_after_start",
            ),
            models.UniqueConstraint(fields=["line", "start"], name="outage_line_start_unique"),
            models.UniqueConstraint(
                fields=["line"], condition=Q(end__isnull=True), name="one_open_outage_per_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line.site.code} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    @property
    def scope_site(self) -> Site:
        return self.line.site
