"""`pacnet maintenance_due [--scope CODE] [--today YYYY-MM-DD] --format json|text`."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.maintenance.selectors import maintenance_schedule
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record

TODAY = "2024-05-15"


def run(*args) -> str:
    out = io.StringIO()
    call_command("maintenance_due", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plans(demo_network):
    """Computers every 3 months, printers every 6, both since 01/01/2024: the computers fall
    due on 01/04/2024 (overdue on the 15th of May), the printers on 01/07/2024."""
    made = [
        maintenance_plan_create(
            actor=None,
            name=name,
            kind=kind,
            interval_months=months,
            tasks=["Vệ sinh"],
            created_on=dt.date(2024, 1, 1),
        )
        for name, kind, months in [
            ("Máy tính", Equipment.Kind.COMPUTER, 3),
            ("Máy in", Equipment.Kind.PRINTER, 6),
        ]
    ]
    computers = made[0]
    maintenance_visit_record(
        actor=None,
        site=Site.objects.get(code="X-NAMDA"),
        plan=computers,
        visited_on=dt.date(2024, 5, 2),
        results={computers.tasks.get().pk: "done"},
    )
    return made


def test_json_has_one_row_per_open_point_with_the_contracts_keys(plans):
    data = json.loads(run("--format", "json", "--today", TODAY))
    assert set(data) == {"points"}
    rows = {row["point"]: row for row in data["points"]}
    assert len(rows) == 18
    assert all(set(row) == {"point", "due", "overdue", "last_visit"} for row in rows.values())
    assert list(rows) == sorted(rows)


def test_due_and_overdue_follow_the_schedule(plans):
    rows = {r["point"]: r for r in json.loads(run("--format", "json", "--today", TODAY))["points"]}
    assert rows["X-DAKLAO"] == {"point": "X-DAKLAO", "due": 0, "overdue": 1, "last_visit": None}
    # Visited on 02/05: the computers are next due on 02/08; the printer is not due yet.
    assert rows["X-NAMDA"] == {
        "point": "X-NAMDA",
        "due": 0,
        "overdue": 0,
        "last_visit": "2024-05-02",
    }
    schedule = maintenance_schedule(site_ids=None, today=dt.date(2024, 5, 15))
    assert sum(r["overdue"] for r in rows.values()) == sum(r.overdue for r in schedule)


def test_a_visit_falling_due_within_the_days_asked_is_due(plans):
    # On 15/06 the printers fall due within 30 days (01/07), the computers are overdue.
    data = json.loads(run("--format", "json", "--today", "2024-06-15", "--scope", "X-DAKLAO"))
    assert data == {"points": [{"point": "X-DAKLAO", "due": 1, "overdue": 1, "last_visit": None}]}
    shorter = json.loads(
        run("--format", "json", "--today", "2024-06-15", "--scope", "X-DAKLAO", "--days", "10")
    )
    assert shorter["points"][0]["due"] == 0


def test_a_unit_scope_holds_its_points(plans):
    data = json.loads(run("--format", "json", "--today", TODAY, "--scope", "DNO-KRONGNO"))
    assert [row["point"] for row in data["points"]] == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]


def test_text_names_each_point(plans):
    text = run("--today", TODAY, "--scope", "X-NAMDA", "--language", "en")
    assert "X-NAMDA: 0 due, 0 overdue, last visit 02/05/2024" in text


def test_an_unknown_scope_or_a_bad_date_is_an_error(plans):
    with pytest.raises(CommandError):
        run("--format", "json", "--scope", "NOWHERE")
    with pytest.raises(CommandError):
        run("--format", "json", "--today", "15/05/2024")


@pytest.mark.parametrize("days", ["-1", "3661", "100000000"])
def test_a_number_of_days_out_of_range_is_refused_with_the_range(demo_network, days):
    with pytest.raises(CommandError, match="3660"):
        run("--format", "json", "--days", days)


def test_an_unknown_scope_is_refused(demo_network):
    with pytest.raises(CommandError, match="NOPE"):
        run("--format", "json", "--scope", "NOPE")


def test_a_unit_scope_holds_the_points_that_were_ever_under_it(plans):
    # Đắk Mil was abolished in 2025: its points are still its scope, as for a user.
    data = json.loads(run("--format", "json", "--today", TODAY, "--scope", "DNO-DAKMIL"))
    assert [p["point"] for p in data["points"]] == ["TV-DAKMIL", "X-DAKLAO"]
