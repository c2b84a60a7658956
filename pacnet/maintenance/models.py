"""Preventive maintenance (bảo trì định kỳ): plans with their checklists, and visits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment


class MaintenancePlan(models.Model):
    """Regular upkeep of one kind of item, every so many months, following a checklist."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of item"), max_length=12, choices=Equipment.Kind.choices)
    interval_months = models.PositiveSmallIntegerField(
        _("every (months)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    active = models.BooleanField(_("in use"), default=True)
    # A point never visited is first due one interval after this day (or after it opened).
    created_on = models.DateField(_("created on"))

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MaintenanceTask(models.Model):
    """One line of a plan's checklist; a line taken off a plan that was used stays, retired."""

    plan = models.ForeignKey(MaintenancePlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    text = models.CharField(_("task"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("maintenance task")
        verbose_name_plural = _("maintenance tasks")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class MaintenanceVisit(models.Model):
    """A visit to a point following a plan: the items covered and the checklist as ticked."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("access point"),
        on_delete=models.PROTECT,
        related_name="maintenance_visits",
    )
    plan = models.ForeignKey(
        MaintenancePlan,
        verbose_name=_("maintenance plan"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visit date"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_by_name = models.CharField(_("done by"), max_length=200, blank=True)
    items = models.ManyToManyField(
        Equipment, verbose_name=_("items covered"), related_name="maintenance_visits"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance visit")
        verbose_name_plural = _("maintenance visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "plan", "visited_on"], name="one_maintenance_visit_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.code} {self.plan.name} {self.visited_on}"


class TaskOutcome(models.TextChoices):
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class MaintenanceTaskResult(models.Model):
    visit = models.ForeignKey(MaintenanceVisit, on_delete=models.CASCADE, related_name="results")
    task = models.ForeignKey(MaintenanceTask, on_delete=models.PROTECT, related_name="results")
    outcome = models.CharField(_("outcome"), max_length=16, choices=TaskOutcome.choices)

    class Meta:
        verbose_name = _("task result")
        verbose_name_plural = _("task results")
        ordering = ["visit", "task__position", "task__pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "task"], name="one_result_per_visit_task")
        ]

    def __str__(self) -> str:
        return f"{self.task.text}: {self.outcome}"

    @property
    def scope_site(self):
        return self.visit.site
