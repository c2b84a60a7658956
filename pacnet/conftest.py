"""Fixtures shared by every app's tests."""

import pytest

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.dashboard.demo import demo_network_load
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


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served by WhiteNoise as in production."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    # Django's static handler finds files by their source name, not by the hashed one.
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()
