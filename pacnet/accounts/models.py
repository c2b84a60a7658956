"""Users with one role and a scope: a subtree of administrative units, or a set of points."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("province administrator")
    LIBRARY_STAFF = "library_staff", _("provincial library staff")
    POINT_STAFF = "point_staff", _("access-point staff")
    FINANCE_OFFICER = "finance_officer", _("finance officer")
    INSPECTOR = "inspector", _("inspector (read-only)")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    scope_units = models.ManyToManyField(
        "geography.AdministrativeUnit",
        verbose_name=_("administrative units in scope"),
        blank=True,
        related_name="scoped_users",
        help_text=_("The user sees these units, every unit under them and their points."),
    )
    scope_sites = models.ManyToManyField(
        "geography.Site",
        verbose_name=_("access points in scope"),
        blank=True,
        related_name="scoped_users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = pgettext_lazy("user accounts", "users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
