"""The access-point and unit pages: what each user sees, and what a bad form leaves behind."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from pacnet.connectivity.models import InternetLine
from pacnet.core.models import AuditEntry
from pacnet.geography.models import (
    AdministrativeUnit,
    Site,
    SitePlacement,
    SiteStaff,
    SiteSuspension,
)
from pacnet.geography.selectors import site_placements
from pacnet.geography.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

VALID_SITE = {
    "code": "X-MOI",
    "name": "Thư viện xã Mới",
    "kind": Site.Kind.COMMUNE_LIBRARY,
    "origin": Site.Origin.REPLICATED,
    "opened_on": "01/03/2024",
    "closed_on": "",
    "host_organisation": "UBND xã Mới",
    "address": "",
    "opening_hours": "",
    "phone": "",
    "note": "",
}


@pytest.fixture
def admin_client(client, province_admin):
    client.force_login(province_admin)
    return client


@pytest.fixture
def staff_client(client, daklao_staff):
    client.force_login(daklao_staff)
    return client


def listed_codes(response) -> list[str]:
    return re.findall(r'<tr data-site="([^"]+)"', response.content.decode())


def site_url(name: str, code: str = "X-DAKLAO", **kwargs) -> str:
    return reverse(f"geography:{name}", kwargs={"site_code": code, **kwargs})


def writes() -> tuple[int, ...]:
    """Row counts of everything these pages may write."""
    models = [Site, SitePlacement, SiteSuspension, SiteStaff, InternetLine, AdministrativeUnit]
    return (*(m.objects.count() for m in models), AuditEntry.objects.count())


# --- Every page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("geography:site_list"),
        reverse("geography:site_list") + "?as_of=01/06/2019&unit=DNO-KRONGNO",
        reverse("geography:site_create"),
        site_url("site_detail"),
        site_url("site_update"),
        site_url("site_move"),
        site_url("site_staff_add"),
        reverse("connectivity:internet_line_add", kwargs={"site_code": "X-DAKLAO"}),
        site_url("site_suspend"),
        reverse("geography:unit_tree"),
        reverse("geography:unit_tree") + "?on=01/06/2019",
        reverse("geography:unit_create"),
        reverse("geography:unit_detail", kwargs={"unit_code": "DNO-KRONGNO"}),
        reverse("geography:unit_detail", kwargs={"unit_code": "DNO-KRONGNO"}) + "?on=01/06/2019",
        reverse("geography:unit_update", kwargs={"unit_code": "LDG"}),
        reverse("dashboard:home"),
    ],
)
def test_every_page_renders_for_the_province_admin(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_pages_ask_anonymous_visitors_to_log_in(client, demo_network):
    response = client.get(reverse("geography:site_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_home_page_links_to_the_list(admin_client):
    assert (
        reverse("geography:site_list")
        in admin_client.get(reverse("dashboard:home")).content.decode()
    )


# --- The list -------------------------------------------------------------------------


def test_province_admin_sees_all_18_points(admin_client):
    codes = listed_codes(admin_client.get(reverse("geography:site_list")))
    assert len(codes) == 18
    assert {"TV-TINH", "X-DAKLAO", "X-DAONGHIA"} <= set(codes)


def test_point_staff_sees_only_its_point(staff_client):
    assert listed_codes(staff_client.get(reverse("geography:site_list"))) == ["X-DAKLAO"]


def test_list_shows_unit_status_and_computers(admin_client):
    html = admin_client.get(reverse("geography:site_list") + "?q=X-DAKLAO").content.decode()
    row = html[html.index('data-site="X-DAKLAO"') :].split("</tr>")[0]
    assert "Xã Đắk Lao" in row
    assert 'data-status="open"' in row
    assert "5 / 5" in row


def test_filter_by_a_district_as_of_2019(admin_client):
    response = admin_client.get(
        reverse("geography:site_list"), {"unit": "DNO-KRONGNO", "as_of": "01/06/2019"}
    )
    assert sorted(listed_codes(response)) == ["TV-KRONGNO", "X-DAKDRO", "X-NAMDA"]


def test_a_district_abolished_in_2025_is_not_a_choice_today(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"unit": "DNO-KRONGNO"})
    assert listed_codes(response) == []
    assert response.context["form"].errors["unit"]
    assert 'value="DNO-KRONGNO"' not in response.content.decode()


def test_filter_as_of_an_iso_date_too(admin_client):
    response = admin_client.get(
        reverse("geography:site_list"), {"unit": "DNO-KRONGNO", "as_of": "2019-06-01"}
    )
    assert len(listed_codes(response)) == 3


def test_search_ignores_accents_and_case(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"q": "dak lao"})
    assert listed_codes(response) == ["X-DAKLAO"]


def test_search_with_vietnamese_accents(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"q": "Đạo Nghĩa"})
    assert listed_codes(response) == ["X-DAONGHIA"]


def test_search_covers_the_host_organisation(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"q": "ubnd xa nam da"})
    assert listed_codes(response) == ["X-NAMDA"]


def test_filter_by_kind(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"kind": "district_library"})
    assert len(listed_codes(response)) == 7


def test_filter_by_status_uses_the_chosen_day(admin_client):
    response = admin_client.get(reverse("geography:site_list"), {"status": "open"})
    assert len(listed_codes(response)) == 18
    before = admin_client.get(
        reverse("geography:site_list"), {"status": "planned", "as_of": "01/01/2012"}
    )
    assert len(listed_codes(before)) == 18


def test_filter_by_origin(admin_client):
    SiteFactory(code="X-NHANRONG", origin=Site.Origin.REPLICATED)
    response = admin_client.get(reverse("geography:site_list"), {"origin": "replicated"})
    assert listed_codes(response) == []  # outside the admin's scope: placed in a new province
    assert (
        len(listed_codes(admin_client.get(reverse("geography:site_list"), {"origin": "bmgf_vn"})))
        == 18
    )


def test_list_query_count_is_small(admin_client, django_assert_max_num_queries):
    # Most of these are the permission service working out the user's scope, once.
    with django_assert_max_num_queries(34):
        admin_client.get(reverse("geography:site_list"), {"unit": "LDG", "q": "thu vien"})


def test_list_query_count_does_not_grow_with_rows(
    admin_client, province_admin, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("geography:site_list")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url, {"kind": "provincial_library"})
    with CaptureQueriesContext(connection) as many:
        admin_client.get(url)
    assert len(many) == len(few)


# --- The detail page ------------------------------------------------------------------


def test_point_staff_gets_404_on_another_point_as_on_a_missing_one(staff_client):
    assert staff_client.get(site_url("site_detail", "TV-TINH")).status_code == 404


def test_point_staff_cannot_add_a_point(staff_client):
    assert staff_client.get(reverse("geography:site_create")).status_code == 403
    assert staff_client.post(reverse("geography:site_create"), VALID_SITE).status_code == 403
    assert not Site.objects.filter(code="X-MOI").exists()


def test_point_staff_does_not_see_the_add_button(staff_client):
    html = staff_client.get(reverse("geography:site_list")).content.decode()
    assert reverse("geography:site_create") not in html


def test_inspector_sees_no_edit_button_and_may_not_edit(client, krongno_inspector):
    client.force_login(krongno_inspector)
    html = client.get(site_url("site_detail", "X-NAMDA")).content.decode()
    assert site_url("site_update", "X-NAMDA") not in html
    assert client.get(site_url("site_update", "X-NAMDA")).status_code == 403
    assert client.post(site_url("site_update", "X-NAMDA"), VALID_SITE).status_code == 403


def test_unknown_point_is_404(admin_client):
    assert admin_client.get(site_url("site_detail", "X-NOWHERE")).status_code == 404


def test_detail_shows_unit_path_equipment_and_history(admin_client):
    html = admin_client.get(site_url("site_detail")).content.decode()
    assert "Tỉnh Lâm Đồng" in html and "Xã Đắk Lao" in html
    assert reverse("inventory:equipment_detail", kwargs={"equipment_code": "X-DAKLAO-PC01"}) in html
    assert "X-DAKLAO-PR01" in html


def test_staff_member_added_and_removed(admin_client):
    response = admin_client.post(
        site_url("site_staff_add"),
        {"full_name": "Y Bhô", "position": "Công chức văn hóa", "phone": "", "part_time": "on"},
    )
    assert response.status_code == 302
    member = SiteStaff.objects.get(site__code="X-DAKLAO")
    assert member.part_time
    assert "Y Bhô" in admin_client.get(site_url("site_detail")).content.decode()
    remove = site_url("site_staff_remove", staff_id=member.pk)
    assert admin_client.get(remove).status_code == 405
    asked = admin_client.post(remove)
    assert asked.status_code == 200 and 'id="confirm-yes"' in asked.content.decode()
    assert SiteStaff.objects.exists()  # one tap removes nobody
    assert admin_client.post(remove, {"confirmed": "yes"}).status_code == 302
    assert not SiteStaff.objects.exists()


def test_internet_line_shows_the_fee_after_discount(admin_client):
    admin_client.post(
        reverse("connectivity:internet_line_add", kwargs={"site_code": "X-DAKLAO"}),
        {
            "provider": "Viettel",
            "bandwidth_mbps": "20",
            "monthly_fee": "500000",
            "discount_percent": "70",
            "active_from": "01/01/2018",
        },
    )
    html = admin_client.get(site_url("site_detail")).content.decode()
    assert 'data-fee="150000"' in html


def test_temporary_closure_changes_the_status(admin_client):
    today = dt.date.today()
    admin_client.post(
        site_url("site_suspend"),
        {
            "start": (today - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "end": "",
            "reason": "Mất điện",
        },
    )
    html = admin_client.get(site_url("site_detail")).content.decode()
    assert 'data-status="suspended"' in html and "Mất điện" in html


def test_moving_a_point_keeps_its_history(admin_client):
    response = admin_client.post(
        site_url("site_move"),
        {"unit": AdministrativeUnit.objects.get(code="LDG").pk, "day": "01/01/2026"},
    )
    assert response.status_code == 302
    placements = site_placements(Site.objects.get(code="X-DAKLAO"))
    units = [p.unit.code for p in placements]
    assert units == ["XA-DAKLAO", "LDG"]
    html = admin_client.get(site_url("site_detail")).content.decode()
    assert "31/12/2025" in html[html.index('id="placements"') :]


def test_a_point_cannot_move_to_a_unit_that_did_not_exist_then(admin_client):
    before = writes()
    response = admin_client.post(
        site_url("site_move"),
        {"unit": AdministrativeUnit.objects.get(code="DNO-DAKMIL").pk, "day": "01/01/2026"},
    )
    assert response.status_code == 400
    assert "did not exist" in response.content.decode() or response.context["form"].errors["unit"]
    assert writes() == before


# --- Creating and editing -------------------------------------------------------------


def test_province_admin_adds_a_point(admin_client):
    unit = AdministrativeUnit.objects.get(code="XA-DAKLAO")
    response = admin_client.post(reverse("geography:site_create"), {**VALID_SITE, "unit": unit.pk})
    assert response.status_code == 302
    assert response.url == site_url("site_detail", "X-MOI")
    site = Site.objects.get(code="X-MOI")
    assert site.opened_on == dt.date(2024, 3, 1)
    assert site.placements.get().unit == unit


def test_the_unit_of_a_new_point_is_chosen_among_units_valid_today(admin_client):
    form = admin_client.get(reverse("geography:site_create")).context["form"]
    codes = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert "LDG" in codes and "XA-DAKLAO" in codes
    assert "DNO-KRONGNO" not in codes and "DNO" not in codes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "x-moi"}, "code"),
        ({"code": "X-DAKLAO"}, "code"),
        ({"opened_on": "01/03/2024", "closed_on": "01/02/2024"}, "closed_on"),
        ({"opened_on": "31/02/2024"}, "opened_on"),
    ],
    ids=["empty code", "lower-case code", "duplicate code", "closed before opened", "bad date"],
)
def test_bad_point_input_shows_an_error_and_writes_nothing(admin_client, change, field):
    unit = AdministrativeUnit.objects.get(code="XA-DAKLAO")
    before = writes()
    response = admin_client.post(
        reverse("geography:site_create"), {**VALID_SITE, "unit": unit.pk, **change}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'class="invalid-feedback' in response.content.decode()
    assert writes() == before


def test_a_discount_over_100_percent_is_refused(admin_client):
    before = writes()
    response = admin_client.post(
        reverse("connectivity:internet_line_add", kwargs={"site_code": "X-DAKLAO"}),
        {
            "provider": "VNPT",
            "bandwidth_mbps": "10",
            "monthly_fee": "300000",
            "discount_percent": "120",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["discount_percent"]
    assert writes() == before


def test_a_closure_overlapping_another_is_refused_by_the_service(admin_client):
    admin_client.post(site_url("site_suspend"), {"start": "01/01/2020", "end": "31/01/2020"})
    before = writes()
    response = admin_client.post(
        site_url("site_suspend"), {"start": "15/01/2020", "end": "20/02/2020"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert writes() == before


def test_an_edit_is_audited_and_shown_on_the_detail_page(admin_client, province_admin):
    data = {**VALID_SITE, "name": "Thư viện xã Đắk Lao (mới)", "opened_on": "01/06/2012"}
    data["kind"], data["origin"] = Site.Kind.COMMUNE_LIBRARY, Site.Origin.BMGF_VN
    data["host_organisation"] = "UBND xã Đắk Lao"
    response = admin_client.post(site_url("site_update"), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).first()
    assert entry.actor == province_admin
    assert ["Thư viện xã Đắk Lao", "Thư viện xã Đắk Lao (mới)"] in entry.changes.values()
    html = admin_client.get(site_url("site_detail")).content.decode()
    audit = html[html.index('id="audit-trail"') :]
    assert "Thư viện xã Đắk Lao (mới)" in audit and str(province_admin) in audit


def test_point_staff_may_edit_its_own_point(staff_client):
    site = Site.objects.get(code="X-DAKLAO")
    data = {**VALID_SITE, "name": site.name, "opened_on": "01/06/2012", "phone": "0261 3 5"}
    data["kind"], data["origin"] = site.kind, site.origin
    assert staff_client.post(site_url("site_update"), data).status_code == 302
    assert Site.objects.get(code="X-DAKLAO").phone == "0261 3 5"


def test_the_edit_form_sets_the_hours_and_the_page_shows_them_with_day_names(staff_client):
    site = Site.objects.get(code="X-DAKLAO")
    hours = "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30"
    data = {**VALID_SITE, "name": site.name, "opened_on": "01/06/2012", "opening_hours": hours}
    data["kind"], data["origin"] = site.kind, site.origin
    assert staff_client.post(site_url("site_update"), data).status_code == 302
    assert site.opening_periods.count() == 11
    shown = staff_client.get(site_url("site_detail")).content.decode()
    assert "Thứ Hai–Thứ Sáu 07:30–11:30, 13:30–17:00; Thứ Bảy 07:30–11:30; Chủ nhật: nghỉ" in shown
    form = staff_client.get(site_url("site_update")).content.decode()
    assert "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed" in form


def test_hours_the_syntax_refuses_are_an_error_on_the_field(staff_client):
    site = Site.objects.get(code="X-DAKLAO")
    data = {**VALID_SITE, "name": site.name, "opened_on": "01/06/2012", "opening_hours": "7h–17h"}
    data["kind"], data["origin"] = site.kind, site.origin
    response = staff_client.post(site_url("site_update"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["opening_hours"]
    assert not site.opening_periods.exists()


# --- Units ----------------------------------------------------------------------------


def test_unit_tree_today_has_no_districts(admin_client):
    html = admin_client.get(reverse("geography:unit_tree")).content.decode()
    assert 'data-unit="LDG"' in html and 'data-unit="XA-DAKLAO"' in html
    assert 'data-unit="DNO-KRONGNO"' not in html


def test_unit_tree_of_2019_counts_points_under_each_district(admin_client):
    html = admin_client.get(reverse("geography:unit_tree"), {"on": "01/06/2019"}).content.decode()
    node = html[html.index('data-unit="DNO-KRONGNO"') :]
    assert re.search(r'data-count="3"', node.split("</li>")[0])
    assert 'data-unit="DNO"' in html


def test_unit_tree_is_pruned_to_the_inspectors_units(client, krongno_inspector):
    client.force_login(krongno_inspector)
    html = client.get(reverse("geography:unit_tree")).content.decode()
    units = set(re.findall(r'data-unit="([^"]+)"', html))
    assert units == {"XA-NAMDA", "XA-DAKDRO"}


def test_unit_tree_query_count_is_small(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        admin_client.get(reverse("geography:unit_tree"), {"on": "01/06/2019"})


def test_unit_detail_as_of_2019(admin_client):
    url = reverse("geography:unit_detail", kwargs={"unit_code": "DNO-KRONGNO"})
    html = admin_client.get(url, {"on": "01/06/2019"}).content.decode()
    sites = set(re.findall(r'<li[^>]*data-site="([^"]+)"', html))
    assert sites == {"TV-KRONGNO", "X-NAMDA", "X-DAKDRO"}
    assert "Tỉnh Đắk Nông" in html  # its parent then
    assert "Xã Nam Đà" in html  # a child unit then


def test_unit_detail_says_when_the_unit_no_longer_exists(admin_client):
    url = reverse("geography:unit_detail", kwargs={"unit_code": "DNO"})
    response = admin_client.get(url)
    assert 'class="alert alert-warning"' in response.content.decode()
    assert "Tỉnh Lâm Đồng" in response.content.decode()  # its successor


def test_province_admin_adds_and_edits_a_unit(admin_client):
    ldg = AdministrativeUnit.objects.get(code="LDG")
    response = admin_client.post(
        reverse("geography:unit_create"),
        {
            "code": "XA-MOI",
            "name": "Xã Mới",
            "level": "commune",
            "parent": ldg.pk,
            "valid_from": "01/07/2025",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    unit = AdministrativeUnit.objects.get(code="XA-MOI")
    assert unit.parentages.get().parent == ldg
    response = admin_client.post(
        reverse("geography:unit_update", kwargs={"unit_code": "XA-MOI"}),
        {"name": "Xã Mới Lập", "level": "commune", "valid_from": "01/07/2025", "valid_to": ""},
    )
    assert response.status_code == 302
    html = admin_client.get(
        reverse("geography:unit_detail", kwargs={"unit_code": "XA-MOI"})
    ).content.decode()
    assert "Xã Mới Lập" in html[html.index('id="audit-trail"') :]


def test_a_unit_ending_before_it_starts_is_refused(admin_client):
    before = writes()
    response = admin_client.post(
        reverse("geography:unit_update", kwargs={"unit_code": "LDG"}),
        {
            "name": "Tỉnh Lâm Đồng",
            "level": "province",
            "valid_from": "01/07/2025",
            "valid_to": "01/01/2025",
        },
    )
    assert response.status_code == 400
    assert writes() == before


def test_only_the_province_admin_adds_units(client, demo_network):
    from pacnet.accounts.models import Role
    from pacnet.accounts.tests.factories import UserFactory

    librarian = UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )
    client.force_login(librarian)
    assert client.get(reverse("geography:unit_create")).status_code == 403
    assert (
        reverse("geography:unit_create")
        not in client.get(reverse("geography:unit_tree")).content.decode()
    )
