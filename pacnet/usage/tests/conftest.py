import datetime as dt

import pytest
from django.utils import timezone

from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.tests.factories import EquipmentFactory

LOCAL = timezone.get_default_timezone()


def local(*args) -> dt.datetime:
    """A moment in Asia/Ho_Chi_Minh time: local(2019, 3, 4, 9, 30)."""
    return dt.datetime(*args, tzinfo=LOCAL)


@pytest.fixture
def point(db):
    """A commune point X-TEST with two working computers X-TEST-PC01 and X-TEST-PC02."""
    site = SiteFactory(code="X-TEST")
    for n in (1, 2):
        EquipmentFactory(code=f"X-TEST-PC0{n}", site=site)
    return site


@pytest.fixture
def other_point(db):
    site = SiteFactory(code="X-OTHER")
    EquipmentFactory(code="X-OTHER-PC01", site=site)
    return site


@pytest.fixture
def staff(db):
    return UserFactory(username="staff")
