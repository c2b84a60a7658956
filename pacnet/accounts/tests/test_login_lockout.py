"""Wrong passwords in a row lock a user name out from an address, on the form and the API."""

import base64

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pacnet.accounts.lockout import lockout_message
from pacnet.accounts.services import user_unlock
from pacnet.core.models import AuditEntry

PASSWORD = "pacnet-test"  # UserFactory's
SITES = "/api/geography/sites/"


def log_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def fail_until_locked(client: Client, username: str = "tinh"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, username, "wrong-password")
    return response


def test_the_right_password_logs_in(province_admin):
    response = log_in(Client(), "tinh", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")


def test_wrong_passwords_up_to_the_limit_lock_out_the_right_one_on_the_form(province_admin):
    client = Client()
    fail_until_locked(client)
    response = log_in(client, "tinh", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_why_in_vietnamese_inside_the_layout(province_admin):
    client = Client()
    response = fail_until_locked(client)
    assert response.status_code == 429
    text = response.content.decode()
    assert "data-lockout" in text and "navbar" in text
    with translation.override("vi"):
        assert lockout_message() in text
    assert "Quá nhiều lần nhập sai mật khẩu" in text


def test_a_lockout_holds_one_user_name_from_one_address_only(province_admin, daklao_staff):
    fail_until_locked(Client(REMOTE_ADDR="10.0.0.1"))
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "daklao", PASSWORD).status_code == 302
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "tinh", PASSWORD).status_code == 302
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "tinh", PASSWORD).status_code == 429


def test_wrong_passwords_over_http_basic_lock_out_the_right_one(province_admin):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        refused = client.get(SITES, HTTP_AUTHORIZATION=basic("tinh", "wrong"))
        assert refused.status_code in {401, 403}
    assert client.get(SITES, HTTP_AUTHORIZATION=basic("tinh", "wrong")).status_code == 429
    response = client.get(SITES, HTTP_AUTHORIZATION=basic("tinh", PASSWORD))
    assert response.status_code == 429
    assert response.json()["detail"] == lockout_message()


def test_the_right_password_over_http_basic_works_before_the_limit(province_admin):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.get(SITES, HTTP_AUTHORIZATION=basic("tinh", "wrong"))
    assert client.get(SITES, HTTP_AUTHORIZATION=basic("tinh", PASSWORD)).status_code == 200


def test_a_lockout_by_the_form_holds_on_the_api_too(province_admin):
    fail_until_locked(Client())
    response = Client().get(SITES, HTTP_AUTHORIZATION=basic("tinh", PASSWORD))
    assert response.status_code == 429


def test_unlock_lets_the_user_log_in_again_and_is_audited(province_admin, daklao_staff):
    fail_until_locked(Client(), "daklao")
    assert user_unlock(actor=province_admin, user=daklao_staff) > 0
    assert log_in(Client(), "daklao", PASSWORD).status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(daklao_staff.pk)).latest("pk")
    assert entry.actor == province_admin
    assert entry.changes == {"login lockout": ["locked", "unlocked"]}


def test_unlocking_a_user_who_is_not_locked_records_nothing(province_admin, daklao_staff):
    before = AuditEntry.objects.count()
    assert user_unlock(actor=province_admin, user=daklao_staff) == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_axes_reset_command_exists():
    from django.core.management import get_commands

    assert "axes_reset" in get_commands()
