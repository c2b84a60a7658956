"""Validators shared by the forms, the API and the imports."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, line feed and carriage return, DEL and C1: never text; PostgreSQL
# refuses NUL in the middle of a write.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

no_control_characters = RegexValidator(
    CONTROL_CHARACTERS,
    message=_(
        "The value contains an invisible control character (such as NUL). Type it again without it."
    ),
    code="control_character",
    inverse_match=True,
)
