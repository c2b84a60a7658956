"""The plan pages: plans are listed, added and edited as percents; bad input writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pacnet.core.audit import audit_entries_for
from pacnet.core.models import AuditEntry
from pacnet.geography.selectors import today
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.models import Plan
from pacnet.plans.selectors import plan_for_year
from pacnet.plans.services import plan_create

PASSWORD = "pacnet-test"
# The 2021–2025 plan as a person types it: percents, dates dd/mm/yyyy.
NEXT_PLAN = {
    "name": "Kế hoạch 2021–2025",
    "reference": "",
    "start": "01/01/2021",
    "end": "31/12/2025",
    "users_growth_min": "3",
    "visits_growth_min": "5",
    "visits_growth_max": "7",
    "effective_share_min": "80",
    "effective_share_max": "100",
    "days_with_visit_min": "15",
    "working_ratio_min": "60",
    "effective_months_share": "75",
}
NEW_URL = reverse("plans:plan_create")


def make_plan(start: dt.date, end: dt.date, name: str = "Plan") -> Plan:
    return plan_create(actor=None, name=name, start=start, end=end)


def edit_url(plan: Plan) -> str:
    return reverse("plans:plan_update", kwargs={"plan_id": plan.pk})


def detail_url(plan: Plan) -> str:
    return reverse("plans:plan_detail", kwargs={"plan_id": plan.pk})


def written() -> tuple[int, int]:
    """Plans and audit entries: a refused form must leave both as they were."""
    return Plan.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def seed_plan(db) -> Plan:
    return demo_plan_load()


@pytest.fixture
def admin(client, province_admin) -> Client:
    client.force_login(province_admin)
    return client


@pytest.fixture
def english(client):
    """Pages in English, so that tests read the source strings."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- List ---------------------------------------------------------------------------------


