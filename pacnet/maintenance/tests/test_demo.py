"""The demo's maintenance history: a few points lag behind, the others keep up."""

import datetime as dt
import io

from django.core.management import call_command

from pacnet.inventory.demo import demo_equipment_extras_load
from pacnet.maintenance.demo import LAGGING, demo_upkeep_load
from pacnet.maintenance.models import MaintenancePlan, MaintenanceTaskResult, MaintenanceVisit
from pacnet.maintenance.selectors import maintenance_schedule

UNTIL = dt.date(2025, 3, 15)


def test_the_demo_points_overdue_are_exactly_the_lagging_ones(demo_network):
    demo_equipment_extras_load()
    demo_upkeep_load(until=UNTIL)
    rows = maintenance_schedule(site_ids=None, today=UNTIL)
    overdue = {(r.site_code, r.plan.kind) for r in rows if r.overdue}
    assert overdue == set(LAGGING)
    assert len(rows) == 18 * 3  # computers, printers, routers; the demo has no UPS


def test_every_demo_visit_is_in_the_past_answers_every_task_and_covers_items(demo_network):
    demo_equipment_extras_load()
    counts = demo_upkeep_load(until=UNTIL)
    visits = MaintenanceVisit.objects.all()
    assert counts["visits"] == visits.count() > 1000
    assert visits.filter(visited_on__gt=UNTIL).count() == 0
    assert visits.filter(visited_on__lt=dt.date(2013, 1, 1)).count() == 0
    tasks = sum(p.tasks.count() * p.visits.count() for p in MaintenancePlan.objects.all())
    assert MaintenanceTaskResult.objects.count() == tasks
    assert not visits.filter(items__isnull=True).exists()


def test_the_demo_is_loaded_once(demo_network):
    demo_upkeep_load(until=UNTIL)
    before = MaintenanceVisit.objects.count()
    assert demo_upkeep_load(until=UNTIL) == {"plans": 0, "visits": 0}
    assert MaintenanceVisit.objects.count() == before


def test_the_network_only_demo_has_no_maintenance(db):
    call_command("load_demo", "--network-only", stdout=io.StringIO())
    assert not MaintenancePlan.objects.exists()
