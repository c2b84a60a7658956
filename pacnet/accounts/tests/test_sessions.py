"""Staff sessions on a point's shared computer end with the browser, or when left idle."""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pacnet.accounts.middleware import RENEW_KEY


def logged_in(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "pacnet-test"}
    )
    assert response.status_code == 302
    return client


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_session_cookie_ends_with_the_browser(province_admin):
    client = logged_in(province_admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def test_the_idle_time_is_thirty_minutes_by_default():
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_request_restarts_the_idle_time(province_admin):
    client = logged_in(province_admin)
    session = client.session
    session[RENEW_KEY] = 0  # renewal due (it is at most once a minute)
    session.save()
    session = stored_session(client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get(reverse("dashboard:home")).status_code == 200
    left = stored_session(client).expire_date - timezone.now()
    assert left > dt.timedelta(minutes=29)


def test_a_session_idle_past_the_limit_is_sent_to_the_login(province_admin):
    client = logged_in(province_admin)
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_requests_within_the_minute_do_not_write_the_session(province_admin):
    client = logged_in(province_admin)
    expiry = stored_session(client).expire_date
    client.get(reverse("dashboard:home"))
    assert stored_session(client).expire_date == expiry
