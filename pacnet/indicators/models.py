"""The rollups the indicators read (the plans they are judged against are in pacnet.plans).

The rollups are derived from usage.Session and usage.ManualTally by
`pacnet.usage.rollups`, which every usage write calls explicitly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site


class Visit(models.Model):
    """Rollup: one person using one point on one local day (several sessions are one visit)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # "p<patron id>" or "g<guest pass id>": one key per person, for exact distinct users.
    person_key = models.CharField(max_length=24)
    patron = models.ForeignKey(
        "usage.Patron", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sessions = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("visit")
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "person_key"], name="one_visit_per_day")
        ]
        indexes = [
            models.Index(fields=["day", "site"], name="visit_day_site_idx"),
            models.Index(fields=["person_key", "day"], name="visit_person_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_key}@{self.site_id} {self.day}"


class SiteDay(models.Model):
    """Rollup: a point's usage on one local day, sessions and paper tallies side by side."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sessions = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    tally_visits = models.PositiveIntegerField(default=0)
    tally_users = models.PositiveIntegerField(default=0)
    pages_printed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("usage of a point on a day")
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="one_rollup_per_point_day")
        ]
        indexes = [models.Index(fields=["day", "site"], name="siteday_day_site_idx")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}"


class ServiceDay(models.Model):
    """Rollup: sessions of a point on one local day by service used (empty: not recorded)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    service = models.CharField(max_length=40, blank=True)
    sessions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sessions of a point on a day by service")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "service"], name="one_rollup_per_point_day_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day} {self.service}"


class SiteMonth(models.Model):
    """Rollup: a point's usage in one calendar month, derived from SiteDay and Visit."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    sessions = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    tally_visits = models.PositiveIntegerField(default=0)
    tally_users = models.PositiveIntegerField(default=0)
    pages_printed = models.PositiveIntegerField(default=0)
    days_with_visit = models.PositiveSmallIntegerField(default=0)  # recorded or tallied
    persons = models.PositiveIntegerField(default=0)  # distinct persons at the point

    class Meta:
        verbose_name = _("usage of a point in a month")
        constraints = [
            models.UniqueConstraint(fields=["site", "month"], name="one_rollup_per_point_month")
        ]
        indexes = [models.Index(fields=["month", "site"], name="sitemonth_month_site_idx")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.month:%Y-%m}"


class SiteYear(models.Model):
    """Rollup: a point's distinct persons in a year, and a version bumped by every refresh.

    The versions are the fill marker of SiteSetYear: a cached figure set is current while
    the count and sum of its points' versions are those it was computed from.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    persons = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("usage of a point in a year")
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_rollup_per_point_year")
        ]
        indexes = [models.Index(fields=["year", "site"], name="siteyear_year_site_idx")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.year}"


class SiteSetYear(models.Model):
    """Cache: the monthly figures of a set of points for a year, distinct users exact.

    Distinct users cannot be summed across points, so a scope's are counted once from Visit
    and kept here until one of its points' usage changes (see `marker`).
    """

    sites_key = models.CharField(max_length=64)  # sha256 of the sorted point ids
    year = models.PositiveSmallIntegerField()
    marker = models.CharField(max_length=64)  # "<count>:<sum of versions>" of its SiteYear rows
    months = models.JSONField()  # 12 × {sessions, visits, users, persons_to_date, tally_to_date}
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figures of a set of points in a year")
        constraints = [
            models.UniqueConstraint(fields=["sites_key", "year"], name="one_cache_per_set_year")
        ]

    def __str__(self) -> str:
        return f"{self.sites_key[:8]} {self.year}"
