"""Every user changes their own password, or chooses a new one through a link by e-mail."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pacnet.core.models import AuditEntry

NEW_PASSWORD = "Thu-vien-2026!"


def can_log_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


@pytest.fixture
def staff_with_mail(daklao_staff):
    daklao_staff.email = "daklao@example.vn"
    daklao_staff.save()
    return daklao_staff


def test_every_page_links_to_the_password_change(daklao_staff):
    client = Client()
    client.force_login(daklao_staff)
    assert reverse("accounts:password_change") in client.get(reverse("dashboard:home")).text


def test_a_user_changes_their_own_password_audited(daklao_staff):
    client = Client()
    client.force_login(daklao_staff)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "navbar" in page.text
    data = {
        "old_password": "pacnet-test",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    response = client.post(reverse("accounts:password_change"), data)
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(reverse("dashboard:home")).status_code == 200  # still logged in
    assert can_log_in("daklao", NEW_PASSWORD)
    entry = AuditEntry.objects.get(object_id=str(daklao_staff.pk), content_type__model="user")
    assert (entry.actor, entry.changes) == (daklao_staff, {"password": ["", "changed"]})


def test_a_wrong_old_password_changes_nothing(daklao_staff):
    client = Client()
    client.force_login(daklao_staff)
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:password_change"), data).status_code == 200
    assert can_log_in("daklao", "pacnet-test")


def test_the_login_page_links_to_the_password_reset(db):
    assert reverse("accounts:password_reset") in Client().get(reverse("accounts:login")).text


def test_the_reset_mail_is_in_vietnamese_with_a_link_to_the_sites_address(
    staff_with_mail, settings
):
    settings.PACNET_BASE_URL = "https://pacnet.example.vn"
    response = Client().post(reverse("accounts:password_reset"), {"email": "daklao@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["daklao@example.vn"]
    assert message.subject == "pacnet: chọn mật khẩu mới"
    assert "Tên đăng nhập của bạn là daklao." in message.body
    link = r"https://pacnet\.example\.vn/accounts/password-reset/[^/\s]+/[^/\s]+/"
    assert re.search(link, message.body)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(staff_with_mail):
    Client().post(reverse("accounts:password_reset"), {"email": "daklao@example.vn"})
    link = re.search(r"http\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = urlsplit(link).path
    browser = Client()
    form = browser.get(path, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.text
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = browser.post(form.redirect_chain[-1][0], data)
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert can_log_in("daklao", NEW_PASSWORD)
    assert "Đường dẫn này không còn dùng được" in Client().get(path, follow=True).text
    entry = AuditEntry.objects.get(object_id=str(staff_with_mail.pk), content_type__model="user")
    assert entry.actor == staff_with_mail
