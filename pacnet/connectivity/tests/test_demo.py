"""The full demo's Internet lines: one per point, seeded outages, more in the rainy season."""

import pytest
from django.utils import timezone

from pacnet.connectivity.demo import demo_lines_load
from pacnet.connectivity.models import InternetLine, LineOutage

pytestmark = pytest.mark.django_db


def test_every_point_gets_one_line_and_seeded_outages(demo_network):
    created = demo_lines_load()
    assert InternetLine.objects.count() == 18
    assert InternetLine.objects.filter(provider="VNPT").count() == 3
    assert InternetLine.objects.get(site__code="X-DAKLAO").fee_after_discount == 90000
    assert created == LineOutage.objects.count() > 500
    assert not LineOutage.objects.filter(end__isnull=True).exists()
    assert not LineOutage.objects.filter(end__gt=timezone.now()).exists()


def test_the_rainy_season_has_more_outages(demo_network):
    demo_lines_load()
    rainy = sum(LineOutage.objects.filter(start__month=m).count() for m in range(5, 11))
    dry = LineOutage.objects.count() - rainy
    assert rainy > 2 * dry


def test_loading_twice_changes_nothing(demo_network):
    demo_lines_load()
    count = LineOutage.objects.count()
    assert demo_lines_load() == 0
    assert LineOutage.objects.count() == count