def test_the_list_costs_the_same_queries_for_one_plan_or_many(
    admin, seed_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert admin.get(reverse("plans:plan_list")).status_code == 200
    for year in range(2021, 2031, 2):
        make_plan(dt.date(year, 1, 1), dt.date(year + 1, 12, 31), name=f"Plan {year}")
    with django_assert_max_num_queries(5):
        response = admin.get(reverse("plans:plan_list"))
    assert len(response.context["plans"]) == 6


def test_the_list_shows_period_and_targets_and_marks_the_plan_in_force_today(
    admin, english, seed_plan
):
    current = make_plan(today().replace(month=1, day=1), today().replace(month=12, day=31))
    body = admin.get(reverse("plans:plan_list")).content.decode()
    assert "13/09/2017 – 31/12/2020" in body
    assert "5–7 %" in body and "80–100 %" in body
    assert body.count("data-in-force") == 1
    assert body.index(f'data-plan="{current.pk}"') < body.index("data-in-force")


def test_the_menu_leads_to_the_plans(admin):
    assert (
        f'href="{reverse("plans:plan_list")}"'
        in admin.get(reverse("dashboard:home")).content.decode()
    )


# --- Create ---------------------------------------------------------------------------------


def test_a_plan_added_on_the_page_governs_its_years_and_is_audited(
    admin, province_admin, seed_plan
):
    response = admin.post(NEW_URL, NEXT_PLAN)
    plan = Plan.objects.get(name="Kế hoạch 2021–2025")
    assert response.status_code == 302 and response["Location"] == detail_url(plan)
    assert [plan_for_year(y) for y in (2020, 2021, 2025)] == [seed_plan, plan, plan]
    (entry,) = audit_entries_for(plan).filter(action="create")
    assert entry.actor == province_admin


def test_targets_typed_as_percents_are_stored_as_ratios(admin):
    admin.post(NEW_URL, NEXT_PLAN | {"users_growth_min": "2.5", "working_ratio_min": "65"})
    plan = Plan.objects.get()
    assert plan.users_growth_min == Decimal("0.025")
    assert (plan.visits_growth_min, plan.visits_growth_max) == (Decimal("0.05"), Decimal("0.07"))
    assert (plan.effective_share_min, plan.effective_share_max) == (Decimal("0.8"), Decimal("1"))
    assert plan.working_ratio_min == Decimal("0.65")
    assert plan.effective_months_share == Decimal("0.75")
    assert plan.days_with_visit_min == 15


def test_the_new_plan_form_starts_from_the_brief_defaults_in_percents(admin):
    form = admin.get(NEW_URL).context["form"]
    assert form["users_growth_min"].value() == Decimal("3")
    assert form["visits_growth_max"].value() == Decimal("7")
    assert form["effective_share_max"].value() == Decimal("100")


def test_an_overlapping_plan_is_refused_next_to_its_start_and_nothing_is_written(admin, seed_plan):
    before = written()
    response = admin.post(NEW_URL, NEXT_PLAN | {"start": "01/06/2020"})
    assert response.status_code == 400
    assert "13/09/2017" in response.context["form"].errors["start"][0]
    assert written() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "01/01/2026", "end": "31/12/2025"}, "end"),
        ({"visits_growth_min": "8", "visits_growth_max": "7"}, "visits_growth_max"),
        ({"effective_share_min": "90", "effective_share_max": "80"}, "effective_share_max"),
        ({"effective_share_max": "120"}, "effective_share_max"),
        ({"working_ratio_min": "-5"}, "working_ratio_min"),
        ({"effective_months_share": "101"}, "effective_months_share"),
        ({"days_with_visit_min": "32"}, "days_with_visit_min"),
        ({"start": "2021-13-45"}, "start"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(admin, changes, field):
    before = written()
    response = admin.post(NEW_URL, NEXT_PLAN | changes)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert written() == before


# --- Detail and edit ----------------------------------------------------------------------


def test_the_detail_tells_targets_and_thresholds_in_plain_words(admin, english, seed_plan):
    body = admin.get(detail_url(seed_plan)).content.decode()
    assert "users grows by at least 3 % every year" in body
    assert "visits grows by 5–7 % every year" in body
    assert "80–100 % of the access points" in body
    assert "at least 15 days, and at least 60 % of its computers" in body
    assert "at least 75 % of its counted months" in body
    assert 'id="audit-trail"' in body and 'data-audit="create"' in body


def test_the_detail_says_which_years_each_plan_governs(admin):
    first = make_plan(dt.date(2021, 1, 1), dt.date(2023, 6, 30), name="A")
    second = make_plan(dt.date(2023, 7, 1), dt.date(2025, 12, 31), name="B")
    assert admin.get(detail_url(first)).context["years"] == [2021, 2022]
    assert admin.get(detail_url(second)).context["years"] == [2023, 2024, 2025]


def test_the_edit_form_shows_the_stored_ratios_as_percents(admin, seed_plan):
    form = admin.get(edit_url(seed_plan)).context["form"]
    shown = {name: str(form[name].value()) for name in ("users_growth_min", "working_ratio_min")}
    assert shown == {"users_growth_min": "3", "working_ratio_min": "60"}
    assert form["start"].value() == dt.date(2017, 9, 13)
    assert 'value="13/09/2017"' in str(form["start"])


def test_an_edit_is_saved_as_ratios_and_audited(admin, province_admin, seed_plan):
    data = NEXT_PLAN | {"name": seed_plan.name, "start": "13/09/2017", "end": "31/12/2020"}
    response = admin.post(edit_url(seed_plan), data | {"users_growth_min": "4"})
    assert response.status_code == 302
    seed_plan.refresh_from_db()
    assert seed_plan.users_growth_min == Decimal("0.04")
    (entry,) = audit_entries_for(seed_plan).filter(action="update")
    assert entry.actor == province_admin


def test_an_edit_overlapping_another_plan_changes_nothing(admin, seed_plan):
    later = make_plan(dt.date(2021, 1, 1), dt.date(2025, 12, 31), name="Later")
    before = written()
    response = admin.post(edit_url(later), NEXT_PLAN | {"start": "01/12/2020"})
    assert response.status_code == 400 and "start" in response.context["form"].errors
    later.refresh_from_db()
    assert (later.name, later.start) == ("Later", dt.date(2021, 1, 1))
    assert written() == before


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["daklao_staff", "krongno_inspector"])
def test_a_role_that_may_only_view_sees_the_plans_but_gets_403_on_new_and_edit(
    client, request, seed_plan, user
):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("plans:plan_list")).status_code == 200
    detail = client.get(detail_url(seed_plan))
    assert (
        detail.status_code == 200 and f'href="{edit_url(seed_plan)}"' not in detail.content.decode()
    )
    assert client.get(NEW_URL).status_code == 403
    assert client.post(NEW_URL, NEXT_PLAN).status_code == 403
    assert client.get(edit_url(seed_plan)).status_code == 403
    assert client.post(edit_url(seed_plan), NEXT_PLAN).status_code == 403
    assert Plan.objects.count() == 1
    assert Plan.objects.get().name != NEXT_PLAN["name"]


@pytest.mark.parametrize(
    "url",
    [reverse("plans:plan_list"), NEW_URL, "/plans/1/", "/plans/1/edit/"],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
