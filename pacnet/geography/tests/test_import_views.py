"""The import page, points/import/: upload, check, import, and who may do it."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography import urls as geography_urls
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import site_unit_on
from pacnet.geography.tests.factories import UnitFactory
from pacnet.geography.tests.import_samples import row, write_csv
from pacnet.geography.views import imports as import_views

pytestmark = [pytest.mark.django_db, pytest.mark.urls("pacnet.geography.tests.urls_with_import")]

# A new commune of Lâm Đồng and two points; LDG itself is listed, unchanged.
LDG_FILE = [
    row("unit", "LDG", "Tỉnh Lâm Đồng", level="province"),
    row("unit", "XA-DAKWIL", "Xã Đắk Wil", level="xã", parent="LDG"),
    row("point", "X-DAKWIL", "Thư viện xã Đắk Wil", unit="XA-DAKWIL", kind="thư viện xã",
        origin="nhân rộng", opened_on="01/03/2024"),
    row("point", "X-EAPO", "Thư viện xã Ea Pô", unit="LDG", kind="other",
        origin="replicated", opened_on="2024-05-15"),
]  # fmt: skip


def upload(tmp_path, rows, name="points.csv") -> SimpleUploadedFile:
    path = write_csv(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def post(client, tmp_path, rows, mode="import", htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"file": upload(tmp_path, rows), "mode": mode}
    return client.post(reverse("geography:site_import"), data, headers=headers)


def test_the_page_offers_an_upload_with_a_progress_bar(client, province_admin):
    client.force_login(province_admin)

    page = client.get(reverse("geography:site_import")).content.decode()

    assert 'hx-encoding="multipart/form-data"' in page
    assert "htmx:xhr:progress" in page
    assert 'name="mode" value="check"' in page and 'name="mode" value="import"' in page
    assert reverse("geography:site_import_template") in page


def test_a_province_admin_imports_a_file_end_to_end(client, province_admin, tmp_path):
    client.force_login(province_admin)

    response = post(client, tmp_path, LDG_FILE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the htmx partial, not the page
    assert 'data-result="imported"' in html
    assert site_unit_on(Site.objects.get(code="X-DAKWIL")).code == "XA-DAKWIL"
    assert site_unit_on(Site.objects.get(code="X-EAPO")).code == "LDG"
    entries = AuditEntry.objects.filter(source="import")
    assert entries.count() == 3
    assert set(entries.values_list("actor", flat=True)) == {province_admin.pk}


def test_check_only_shows_what_would_change_and_writes_nothing(client, province_admin, tmp_path):
    client.force_login(province_admin)
    before = Site.objects.count()

    html = post(client, tmp_path, LDG_FILE, mode="check").content.decode()

    assert 'data-result="checked"' in html
    assert Site.objects.count() == before
    assert not AdministrativeUnit.objects.filter(code="XA-DAKWIL").exists()


def test_the_errors_are_listed_by_row_and_column_and_nothing_is_written(
    client, province_admin, tmp_path
):
    client.force_login(province_admin)
    bad = [*LDG_FILE, row("point", "X-BAD", "Điểm", unit="XA-NOWHERE", kind="khác",
                          origin="replicated", opened_on="1 June 2024")]  # fmt: skip
    before = (AdministrativeUnit.objects.count(), Site.objects.count())

    html = post(client, tmp_path, bad).content.decode()

    assert 'id="import-errors"' in html
    assert 'data-row="6" data-column="unit"' in html
    assert 'data-row="6" data-column="opened_on"' in html
    assert (AdministrativeUnit.objects.count(), Site.objects.count()) == before


def test_without_htmx_the_whole_page_comes_back_with_the_result(client, province_admin, tmp_path):
    client.force_login(province_admin)

    html = post(client, tmp_path, LDG_FILE, htmx=False).content.decode()

    assert "<html" in html and 'data-result="imported"' in html


def test_the_messages_follow_the_language_the_user_chose(client, province_admin, tmp_path):
    client.force_login(province_admin)
    bad = [row("point", "X-BAD", "Điểm", unit="LDG", kind="khác", origin="replicated",
               opened_on="1 June 2024")]  # fmt: skip

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = post(client, tmp_path, bad).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = post(client, tmp_path, bad).content.decode()

    assert "is not a date" in english
    assert "không phải là ngày" in vietnamese


@pytest.mark.parametrize("role", [Role.POINT_STAFF, Role.FINANCE_OFFICER, Role.INSPECTOR])
def test_roles_that_may_not_import_are_refused(client, demo_network, tmp_path, role):
    client.force_login(UserFactory(role=role, scope_sites=[Site.objects.get(code="X-DAKLAO")]))

    assert client.get(reverse("geography:site_import")).status_code == 403
    assert post(client, tmp_path, LDG_FILE).status_code == 403
    assert client.get(reverse("geography:site_import_template")).status_code == 403
    assert not Site.objects.filter(code="X-DAKWIL").exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("geography:site_import"))

    assert response.status_code == 302
    assert reverse(settings.LOGIN_URL) in response["Location"]


@pytest.fixture
def ldg_library_staff(demo_network):
    """Provincial library staff of Lâm Đồng; another province, KHA, lies outside their area."""
    other = UnitFactory(code="KHA", name="Tỉnh Khánh Hòa")
    UnitFactory(code="XA-CAMLAM", name="Xã Cam Lâm", level="commune")
    AdministrativeUnit.objects.get(code="XA-CAMLAM").parentages.create(parent=other)
    return UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )


def test_a_scoped_user_cannot_import_a_point_under_a_unit_outside_their_area(
    client, ldg_library_staff, tmp_path
):
    client.force_login(ldg_library_staff)
    rows = [
        row("point", "X-INSIDE", "Điểm trong tỉnh", unit="XA-DAKLAO", kind="khác",
            origin="replicated", opened_on="01/01/2024"),
        row("point", "X-CAMLAM", "Điểm Cam Lâm", unit="XA-CAMLAM", kind="khác",
            origin="replicated", opened_on="01/01/2024"),
    ]  # fmt: skip

    html = post(client, tmp_path, rows).content.decode()

    assert 'data-row="3" data-column="unit"' in html
    assert 'data-row="2"' not in html
    assert not Site.objects.filter(code__in=["X-INSIDE", "X-CAMLAM"]).exists()


def test_library_staff_import_points_in_their_area(client, ldg_library_staff, tmp_path):
    client.force_login(ldg_library_staff)
    rows = [row("point", "X-INSIDE", "Điểm trong tỉnh", unit="XA-DAKLAO", kind="khác",
                origin="replicated", opened_on="01/01/2024")]  # fmt: skip

    html = post(client, tmp_path, rows).content.decode()

    assert 'data-result="imported"' in html
    assert Site.objects.filter(code="X-INSIDE").exists()


def test_library_staff_may_not_add_units(client, ldg_library_staff, tmp_path):
    client.force_login(ldg_library_staff)

    html = post(client, tmp_path, LDG_FILE[:2]).content.decode()

    assert 'data-row="2"' not in html  # LDG listed unchanged is fine
    assert 'data-row="3" data-column="record"' in html
    assert not AdministrativeUnit.objects.filter(code="XA-DAKWIL").exists()


def test_the_template_download_is_a_utf8_csv_with_every_column(client, province_admin):
    client.force_login(province_admin)

    response = client.get(reverse("geography:site_import_template"))

    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert text.startswith("\ufeffrecord,code,name,level,parent,unit,kind,origin,opened_on")


@pytest.mark.urls(settings.ROOT_URLCONF)
def test_once_included_the_import_route_comes_before_the_point_pages():
    if "site_import" not in {p.name for p in geography_urls.urlpatterns}:
        pytest.skip("geography/urls.py does not include urls/imports.py yet")

    assert resolve("/points/import/").func is import_views.site_import
