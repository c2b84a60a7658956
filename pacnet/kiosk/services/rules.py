"""Writes of a point's kiosk rules and of its dated kiosk closures: validated, audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import day_problem
from pacnet.geography.hours import hours_parse
from pacnet.geography.models import Site
from pacnet.geography.services import site_hours_set
from pacnet.kiosk.models import KioskClosure, KioskRules

RULE_FIELDS = (
    "session_minutes",
    "daily_minutes",
    "guest_session_minutes",
    "guest_daily_minutes",
    "pin_required",
    "guest_self_registration",
    "warning_minutes",
    "client_header",
)
HOURS = "hours"  # the point's opening periods (geography), set with the rules
MAX_WARNINGS = 3
# An HTTP header name is a token (RFC 9110 §5.6.2); the value one line of visible text.
_HEADER = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*([\x21-\x7e][\x20-\x7e]*)$")
# A closure longer than this is a temporary closure of the point, not a holiday.
LONGEST_CLOSURE = dt.timedelta(days=366)
CLOSURE_LABEL = gettext_noop("kiosk closure")


def warning_minutes_parse(text: str) -> list[int]:
    """ "5,1" → [5, 1]: 1 to 3 distinct positive whole minutes, largest first; DomainError."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts or len(parts) > MAX_WARNINGS or not all(p.isdigit() for p in parts):
        raise DomainError(
            {"warning_minutes": _("Give one to three whole minutes separated by commas, e.g. 5,1.")}
        )
    minutes = [int(p) for p in parts]
    if 0 in minutes or len(set(minutes)) != len(minutes):
        raise DomainError(
            {"warning_minutes": _("Each warning is a different number of minutes above zero.")}
        )
    return sorted(minutes, reverse=True)


def client_header_clean(text: str) -> str:
    """ "X-Pacnet-Point:  daklao" → "X-Pacnet-Point: daklao"; empty stays empty; DomainError."""
    text = (text or "").strip()
    if not text:
        return ""
    match = _HEADER.match(text)
    if not match:
        raise DomainError(
            {
                "client_header": _(
                    "Write a header as “Name: value”, e.g. “X-Libki-Point: daklao”: the name "
                    "in letters, digits and hyphens, the value on one line."
                )
            }
        )
    return f"{match.group(1)}: {match.group(2).strip()}"


def _audited(rules: KioskRules) -> dict[str, str]:
    shown = snapshot(rules)
    for label in ("site", "updated at"):  # the row's identity and clock, not a rule
        shown.pop(label, None)
    return shown


@transaction.atomic
def kiosk_rules_update(*, actor: Any, site: Site, source: str = "", **changes: Any) -> KioskRules:
    """Change some of the point's kiosk rules (and `hours`, its opening hours) all or nothing."""
    unknown = set(changes) - {*RULE_FIELDS, HOURS}
    if unknown:
        raise TypeError(f"kiosk_rules_update got unknown fields {sorted(unknown)}")
    rules = KioskRules.objects.select_for_update().filter(site=site).first()
    rules = rules or KioskRules(site=site)
    before = _audited(rules)
    errors: dict[str, list[str]] = {}

    def refuse(error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)

    hours = changes.pop(HOURS, None)
    if hours is not None:
        try:
            hours_parse(hours)
        except DomainError as error:
            refuse(error)
    if "warning_minutes" in changes:
        try:
            changes["warning_minutes"] = ",".join(
                str(m) for m in warning_minutes_parse(changes["warning_minutes"])
            )
        except DomainError as error:
            refuse(error)
            changes.pop("warning_minutes")
    if "client_header" in changes:
        try:
            changes["client_header"] = client_header_clean(changes["client_header"])
        except DomainError as error:
            refuse(error)
            changes.pop("client_header")
    for name, value in changes.items():
        setattr(rules, name, value)
    try:
        rules.full_clean(exclude=["site"])
    except ValidationError as error:
        refuse(error)
    if not errors:
        _check_allowances(rules, changes, refuse)
    if errors:
        raise DomainError(errors)
    if hours is not None:
        site_hours_set(actor=actor, site=site, hours=hours, source=source)
    after = _audited(rules)
    if after != before:
        rules.save()
        audit_record(
            actor=actor,
            instance=rules,
            action=AuditEntry.Action.UPDATE,
            before=before,
            after=after,
            source=source,
        )
    return rules


def _check_allowances(rules: KioskRules, changes: dict[str, Any], refuse) -> None:
    """A session fits in the day; the warnings come before the end of the longest session (a
    warning longer than a short guest session simply does not show)."""
    pairs = [
        ("session_minutes", "daily_minutes", rules.session_minutes, rules.daily_minutes),
        (
            "guest_session_minutes",
            "guest_daily_minutes",
            rules.guest_session_minutes,
            rules.guest_daily_minutes,
        ),
    ]
    for session_field, daily_field, session, daily in pairs:
        if session > daily:
            field = session_field if session_field in changes else daily_field
            refuse(
                DomainError(
                    {
                        field: _(
                            "A session allowance (%(session)s min) cannot be more than the "
                            "daily allowance (%(daily)s min)."
                        )
                        % {"session": session, "daily": daily}
                    }
                )
            )
    longest = max(rules.session_minutes, rules.guest_session_minutes)
    if max(warning_minutes_parse(rules.warning_minutes)) >= longest:
        refuse(
            DomainError(
                {
                    "warning_minutes": _(
                        "Warnings must come before the end of a session (%(minutes)s min)."
                    )
                    % {"minutes": longest}
                }
            )
        )


def _closure_label(closure: KioskClosure) -> str:
    return f"{closure.start}–{closure.end} {closure.reason}".strip()


@transaction.atomic
def kiosk_closure_add(
    *,
    actor: Any,
    site: Site,
    start: dt.date,
    end: dt.date,
    reason: str = "",
    source: str = "",
) -> KioskClosure:
    """Days the point's kiosks refuse every sign-in (a holiday); planned ahead, so may be future."""
    closure = KioskClosure(site=site, start=start, end=end, reason=(reason or "").strip())
    errors: dict[str, str] = {}
    for field in ("start", "end"):
        if problem := day_problem(getattr(closure, field), today=dt.date.max):
            errors[field] = problem
    if start and end and end < start:
        errors.setdefault("end", _("The last day cannot come before the first."))
    elif start and end and end - start > LONGEST_CLOSURE:
        errors.setdefault(
            "end",
            _("A kiosk closure lasts at most a year: record a temporary closure of the point."),
        )
    if errors:
        raise DomainError(errors)
    closure.full_clean()
    if site.kiosk_closures.filter(start__lte=end, end__gte=start).exists():
        raise DomainError(_("These days overlap another kiosk closure of the point."))
    closure.save()
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={},
        after={CLOSURE_LABEL: _closure_label(closure)},
        source=source,
    )
    return closure


@transaction.atomic
def kiosk_closure_delete(*, actor: Any, closure: KioskClosure, source: str = "") -> None:
    site, label = closure.site, _closure_label(closure)
    closure.delete()
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={CLOSURE_LABEL: label},
        after={},
        source=source,
    )
