"""Fixtures of the alert tests: a fixed day, the recipients, e-mail kept in memory."""

import datetime as dt

import pytest

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.models import AdministrativeUnit, Site

TODAY = dt.date(2024, 5, 15)


@pytest.fixture(autouse=True)
def mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def technician(demo_network):
    return UserFactory(
        username="thuvien",
        email="thuvien@example.org",
        role=Role.LIBRARY_STAFF,
        scope_units=[AdministrativeUnit.objects.get(code="LDG")],
    )


@pytest.fixture
def recipients(demo_network, technician):
    """Who gets alerts by e-mail, and an inspector and a mail-less admin who do not."""
    ldg = AdministrativeUnit.objects.get(code="LDG")
    return {
        "tinh": UserFactory(
            username="tinh", email="tinh@example.org", role=Role.PROVINCE_ADMIN, scope_units=[ldg]
        ),
        "thuvien": technician,
        "daklao": UserFactory(
            username="daklao",
            email="daklao@example.org",
            role=Role.POINT_STAFF,
            scope_sites=[Site.objects.get(code="X-DAKLAO")],
        ),
        "thanhtra": UserFactory(
            username="thanhtra",
            email="thanhtra@example.org",
            role=Role.INSPECTOR,
            scope_units=[ldg],
        ),
        "nomail": UserFactory(username="nomail", role=Role.PROVINCE_ADMIN, scope_units=[ldg]),
    }
