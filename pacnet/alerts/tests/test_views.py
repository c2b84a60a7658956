"""The alerts pages and the dashboard's alerts panel: scope, filters, query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh
from pacnet.alerts.tests.conftest import TODAY
from pacnet.geography.models import Site


@pytest.fixture
def raised(demo_network):
    alerts_refresh(today=TODAY)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_the_open_alerts_of_the_users_points_only(raised, daklao_staff):
    response = client_of(daklao_staff).get("/alerts/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "X-DAKLAO-PC01" in body
    assert "TV-TINH" not in body
    assert response.context["alerts"] == list(
        Alert.objects.filter(site__code="X-DAKLAO").order_by("-raised_on", "-pk")
    )


def test_the_list_filters_by_kind_point_and_state(raised, province_admin):
    first = Alert.objects.filter(site__code="X-NAMDA").order_by("pk").first()
    Alert.objects.filter(pk=first.pk).update(resolved_on=TODAY)
    client = client_of(province_admin)
    page = client.get("/alerts/?kind=end_of_life&site=X-NAMDA").context["alerts"]
    assert {a.site.code for a in page} == {"X-NAMDA"} and len(page) == 4
    page = client.get("/alerts/?site=X-NAMDA&state=resolved").context["alerts"]
    assert [a.pk for a in page] == [first.pk]
    page = client.get("/alerts/?site=X-NAMDA&state=all").context["alerts"]
    assert len(page) == 5
    page = client.get("/alerts/?kind=fault_open").context["alerts"]
    assert len(page) == 0


def test_a_point_outside_the_users_scope_is_not_a_filter_choice(raised, daklao_staff):
    response = client_of(daklao_staff).get("/alerts/?site=TV-TINH")
    assert 'value="TV-TINH"' not in response.content.decode()
    assert all(a.site.code == "X-DAKLAO" for a in response.context["alerts"])


def test_an_alert_shows_its_message_and_where_to_act(raised, daklao_staff):
    alert = Alert.objects.filter(site__code="X-DAKLAO").order_by("pk").first()
    response = client_of(daklao_staff).get(f"/alerts/{alert.pk}/")
    assert response.status_code == 200
    assert alert.params["item"] in response.content.decode()
    assert f"/equipment/{alert.params['item']}/" in response.content.decode()


def test_an_alert_of_another_point_is_refused(raised, daklao_staff):
    alert = Alert.objects.filter(site__code="TV-TINH").first()
    assert client_of(daklao_staff).get(f"/alerts/{alert.pk}/").status_code == 404


def test_an_unknown_alert_is_not_found(raised, province_admin):
    assert client_of(province_admin).get("/alerts/999999/").status_code == 404


def test_the_list_takes_the_same_queries_for_1_point_as_for_18(
    raised, daklao_staff, django_assert_max_num_queries
):
    everywhere = UserFactory(role=Role.POINT_STAFF, scope_sites=list(Site.objects.all()))
    counts = []
    for user in (daklao_staff, everywhere):
        client = client_of(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/alerts/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    client = client_of(everywhere)
    with django_assert_max_num_queries(10):
        client.get("/alerts/")


def test_the_list_groups_alerts_by_point_and_kind_with_a_count(raised, province_admin):
    response = client_of(province_admin).get("/alerts/?kind=end_of_life")
    groups = response.context["groups"]
    open_end_of_life = Alert.objects.filter(kind="end_of_life", resolved_on__isnull=True)
    points = set(open_end_of_life.values_list("site__code", flat=True))
    assert len(groups) == len(points) < open_end_of_life.count()
    assert sum(g.count for g in groups) == open_end_of_life.count()
    daklao = next(g for g in groups if g.site.code == "X-DAKLAO")
    assert daklao.count == 5 and len(daklao.alerts) == 5
    body = response.content.decode()
    row = body[body.index('data-group="X-DAKLAO:end_of_life"') :]
    row = row[: row.index("</tr>")]
    assert "<details>" in row and ">5</span>" in row
    assert row.count("data-alert=") == 5  # each computer's alert, a tap away


def test_a_single_alert_of_its_kind_is_a_row_of_its_own(raised, province_admin):
    alert = Alert.objects.filter(site__code="X-DAKLAO").order_by("pk").first()
    Alert.objects.filter(site__code="X-DAKLAO").exclude(pk=alert.pk).delete()
    response = client_of(province_admin).get("/alerts/?site=X-DAKLAO")
    body = response.content.decode()
    assert f'<tr data-alert="{alert.pk}"' in body and "<details>" not in body


def test_the_dashboard_shows_the_ten_newest_open_alerts_of_the_scope(raised, daklao_staff):
    response = client_of(daklao_staff).get("/dashboard/")
    shown = response.context["page"].alerts
    assert len(shown) == 5  # X-DAKLAO: 5 computers past their end of life (and nothing else)
    assert {a.site.code for a in shown} == {"X-DAKLAO"}
    assert 'href="/alerts/"' in response.content.decode()


def test_the_dashboard_panel_stops_at_ten(raised, province_admin):
    response = client_of(province_admin).get("/dashboard/")
    assert len(response.context["page"].alerts) == 10


def test_the_dashboard_has_an_equipment_tile_row(raised, daklao_staff):
    response = client_of(daklao_staff).get("/dashboard/")
    keys = [t.key for t in response.context["page"].equipment]
    assert keys == ["working_ratio", "open_faults", "overdue_maintenance", "warranties_ending"]
    assert 'href="/equipment/indicators/"' in response.content.decode()
