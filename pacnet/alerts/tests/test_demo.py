"""The full demo (without its synthetic usage) ends with real alerts, and the replacement
plan of its equipment is not empty."""

import pytest
from django.utils import timezone

from pacnet.accounts.demo import demo_users_create
from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh
from pacnet.connectivity.demo import demo_lines_load
from pacnet.faults.demo import demo_faults_load
from pacnet.inventory.demo import demo_equipment_extras_load
from pacnet.maintenance.demo import demo_upkeep_load


@pytest.fixture
def demo(demo_network):
    demo_equipment_extras_load()
    demo_lines_load()
    demo_upkeep_load()
    demo_users_create()
    demo_faults_load()
    return alerts_refresh(today=timezone.localdate())


def test_the_demo_shows_alerts_of_several_kinds(demo):
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {Alert.Kind.END_OF_LIFE, Alert.Kind.MAINTENANCE_OVERDUE} <= kinds
    assert demo.raised == Alert.objects.count()
    overdue = Alert.objects.filter(kind=Alert.Kind.MAINTENANCE_OVERDUE)
    assert {"X-DAKLAO", "X-DAKPLAO", "X-NAMDONG"} <= set(
        overdue.values_list("site__code", flat=True)
    )


def test_refreshing_the_demo_again_raises_nothing(demo):
    assert alerts_refresh(today=timezone.localdate()).raised == 0
