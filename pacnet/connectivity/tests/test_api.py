"""The Internet lines API: read only, in the user's scope, each line with its outage if down."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pacnet.connectivity.demo import demo_lines_load
from pacnet.connectivity.models import InternetLine
from pacnet.connectivity.services import internet_line_add, line_outage_start
from pacnet.geography.models import Site

LINES = "/api/connectivity/lines/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def sites(response) -> list[str]:
    return [row["site"] for row in response.json()["results"]]


def line_at(code: str, **changes) -> InternetLine:
    values = {
        "provider": "Viettel",
        "bandwidth_mbps": Decimal(4),
        "monthly_fee": 300000,
        "discount_percent": 70,
        "active_from": dt.date(2012, 6, 1),
    }
    return internet_line_add(actor=None, site=Site.objects.get(code=code), **(values | changes))


@pytest.fixture
def lines(demo_network) -> dict[str, InternetLine]:
    return {code: line_at(code) for code in ("X-DAKLAO", "X-NAMDA", "TV-TINH")}


def test_a_line_shows_its_contract_and_the_fee_paid(province_admin, lines):
    line = client_for(province_admin).get(f"{LINES}{lines['X-DAKLAO'].pk}/").json()
    assert line["site"] == "X-DAKLAO"
    assert (line["provider"], line["status"]) == ("Viettel", "active")
    assert (line["monthly_fee"], line["fee_after_discount"]) == ("300000", 90000)
    assert line["active_from"] == "2012-06-01" and line["active_to"] is None
    assert line["open_outage"] is None


def test_a_line_that_is_down_shows_since_when_and_why(daklao_staff, lines):
    start = timezone.now() - dt.timedelta(hours=2)
    line_outage_start(actor=None, line=lines["X-DAKLAO"], start=start, cause="power")
    line = client_for(daklao_staff).get(f"{LINES}{lines['X-DAKLAO'].pk}/").json()
    assert line["open_outage"]["cause"] == "power"
    assert dt.datetime.fromisoformat(line["open_outage"]["start"]) == start


def test_point_staff_sees_only_the_lines_of_its_point(daklao_staff, lines):
    assert sites(client_for(daklao_staff).get(LINES)) == ["X-DAKLAO"]


def test_a_line_outside_scope_is_not_found_like_a_missing_one(daklao_staff, lines):
    client = client_for(daklao_staff)
    assert client.get(f"{LINES}{lines['TV-TINH'].pk}/").status_code == 404
    assert client.get(f"{LINES}999999999/").status_code == 404


def test_the_province_sees_every_line_in_the_order_of_the_points(province_admin, lines):
    assert sites(client_for(province_admin).get(LINES)) == ["TV-TINH", "X-DAKLAO", "X-NAMDA"]


def test_the_list_filters_by_point_and_by_lines_down_now(province_admin, lines):
    line_outage_start(actor=None, line=lines["X-NAMDA"])
    client = client_for(province_admin)
    assert sites(client.get(LINES, {"site": "X-DAKLAO"})) == ["X-DAKLAO"]
    assert sites(client.get(LINES, {"down": "true"})) == ["X-NAMDA"]
    assert sites(client.get(LINES, {"down": "false"})) == ["TV-TINH", "X-DAKLAO"]


def test_the_list_refuses_a_point_outside_scope(daklao_staff, lines):
    response = client_for(daklao_staff).get(LINES, {"site": "TV-TINH"})
    assert response.status_code == 400
    assert "site" in response.json()


def test_lines_are_read_only(province_admin, lines):
    client = client_for(province_admin)
    assert client.post(LINES, {"site": "X-DAKLAO"}, format="json").status_code == 405
    url = f"{LINES}{lines['X-DAKLAO'].pk}/"
    assert client.patch(url, {"status": "ended"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    assert InternetLine.objects.get(pk=lines["X-DAKLAO"].pk).status == "active"


def test_anonymous_is_refused(client, lines):
    assert client.get(LINES).status_code in {401, 403}


def test_the_list_query_count_does_not_grow_with_lines_or_outages(
    province_admin, django_assert_max_num_queries
):
    demo_lines_load()  # 18 lines and years of outages
    client = client_for(province_admin)
    with django_assert_max_num_queries(16):
        response = client.get(LINES)
    assert len(sites(response)) == 18


def test_another_points_code_is_refused_exactly_as_an_unknown_one(daklao_staff, lines):
    client = client_for(daklao_staff)
    elsewhere = client.get(LINES, {"site": "TV-TINH"})
    unknown = client.get(LINES, {"site": "NO-SUCH-POINT"})
    assert (elsewhere.status_code, elsewhere.json()) == (unknown.status_code, unknown.json())
