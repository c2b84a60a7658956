"""Alerts about a point's equipment, raised and resolved by `alerts_refresh`, e-mailed once.

The message is stored language-neutral, like the audit trail: an English message id and its
parameters (dates ISO, ratios as fractions); `Alert.text` translates it for the reader.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pacnet.geography.models import Site


class Alert(models.Model):
    class Kind(models.TextChoices):
        WARRANTY_ENDING = "warranty_ending", _("warranty ending within 90 days")
        END_OF_LIFE = "end_of_life", _("computer past its end of life")
        FAULT_OPEN = "fault_open", _("fault open more than 30 days")
        MAINTENANCE_OVERDUE = "maintenance_overdue", _("maintenance overdue")
        LOW_WORKING_RATIO = "low_working_ratio", _("too few computers working")
        LINE_AVAILABILITY = "line_availability", _("Internet line often down")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    site = models.ForeignKey(
        Site, verbose_name=_("access point"), on_delete=models.CASCADE, related_name="alerts"
    )
    # What the alert is about, e.g. "warranty:<item id>:<warranty date>": raised once per kind.
    subject_key = models.CharField(_("subject"), max_length=120)
    message = models.CharField(_("message"), max_length=300)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_key"], name="one_alert_per_subject")
        ]
        indexes = [models.Index(fields=["resolved_on", "site"], name="alert_open_site_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_key}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def text(self) -> str:
        from pacnet.alerts.messages import alert_text

        return alert_text(self.message, self.params)


class AlertDelivery(models.Model):
    """An alert e-mailed to one user: nobody gets the same alert twice, even after a retry."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("alert e-mail")
        verbose_name_plural = _("alert e-mails")
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="one_delivery_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.user_id}"

    @property
    def scope_site(self) -> Site:
        return self.alert.site
