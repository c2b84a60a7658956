"""`pacnet indicators --year YYYY [--scope CODE] --format json|text`."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from pacnet.geography.models import Site
from pacnet.indicators.tests.builders import patron, tally, visits_on_days

pytestmark = pytest.mark.django_db

KEYS = {
    "scope",
    "year",
    "sessions",
    "visits",
    "users",
    "users_growth",
    "visits_growth",
    "counted_points",
    "effective_points",
    "effective_share",
    "points",
}
POINT_KEYS = {
    "point",
    "sessions",
    "visits",
    "users",
    "effective_months",
    "counted_months",
    "effective",
}


def run(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def krongno_2019(demo_network):
    namda = Site.objects.get(code="X-NAMDA")
    visits_on_days(namda, patron(), 2019, range(1, 13), days=15)
    tally(Site.objects.get(code="X-DAKDRO"), dt.date(2019, 6, 1), visits=7, users=5)


def test_json_output_has_exactly_the_contract_s_keys(krongno_2019):
    data = json.loads(
        run("--year", "2019", "--scope", "DNO-KRONGNO", "--format", "json", "--today", "2026-01-01")
    )
    assert set(data) == KEYS
    assert all(set(point) == POINT_KEYS for point in data["points"])
    assert data["scope"] == "DNO-KRONGNO" and data["year"] == 2019
    assert (data["sessions"], data["visits"], data["users"]) == (180, 187, 6)
    assert data["users_growth"] is None and data["visits_growth"] is None
    assert (data["counted_points"], data["effective_points"]) == (3, 1)
    assert data["effective_share"] == 0.3333
    assert data["points"][1] == {
        "point": "X-DAKDRO",
        "sessions": 0,
        "visits": 7,
        "users": 5,
        "effective_months": 0,
        "counted_months": 12,
        "effective": False,
    }


def test_points_without_usage_are_listed_with_zeros(demo_network):
    data = json.loads(run("--year", "2019", "--format", "json", "--today", "2026-01-01"))
    assert data["scope"] is None
    assert len(data["points"]) == 18
    assert data["points"][0]["point"] == "TV-DAKGLONG"
    assert data["points"][0]["sessions"] == 0


def test_a_point_code_is_a_scope(krongno_2019):
    data = json.loads(run("--year", "2019", "--scope", "X-NAMDA", "--format", "json"))
    assert [p["point"] for p in data["points"]] == ["X-NAMDA"]
    assert data["effective_share"] == 1.0


def test_an_unknown_code_is_refused(demo_network):
    with pytest.raises(CommandError, match="NOWHERE"):
        run("--year", "2019", "--scope", "NOWHERE", "--format", "json")


def test_text_output_is_for_people(krongno_2019):
    text = run("--year", "2019", "--scope", "DNO-KRONGNO", "--format", "text", "--language", "en")
    assert "Indicators 2019 — DNO-KRONGNO" in text
    assert "Visits: 187" in text
    assert "Share of effective points: 33.33 %" in text
    assert "X-NAMDA: 180 / 180 / 1 — 12/12 — effective" in text
