"""The services a session can be recorded under: a plain list until the catalogue comes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.TextChoices):
    WEB = "web", _("web browsing")
    EMAIL = "email", _("e-mail")
    E_GOVERNMENT = "e-government", _("e-government")
    LEARNING = "learning", _("learning")
    AGRICULTURE = "agriculture", _("agriculture")
    PRINT = "print", _("printing")
    OTHER = "other", _("other")


# The patron's groups, as Patron's boolean fields, in the order the form shows them.
PATRON_GROUPS = (
    "ethnic_minority",
    "farmer",
    "student",
    "poor_household",
    "disability",
    "elderly",
)
