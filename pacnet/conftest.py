"""Fixtures shared by every app's tests."""

import pytest

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.demo import demo_network_load
from pacnet.geography.models import AdministrativeUnit, Site


@pytest.fixture
def demo_network(db):
    """The 18-point Đắk Nông network of BRIEF.md, with its 2025 reform history."""
    demo_network_load()


@pytest.fixture
def province_admin(demo_network):
    return UserFactory(
        username="tinh",
        role=Role.PROVINCE_ADMIN,
        scope_units=[AdministrativeUnit.objects.get(code="LDG")],
    )


@pytest.fixture
def daklao_staff(demo_network):
    return UserFactory(
        username="daklao", role=Role.POINT_STAFF, scope_sites=[Site.objects.get(code="X-DAKLAO")]
    )


@pytest.fixture
def krongno_inspector(demo_network):
    """An inspector of a district that no longer exists: sees its points' history only."""
    return UserFactory(
        username="krongno",
        role=Role.INSPECTOR,
        scope_units=[AdministrativeUnit.objects.get(code="DNO-KRONGNO")],
    )
