"""Plans in force over a period, with their targets and thresholds: entered as data."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RATIO = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Plan(models.Model):
    """A plan in force over a period: entered as data, so the next plan needs no code change."""

    # Targets and thresholds a plan may set, in the order they are shown; BRIEF.md's values
    # are the defaults.
    SETTINGS = (
        "users_growth_min",
        "visits_growth_min",
        "visits_growth_max",
        "effective_share_min",
        "effective_share_max",
        "days_with_visit_min",
        "working_ratio_min",
        "effective_months_share",
    )
    # Shares and growths are stored as fractions; forms and the audit trail show percents.
    AUDIT_AS_PERCENT = (
        "users_growth_min",
        "visits_growth_min",
        "visits_growth_max",
        "effective_share_min",
        "effective_share_max",
        "working_ratio_min",
        "effective_months_share",
    )

    name = models.CharField(_("name"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    start = models.DateField(pgettext_lazy("period", "start"))
    end = models.DateField(pgettext_lazy("period", "end"))
    users_growth_min = models.DecimalField(
        _("yearly users growth target (at least)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.03"),
    )
    visits_growth_min = models.DecimalField(
        _("yearly visits growth target (from)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.05"),
    )
    visits_growth_max = models.DecimalField(
        _("yearly visits growth target (to)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.07"),
    )
    effective_share_min = models.DecimalField(
        _("share of effective points (from)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.80"),
        validators=RATIO,
    )
    effective_share_max = models.DecimalField(
        _("share of effective points (to)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("1.00"),
        validators=RATIO,
    )
    days_with_visit_min = models.PositiveSmallIntegerField(
        _("days with a visit per month (at least)"),
        default=15,
        validators=[MaxValueValidator(31)],
    )
    working_ratio_min = models.DecimalField(
        _("share of computers in working order (at least)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.60"),
        validators=RATIO,
    )
    effective_months_share = models.DecimalField(
        _("share of counted months that must be effective"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.75"),
        validators=RATIO,
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="plan_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(visits_growth_max__gte=models.F("visits_growth_min")),
                name="plan_visits_growth_range",
            ),
            models.CheckConstraint(
                condition=Q(effective_share_max__gte=models.F("effective_share_min")),
                name="plan_effective_share_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name
