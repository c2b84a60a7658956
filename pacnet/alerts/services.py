"""Raise and resolve alerts (`alerts_refresh`), and e-mail each new one once (`alerts_send`).

Alerts are written by the system only, from facts already audited elsewhere (faults,
equipment, visits): the Alert row is itself the dated record (raised, resolved, e-mailed),
so these services write no audit entry of their own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import Action, user_may
from pacnet.alerts.models import Alert, AlertDelivery
from pacnet.alerts.selectors import alert_conditions

logger = logging.getLogger(__name__)

# Those who may act on an alert: they get it by e-mail when their scope covers its point.
RECIPIENT_ROLES = (Role.PROVINCE_ADMIN, Role.LIBRARY_STAFF, Role.POINT_STAFF)


@dataclass(frozen=True)
class RefreshResult:
    raised: int
    resolved: int
    still_open: int


@transaction.atomic
def alerts_refresh(*, today: dt.date) -> RefreshResult:
    """Open an alert for every alarming fact of the day, resolve those no longer true.

    Idempotent: a second run on the same day raises and resolves nothing. A fact that comes
    back after its alert was resolved (e.g. a point below 60 % again) reopens that alert,
    which is then e-mailed again.
    """
    wanted = {(c.kind, c.subject_key): c for c in alert_conditions(today)}
    open_alerts = {
        (a.kind, a.subject_key): a
        for a in Alert.objects.select_for_update().filter(resolved_on__isnull=True)
    }
    stale = [a.pk for key, a in open_alerts.items() if key not in wanted]
    Alert.objects.filter(pk__in=stale).update(resolved_on=today)
    changed = []
    for key, alert in open_alerts.items():
        condition = wanted.get(key)
        if condition and (alert.params != condition.params or alert.message != condition.message):
            alert.params, alert.message = condition.params, condition.message
            changed.append(alert)
    Alert.objects.bulk_update(changed, ["params", "message"])
    missing = [c for key, c in wanted.items() if key not in open_alerts]
    raised = _reopen_or_create(missing, today)
    return RefreshResult(raised=raised, resolved=len(stale), still_open=len(wanted))


def _reopen_or_create(conditions, today: dt.date) -> int:
    known = {
        (a.kind, a.subject_key): a
        for a in Alert.objects.select_for_update().filter(
            subject_key__in=[c.subject_key for c in conditions]
        )
    }
    reopened, new = [], []
    for c in conditions:
        alert = known.get((c.kind, c.subject_key))
        if alert is None:
            new.append(
                Alert(
                    kind=c.kind,
                    site_id=c.site_id,
                    subject_key=c.subject_key,
                    message=c.message,
                    params=c.params,
                    raised_on=today,
                )
            )
            continue
        alert.message, alert.params, alert.raised_on = c.message, c.params, today
        alert.resolved_on, alert.emailed_at = None, None
        reopened.append(alert)
    Alert.objects.bulk_create(new)
    Alert.objects.bulk_update(
        reopened, ["message", "params", "raised_on", "resolved_on", "emailed_at"]
    )
    AlertDelivery.objects.filter(alert__in=reopened).delete()
    return len(new) + len(reopened)


# --- E-mail ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    mails: int
    alerts_emailed: int
    failures: int


def alert_recipients() -> list[User]:
    """Active users with an e-mail address whose role may act on alerts."""
    return list(
        User.objects.filter(is_active=True, role__in=RECIPIENT_ROLES)
        .exclude(email="")
        .order_by("username")
    )


def alerts_send(*, today: dt.date) -> SendResult:
    """E-mail every open alert not yet e-mailed: one digest per user, in the user's language.

    An alert is marked e-mailed once every user who should get it has got it; a failed mail
    leaves it unmarked, and the next run sends it to those who did not get it only.
    """
    pending = list(
        Alert.objects.filter(resolved_on__isnull=True, emailed_at__isnull=True)
        .select_related("site")
        .order_by("site__code", "kind", "pk")
    )
    if not pending:
        return SendResult(0, 0, 0)
    delivered = set(
        AlertDelivery.objects.filter(alert__in=pending).values_list("alert_id", "user_id")
    )
    recipients_of: dict[int, set[int]] = defaultdict(set)
    mails = failures = 0
    failed: set[int] = set()
    for user in alert_recipients():
        mine = [a for a in pending if user_may(user, Action.VIEW, a)]
        for alert in mine:
            recipients_of[alert.pk].add(user.pk)
        todo = [a for a in mine if (a.pk, user.pk) not in delivered]
        if not todo:
            continue
        if _digest_send(user, todo):
            mails += 1
        else:
            failures += 1
            failed |= {a.pk for a in todo}
    done = [a.pk for a in pending if recipients_of[a.pk] and a.pk not in failed]
    Alert.objects.filter(pk__in=done).update(emailed_at=timezone.now())
    return SendResult(mails=mails, alerts_emailed=len(done), failures=failures)


def _digest_send(user: User, alerts: list[Alert]) -> bool:
    """Send one user's digest and record its deliveries; False (and nothing recorded) on failure."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        mail = EmailMessage(
            subject=digest_subject(len(alerts)),
            body=digest_body(user, alerts),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
    try:
        mail.send()
    except Exception:  # noqa: BLE001 — any failure of the mail server: retried on the next run
        logger.exception("Alert e-mail to %s failed", user.username)
        return False
    now = timezone.now()
    with transaction.atomic():
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(alert=a, user=user, sent_at=now) for a in alerts],
            ignore_conflicts=True,
        )
    return True


def digest_subject(count: int) -> str:
    return ngettext("[pacnet] %(count)s new alert", "[pacnet] %(count)s new alerts", count) % {
        "count": count
    }


def digest_body(user: User, alerts: list[Alert]) -> str:
    """Plain text: a greeting, the alerts grouped by point, and the link to the alerts page."""
    lines = [
        _("Hello %(name)s,") % {"name": user.get_full_name() or user.username},
        "",
        _("pacnet has new alerts about the access points you look after:"),
    ]
    by_site: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_site[alert.site_id].append(alert)
    for site_alerts in by_site.values():
        site = site_alerts[0].site
        lines += ["", f"{site.code} — {site.name}"]
        lines += [f"  - {alert.text}" for alert in site_alerts]
    lines += [
        "",
        _("See every alert: %(url)s")
        % {"url": settings.PACNET_BASE_URL + reverse("alerts:alert_list")},
        "",
        _("This message is sent once for each alert. Do not reply to it."),
    ]
    return "\n".join(lines)
