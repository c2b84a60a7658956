"""403, 404 and 500 pages: translated, inside the site's frame, with a way home and back."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("pacnet.core.tests.error_urls")


def assert_a_way_back(html: str) -> None:
    assert 'href="/"' in html  # home
    assert "history.back()" in html
    assert 'class="navbar' in html  # the site's frame


def test_a_refusal_is_a_vietnamese_page_with_the_menu(client, daklao_staff):
    client.force_login(daklao_staff)
    response = client.get("/test-errors/refused/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in html
    assert "Lỗi 403" in html
    assert 'class="nav-link' in html  # the user's menu
    assert_a_way_back(html)


def test_a_refusal_reads_in_english_for_an_english_reader(client, daklao_staff):
    client.force_login(daklao_staff)
    client.cookies["django_language"] = "en"
    html = client.get("/test-errors/refused/").content.decode()
    assert "Access denied" in html
    assert "Error 403" in html


def test_an_unknown_address_is_a_vietnamese_page_with_the_menu(client, province_admin):
    client.force_login(province_admin)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert 'class="nav-link' in html
    assert_a_way_back(html)


def test_an_expired_form_is_a_translated_page_not_django_s(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html
    assert_a_way_back(html)


def test_a_server_error_renders_without_the_database():
    # No db fixture: any query while rendering the page would raise and break the test.
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in html
    assert_a_way_back(html)
