"""`pacnet alerts [--send] [--today YYYY-MM-DD]`, the daily cron job."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from pacnet.alerts.models import Alert


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("alerts", *args, stdout=out)
    return out.getvalue()


def test_the_command_raises_the_alerts_of_the_day(demo_network):
    assert run("--today", "2024-05-15") == "Alerts: 160 raised, 0 resolved, 160 open.\n"
    assert Alert.objects.count() == 160
    assert run("--today", "2024-05-15") == "Alerts: 0 raised, 0 resolved, 160 open.\n"
    assert mail.outbox == []


def test_with_send_it_e_mails_the_new_alerts(recipients):
    output = run("--today", "2024-05-15", "--send")
    assert "E-mails: 3 sent, 160 alerts e-mailed, 0 failed." in output
    assert len(mail.outbox) == 3


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"), translation.override("en"):
        call_command("alerts", "--today", "15/05/2024")
