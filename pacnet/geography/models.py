"""Administrative units that change over time, and the access points (Site) placed in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]*$",
    _("Use capital letters A–Z, digits and hyphens, e.g. X-DAKLAO."),
)


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district")
        COMMUNE = "commune", _("commune")
        WARD = "ward", _("ward")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor units"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitParentage(models.Model):
    """Which unit a unit belonged to, and when: the hierarchy of any date is rebuilt from these."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="parentages"
    )
    parent = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="child_parentages"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit parentage")
        ordering = ["unit", models.F("valid_from").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=models.F("parent")), name="parentage_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} ⊂ {self.parent.code}"


class Site(models.Model):
    """An access point (điểm truy nhập Internet công cộng) hosted by a library."""

    class Kind(models.TextChoices):
        PROVINCIAL_LIBRARY = "provincial_library", _("provincial library")
        DISTRICT_LIBRARY = "district_library", _("district library")
        COMMUNE_LIBRARY = "commune_library", _("commune library")
        OTHER = "other", _("other")

    class Origin(models.TextChoices):
        BMGF_VN = "bmgf_vn", _("BMGF-VN project")
        REPLICATED = "replicated", _("replicated later")

    class Status(models.TextChoices):
        PLANNED = "planned", _("not yet open")
        OPEN = "open", _("open")
        SUSPENDED = "suspended", _("temporarily closed")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("access point")
        verbose_name_plural = _("access points")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="site_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class OpeningPeriod(models.Model):
    """A weekly period the point is open (pacnet.geography.hours); none at all: hours not set."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), validators=[MaxValueValidator(6)]
    )  # 0 = Monday
    opens = models.PositiveSmallIntegerField(_("opens"), validators=[MaxValueValidator(1440)])
    closes = models.PositiveSmallIntegerField(_("closes"), validators=[MaxValueValidator(1440)])

    class Meta:
        verbose_name = _("opening period")
        ordering = ["site", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")) & Q(closes__lte=1440) & Q(weekday__lte=6),
                name="opening_period_closes_after_opens",
            ),
            models.UniqueConstraint(
                fields=["site", "weekday", "opens"], name="one_opening_period_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.weekday} {self.opens}-{self.closes}"


class SitePlacement(models.Model):
    """The unit an access point belonged to over a period (its unit can change)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="placements"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement of an access point")
        ordering = ["site", models.F("valid_from").asc(nulls_first=True)]

    def __str__(self) -> str:
        return f"{self.site.code} @ {self.unit.code}"


class SiteSuspension(models.Model):
    """A period during which an open point did not serve the public."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="suspensions")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("temporary closure")
        verbose_name_plural = _("temporary closures")
        ordering = ["site", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="suspension_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.start}–{self.end or ''}"


class SiteStaff(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="staff")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(pgettext_lazy("job", "position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    part_time = models.BooleanField(_("part-time"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pacnet account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_roles",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["site", "full_name"]

    def __str__(self) -> str:
        return self.full_name
