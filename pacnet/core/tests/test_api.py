"""The API end to end: one network seen through different scopes, refusals, and the schema."""

import pytest
import yaml
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from pacnet.core.api import Pagination
from pacnet.core.models import AuditEntry
from pacnet.geography.api.views import SiteViewSet
from pacnet.geography.models import Site
from pacnet.geography.selectors import sites_with_state
from pacnet.inventory.models import Equipment

SITES = "/api/geography/sites/"
EQUIPMENT = "/api/inventory/equipment/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def site_codes(user) -> set[str]:
    return {row["code"] for row in client_for(user).get(SITES).json()["results"]}


def post_status(user, code: str, data: dict):
    return client_for(user).post(f"/api/inventory/equipment/{code}/status/", data, format="json")


def test_each_scope_lists_its_own_points(province_admin, krongno_inspector, daklao_staff):
    assert len(site_codes(province_admin)) == 18
    assert site_codes(krongno_inspector) == {"TV-KRONGNO", "X-NAMDA", "X-DAKDRO"}
    assert site_codes(daklao_staff) == {"X-DAKLAO"}


def test_anonymous_api_request_is_refused(demo_network):
    response = APIClient().get(SITES)
    assert response.status_code in {401, 403}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "stolen", "effective_on": "2024-05-02"}, "status"),
        ({"status": "faulty", "effective_on": "2024-02-30"}, "effective_on"),
        ({"status": "faulty", "effective_on": "next week"}, "effective_on"),
        ({"status": "faulty", "effective_on": "2011-01-01"}, "effective_on"),
    ],
    ids=["unknown status", "impossible date", "not a date", "before acquisition"],
)
def test_bad_status_change_is_a_400_that_changes_nothing(daklao_staff, data, field):
    audit_entries = AuditEntry.objects.count()
    response = post_status(daklao_staff, "X-DAKLAO-PC01", data)
    assert response.status_code == 400
    assert field in response.json()
    assert AuditEntry.objects.count() == audit_entries
    assert Equipment.objects.get(code="X-DAKLAO-PC01").status_changes.count() == 1


def test_out_of_scope_equipment_is_not_found(daklao_staff):
    response = client_for(daklao_staff).get("/api/inventory/equipment/TV-TINH-PC01/")
    assert response.status_code == 404


def test_read_only_role_is_forbidden_to_change_in_scope(krongno_inspector):
    response = post_status(
        krongno_inspector, "TV-KRONGNO-PC01", {"status": "faulty", "effective_on": "2024-05-02"}
    )
    assert response.status_code == 403


def test_schema_is_valid_openapi_for_a_logged_in_user(daklao_staff):
    from drf_spectacular.validation import validate_schema

    response = client_for(daklao_staff).get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert "/api/inventory/equipment/{equipment_code}/status/" in schema["paths"]


def test_schema_and_docs_need_a_login(demo_network):
    client = APIClient()
    assert client.get("/api/schema/").status_code in {401, 403}
    assert client.get("/api/docs/").status_code in {401, 403}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("TRACE", SITES),
        ("PROPFIND", SITES),
        ("FOO", SITES),
        ("TRACE", f"{SITES}X-DAKLAO/"),
        ("PROPFIND", f"{EQUIPMENT}X-DAKLAO-PC01/status/"),
        ("DELETE", f"{SITES}X-DAKLAO/"),
    ],
    ids=["TRACE list", "PROPFIND list", "FOO list", "TRACE detail", "PROPFIND action", "DELETE"],
)
def test_a_method_the_endpoint_does_not_take_is_not_allowed(daklao_staff, method, url):
    response = client_for(daklao_staff).generic(method, url)
    assert response.status_code == 405
    assert method in response.json()["detail"]


def test_an_unknown_method_still_needs_a_login(demo_network):
    assert APIClient().generic("TRACE", SITES).status_code in {401, 403}


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=0",
        "limit=abc",
        "limit=10^30",
        "limit=1.5",
        f"limit={'9' * 5000}",
        "offset=-1",
        "offset=abc",
        "offset=1e30",
    ],
)
def test_a_nonsense_limit_or_offset_is_a_400_naming_it(province_admin, query):
    response = client_for(province_admin).get(f"{EQUIPMENT}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_a_nonsense_limit_is_explained_in_vietnamese(province_admin):
    response = client_for(province_admin).get(f"{EQUIPMENT}?limit=0")
    assert response.json() == {"limit": ["Nhập một số nguyên từ 1 trở lên."]}


def test_a_limit_beyond_the_database_range_is_capped(province_admin, monkeypatch):
    monkeypatch.setattr(Pagination, "max_limit", 7)
    response = client_for(province_admin).get(f"{EQUIPMENT}?limit=9223372036854775808")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 7
    assert "limit=7" in response.json()["next"]


def test_the_default_cap_answers_every_row_for_a_huge_limit(province_admin):
    response = client_for(province_admin).get(f"{EQUIPMENT}?limit=9223372036854775808")
    assert response.status_code == 200
    assert len(response.json()["results"]) == response.json()["count"] == Equipment.objects.count()


def test_an_offset_past_the_end_is_an_empty_page(province_admin):
    response = client_for(province_admin).get(f"{EQUIPMENT}?offset=9223372036854775808")
    assert response.status_code == 200
    assert response.json()["results"] == []


class UnscopedSiteViewSet(SiteViewSet):
    """An endpoint whose queryset forgot the scope: the permission still hides other points."""

    def get_queryset(self):
        return sites_with_state(Site.objects.all(), self.as_of)


def test_an_object_out_of_scope_is_not_found_even_where_the_queryset_forgot_scope(daklao_staff):
    request = APIRequestFactory().get(f"{SITES}TV-TINH/")
    force_authenticate(request, user=daklao_staff)
    response = UnscopedSiteViewSet.as_view({"get": "retrieve"})(request, site_code="TV-TINH")
    assert response.status_code == 404
