"""`pacnet plans [--format json|text]`: the plans with their period, targets and thresholds."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from pacnet.plans.demo import demo_plan_load
from pacnet.plans.services import plan_create

pytestmark = pytest.mark.django_db

SETTINGS = {
    "users_growth_min",
    "visits_growth_min",
    "visits_growth_max",
    "effective_share_min",
    "effective_share_max",
    "days_with_visit_min",
    "working_ratio_min",
    "effective_months_share",
}


def run(*args) -> str:
    out = io.StringIO()
    call_command("plans", *args, stdout=out)
    return out.getvalue()


def test_json_lists_the_plans_latest_first_with_numbers():
    seed = demo_plan_load()
    later = plan_create(
        actor=None,
        name="Kế hoạch 2021–2025",
        start=dt.date(2021, 1, 1),
        end=dt.date(2025, 12, 31),
        visits_growth_max=Decimal("0.075"),
    )
    data = json.loads(run("--format", "json"))
    assert set(data) == {"plans"}
    assert [plan["id"] for plan in data["plans"]] == [later.pk, seed.pk]
    newest, first = data["plans"]
    assert set(first) == {"id", "name", "reference", "start", "end"} | SETTINGS
    assert (first["reference"], first["start"], first["end"]) == (
        "484/KH-UBND",
        "2017-09-13",
        "2020-12-31",
    )
    assert first["users_growth_min"] == 0.03 and first["days_with_visit_min"] == 15
    assert (first["effective_share_min"], first["effective_share_max"]) == (0.8, 1.0)
    assert newest["visits_growth_max"] == 0.075 and newest["reference"] == ""


def test_json_with_no_plan_is_an_empty_list():
    assert json.loads(run("--format", "json")) == {"plans": []}


def test_text_tells_the_period_targets_and_thresholds_in_the_reader_s_language():
    demo_plan_load()
    text = run("--language", "en")
    assert "484/KH-UBND · In force from 13/09/2017 to 31/12/2020" in text
    assert "The number of users grows by at least 3 % every year." in text
    assert "The number of visits grows by 5–7 % every year" in text
    assert "80–100 % of the access points counted in a year are effective" in text
    assert "at least 15 days, and at least 60 % of its computers" in text
    assert "at least 75 % of its counted months" in text
    assert "Số người sử dụng tăng ít nhất 3 % mỗi năm." in run("--language", "vi")


def test_text_with_no_plan_says_so():
    assert "No plan has been entered yet." in run("--language", "en")
