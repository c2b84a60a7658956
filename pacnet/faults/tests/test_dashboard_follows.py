"""Issue 4's end to end: a fault reported and fixed moves the network dashboard's figures."""

import re

import pytest

from pacnet.faults import services
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment

pytestmark = pytest.mark.django_db


def working_tile(client) -> float:
    """The "Computers working" tile's value, a percent such as "96,9 %"."""
    html = client.get("/dashboard/").content.decode()
    tile = html[html.index('data-tile="working_ratio"') :]
    value = re.search(r'tile-value">([^<]+)<', tile).group(1)
    return float(value.replace("%", "").replace(",", ".").strip())


def test_the_dashboard_counts_a_computer_out_while_its_fault_is_open(
    client, province_admin, daklao_staff, thuvien
):
    client.force_login(province_admin)
    before = working_tile(client)
    computer = Equipment.objects.get(code="X-DAKLAO-PC04")
    fault = services.fault_report(
        actor=daklao_staff,
        site=Site.objects.get(code="X-DAKLAO"),
        equipment=computer,
        description="Máy không lên hình",
    )
    during = working_tile(client)
    services.fault_assign(actor=thuvien, fault=fault, technician=thuvien)
    services.fault_close(actor=thuvien, fault=fault, outcome="fixed")
    after = working_tile(client)
    assert during < before and after == before
