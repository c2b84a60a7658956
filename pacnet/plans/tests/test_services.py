"""Plans are written through their services: validated, never overlapping, audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.models import Plan
from pacnet.plans.services import plan_create, plan_update

pytestmark = pytest.mark.django_db


def test_a_new_plan_is_entered_as_data_and_audited(province_admin):
    plan = plan_create(
        actor=province_admin,
        name="2021–2025",
        start=dt.date(2021, 1, 1),
        end=dt.date(2025, 12, 31),
        users_growth_min=Decimal("0.04"),
    )
    assert plan.users_growth_min == Decimal("0.04")
    assert plan.days_with_visit_min == 15  # BRIEF.md's default
    (entry,) = audit_entries_for(plan)
    assert entry.action == "create" and entry.actor == province_admin


def test_a_plan_overlapping_another_is_refused_and_nothing_is_written():
    demo_plan_load()
    with pytest.raises(DomainError):
        plan_create(actor=None, name="x", start=dt.date(2020, 6, 1), end=dt.date(2021, 12, 31))
    assert Plan.objects.count() == 1


def test_a_plan_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError):
        plan_create(actor=None, name="x", start=dt.date(2021, 6, 1), end=dt.date(2021, 1, 1))
    assert not Plan.objects.exists()


def test_a_plan_update_is_audited_and_checked_for_overlap(province_admin):
    seed = demo_plan_load()
    later = plan_create(actor=None, name="B", start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31))
    plan_update(actor=province_admin, plan=later, days_with_visit_min=12)
    assert audit_entries_for(later).filter(action="update").count() == 1
    with pytest.raises(DomainError):
        plan_update(actor=province_admin, plan=later, start=dt.date(2020, 12, 1))
    later.refresh_from_db()
    assert later.start == dt.date(2021, 1, 1)
    assert seed.end == dt.date(2020, 12, 31)


def test_the_seed_plan_is_loaded_once_with_its_targets():
    plan = demo_plan_load()
    assert demo_plan_load() == plan
    assert plan.reference == "484/KH-UBND"
    assert (plan.start, plan.end) == (dt.date(2017, 9, 13), dt.date(2020, 12, 31))
    assert (plan.users_growth_min, plan.visits_growth_min, plan.visits_growth_max) == (
        Decimal("0.03"),
        Decimal("0.05"),
        Decimal("0.07"),
    )
    assert (plan.effective_share_min, plan.effective_share_max) == (Decimal("0.8"), Decimal("1"))
