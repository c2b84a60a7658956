"""alerts_send: one Vietnamese digest per user who may act, each alert e-mailed once.

E-mail goes to Django's in-memory test backend (see conftest), or to a backend that refuses
one address, to show that a failure is retried for that user only.
"""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh, alerts_send
from pacnet.alerts.tests.conftest import TODAY
from pacnet.inventory.models import Equipment
from pacnet.inventory.services import equipment_status_change


class RefusesDaklao(EmailBackend):
    """Django's test backend, but the mail server refuses daklao's address."""

    def send_messages(self, messages):
        if any("daklao@example.org" in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({"daklao@example.org": (550, b"no")})
        return super().send_messages(messages)


@pytest.fixture
def raised(recipients):
    alerts_refresh(today=TODAY)
    return recipients


def mail_to(username: str):
    return [m for m in mail.outbox if m.to == [f"{username}@example.org"]]


def test_each_user_who_may_act_gets_one_digest(raised):
    result = alerts_send(today=TODAY)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "daklao@example.org",
        "thuvien@example.org",
        "tinh@example.org",
    ]
    assert result.mails == 3
    assert result.alerts_emailed == Alert.objects.count()


def test_a_point_staff_digest_holds_only_the_alerts_of_its_point(raised):
    alerts_send(today=TODAY)
    (message,) = mail_to("daklao")
    assert "X-DAKLAO-PC01" in message.body
    assert "TV-TINH" not in message.body
    assert "X-NAMDA" not in message.body


def test_the_digest_is_in_vietnamese(raised):
    alerts_send(today=TODAY)
    (message,) = mail_to("daklao")
    count = Alert.objects.filter(site__code="X-DAKLAO").count()
    assert message.subject == f"[pacnet] {count} cảnh báo mới"
    assert "Xin chào" in message.body
    assert "đã hết niên hạn sử dụng dự kiến vào ngày 01/06/2019" in message.body
    assert "http://localhost:8000/alerts/" in message.body


def test_an_inspector_and_a_user_without_address_get_no_mail(raised):
    alerts_send(today=TODAY)
    assert not mail_to("thanhtra")
    assert all(m.to != [""] for m in mail.outbox)


def test_a_second_send_sends_nothing(raised):
    alerts_send(today=TODAY)
    mail.outbox.clear()
    result = alerts_send(today=TODAY)
    assert mail.outbox == []
    assert result.mails == 0


def test_a_new_alert_is_sent_alone_the_next_day(raised):
    alerts_send(today=TODAY)
    mail.outbox.clear()
    for number in (1, 2, 3):
        equipment_status_change(
            actor=None,
            item=Equipment.objects.get(code=f"X-DAKLAO-PC{number:02d}"),
            status="faulty",
            effective_on=TODAY + dt.timedelta(days=1),
        )
    alerts_refresh(today=TODAY + dt.timedelta(days=1))
    alerts_send(today=TODAY + dt.timedelta(days=1))
    (message,) = mail_to("daklao")
    assert message.subject == "[pacnet] 1 cảnh báo mới"
    assert len(mail.outbox) == 3


def test_a_resolved_alert_is_not_sent(raised):
    Alert.objects.update(resolved_on=TODAY)
    assert alerts_send(today=TODAY).mails == 0
    assert mail.outbox == []


def test_a_failed_mail_leaves_its_alerts_unsent_and_is_retried_for_that_user_only(raised, settings):
    settings.EMAIL_BACKEND = "pacnet.alerts.tests.test_send.RefusesDaklao"
    result = alerts_send(today=TODAY)
    assert result.failures == 1
    daklao_alerts = Alert.objects.filter(site__code="X-DAKLAO")
    assert not daklao_alerts.filter(emailed_at__isnull=False).exists()
    assert not Alert.objects.exclude(site__code="X-DAKLAO").filter(emailed_at=None).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    alerts_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [["daklao@example.org"]]
    assert not daklao_alerts.filter(emailed_at=None).exists()


def test_an_alert_nobody_may_receive_stays_unsent(demo_network):
    alerts_refresh(today=TODAY)
    result = alerts_send(today=TODAY)
    assert (result.mails, result.alerts_emailed) == (0, 0)
    assert not Alert.objects.filter(emailed_at__isnull=False).exists()
