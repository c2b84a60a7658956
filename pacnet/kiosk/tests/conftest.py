import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.kiosk.services.computers import computer_enrol, enrolment_code_create
from pacnet.usage.models import Patron
from pacnet.usage.pins import pin_hash

LOCAL = timezone.get_default_timezone()


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Sign-in failure counters and the rules' version live in the cache: none carried over."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def point(db):
    """A commune point X-KIOSK with two working computers X-KIOSK-PC01 and X-KIOSK-PC02."""
    site = SiteFactory(code="X-KIOSK")
    for n in (1, 2):
        EquipmentFactory(code=f"X-KIOSK-PC0{n}", site=site)
    return site


@pytest.fixture
def computer(point):
    return point.equipment.get(code="X-KIOSK-PC01")


@pytest.fixture
def token(computer) -> str:
    code = enrolment_code_create(actor=None, computer=computer)
    return computer_enrol(code=code, host_name="pc01")[1]


@pytest.fixture
def kiosk(token) -> APIClient:
    """The API client of the enrolled kiosk X-KIOSK-PC01."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def patron(point) -> Patron:
    return Patron.objects.create(card_number="X-KIOSK-000001", registered_at=point)


@pytest.fixture
def patron_with_pin(point) -> Patron:
    return Patron.objects.create(
        card_number="X-KIOSK-000002", registered_at=point, pin_hash=pin_hash("2468")
    )


# --- The live board ---------------------------------------------------------------------


@pytest.fixture
def point_staff(point):
    from pacnet.accounts.models import Role
    from pacnet.accounts.tests.factories import UserFactory

    return UserFactory(username="kiosk-staff", role=Role.POINT_STAFF, scope_sites=[point])


@pytest.fixture
def other_point_staff(db):
    """Staff of another point, X-OTHER (with one computer X-OTHER-PC01)."""
    from pacnet.accounts.models import Role
    from pacnet.accounts.tests.factories import UserFactory

    other = SiteFactory(code="X-OTHER")
    EquipmentFactory(code="X-OTHER-PC01", site=other)
    return UserFactory(username="other-staff", role=Role.POINT_STAFF, scope_sites=[other])


@pytest.fixture
def point_inspector(point):
    from pacnet.accounts.models import Role
    from pacnet.accounts.tests.factories import UserFactory

    return UserFactory(username="kiosk-inspector", role=Role.INSPECTOR, scope_sites=[point])


def seen(computer, when=None, **values):
    """The computer's kiosk reported at `when` (now by default)."""
    from pacnet.kiosk.models import ComputerPresence

    values = {"protocol": "pacnet", "client_version": "1.0.0", **values}
    presence, _created = ComputerPresence.objects.update_or_create(
        computer=computer, defaults={"last_seen": when or timezone.now(), **values}
    )
    return presence
