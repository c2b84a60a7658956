"""Every write to usage: one transaction each; rollups refreshed for the (point, day) touched.

Patrons and guest pass batches are audited. Sessions and tallies are usage records, not core
objects: they are not audited one by one (millions of them); hand-entered tallies are.
Audit entries never hold a patron's name (Decree 13): it is shown as "•••" when set.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.accounts.permissions import Action, user_may
from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import day_problem, moment_check, moment_problem
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import computer_counts_on_days, equipment_status_on
from pacnet.usage.constants import PATRON_GROUPS, Service
from pacnet.usage.imports import ImportResult, local_day
from pacnet.usage.imports.sessions import sessions_check, sessions_write
from pacnet.usage.imports.tallies import tallies_check, tallies_write
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.pins import pin_hash, pin_new
from pacnet.usage.rollups import usage_rollup_refresh

PERSONAL_FIELDS = ("display_name", "birth_year", "gender", *PATRON_GROUPS)
PASS_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed
PASS_LENGTH = 8
MASK = "•••"
SESSION_LONGEST = dt.timedelta(days=1)
SESSION_PAGES_MAX = 1000  # pages one person prints in one sitting; more is a typo


# The audit trail says a PIN was set or removed, never the PIN nor its hash.
PIN_TERM = gettext_noop("kiosk PIN")
PIN_SET = gettext_noop("PIN set")
PIN_REMOVED = gettext_noop("PIN removed")


def _patron_snapshot(patron: Patron) -> dict[str, str]:
    data = snapshot(patron)
    with translation.override(None):  # the keys snapshot() used: language-neutral
        name = str(Patron._meta.get_field("display_name").verbose_name)
        data.pop(str(Patron._meta.get_field("pin_hash").verbose_name), None)
    if data.get(name):
        data[name] = MASK
    return data


def patron_audit_snapshot(patron: Patron) -> dict[str, str]:
    """What the trail may hold of a patron (the back office audits with it too)."""
    return _patron_snapshot(patron)


def _check_personal(patron: Patron) -> None:
    if patron.consent_given_on is None and any(
        getattr(patron, f) not in ("", None, False) for f in PERSONAL_FIELDS
    ):
        raise DomainError({"consent": _("Record the patron's consent before any personal data.")})


def _next_card_number(site: Site) -> str:
    prefix = f"{site.code}-"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    codes = Patron.objects.filter(card_number__startswith=prefix).values_list(
        "card_number", flat=True
    )
    numbers = [int(m.group(1)) for code in codes if (m := pattern.match(code))]
    return f"{prefix}{max(numbers, default=0) + 1:06d}"


@transaction.atomic
def patron_register(
    *,
    actor: Any,
    site: Site,
    consent: bool,
    display_name: str = "",
    birth_year: int | None = None,
    gender: str = "",
    groups: frozenset[str] | set[str] = frozenset(),
    card_number: str | None = None,
    pin: str | None = None,
    today: dt.date | None = None,
) -> Patron:
    """Register with consent; `pin`, if given, is the kiosk PIN (stored hashed)."""
    if not consent:
        raise DomainError({"consent": _("The patron must agree before being registered.")})
    hashed = pin_hash(pin) if pin else ""
    unknown = set(groups) - set(PATRON_GROUPS)
    if unknown:
        raise DomainError({"groups": _("Unknown group %(g)s.") % {"g": ", ".join(sorted(unknown))}})
    day = today or timezone.localdate()
    patron = Patron(
        display_name=display_name.strip(),
        birth_year=birth_year,
        gender=gender,
        consent_given_on=day,
        registered_at=site,
        registered_on=day,
        pin_hash=hashed,
        **{g: g in groups for g in PATRON_GROUPS},
    )
    for _attempt in range(5):
        patron.card_number = card_number or _next_card_number(site)
        patron.full_clean()
        try:
            with transaction.atomic():
                patron.save()
            break
        except IntegrityError as error:
            if card_number:
                raise DomainError(
                    {"card_number": _("This card number is already in use.")}
                ) from error
    audit_record(
        actor=actor,
        instance=patron,
        action=AuditEntry.Action.CREATE,
        after=_patron_snapshot(patron) | ({PIN_TERM: PIN_SET} if hashed else {}),
    )
    return patron


@transaction.atomic
def patron_pin_set(*, actor: Any, patron: Patron, pin: str | None) -> Patron:
    """Set the patron's kiosk PIN (4 to 8 digits), or remove it with None or ""."""
    if patron.anonymised_on:
        raise DomainError(_("This patron has been anonymised and can no longer be changed."))
    if not pin and not patron.pin_hash:
        return patron  # no PIN to remove: nothing changes, nothing to audit
    patron.pin_hash = pin_hash(pin) if pin else ""
    patron.save(update_fields=["pin_hash"])
    audit_record(
        actor=actor,
        instance=patron,
        action=AuditEntry.Action.UPDATE,
        after={PIN_TERM: PIN_SET if pin else PIN_REMOVED},
        source="pin",
    )
    return patron


@transaction.atomic
def patron_update(
    *, actor: Any, patron: Patron, consent: bool | None = None, source: str = "", **fields: Any
) -> Patron:
    """Change the personal data (consent needed), groups given as `groups=` or one by one."""
    if patron.anonymised_on:
        raise DomainError(_("This patron has been anonymised and can no longer be changed."))
    if "groups" in fields:
        groups = set(fields.pop("groups"))
        fields |= {g: g in groups for g in PATRON_GROUPS}
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise TypeError(f"patron_update got unknown fields {sorted(unknown)}")
    before = _patron_snapshot(patron)
    if consent and patron.consent_given_on is None:
        patron.consent_given_on = timezone.localdate()
    for name, value in fields.items():
        setattr(patron, name, value.strip() if isinstance(value, str) else value)
    patron.full_clean()
    _check_personal(patron)
    patron.save()
    audit_record(
        actor=actor,
        instance=patron,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=_patron_snapshot(patron),
        source=source,
    )
    return patron


@transaction.atomic
def patrons_anonymise(*, actor: Any, older_than_days: int, today: dt.date | None = None) -> int:
    """Remove the name and unlink the card of patrons inactive that long; figures are unchanged.

    Birth year, gender and groups stay: the breakdowns need them, and without a name or a
    card they no longer point to anyone. The card number is replaced, since a printed card
    carries it next to the holder's name; the old number is removed from the audit trail too.
    """
    if older_than_days < 0:
        raise DomainError(_("The number of days cannot be negative."))
    day = today or timezone.localdate()
    cutoff = day - dt.timedelta(days=older_than_days)
    inactive = (
        Patron.objects.filter(anonymised_on__isnull=True)
        .annotate(last=Coalesce(Max("sessions__day"), "registered_on"))
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
    )
    count = 0
    for patron in inactive:
        old_card = patron.card_number
        patron.display_name = ""
        patron.card_number = f"ANON-{patron.pk}"
        patron.anonymised_on = day
        patron.save(update_fields=["display_name", "card_number", "anonymised_on"])
        _scrub_trail(patron, old_card)
        audit_record(
            actor=actor,
            instance=patron,
            action=AuditEntry.Action.UPDATE,
            before={gettext_noop("anonymised on"): ""},
            after={gettext_noop("anonymised on"): day.isoformat()},
            source="anonymise",
        )
        count += 1
    return count


def _scrub_trail(patron: Patron, old_card: str) -> None:
    for entry in AuditEntry.objects.filter(
        content_type__app_label="usage", content_type__model="patron", object_id=str(patron.pk)
    ):
        entry.object_repr = patron.card_number
        entry.changes = {
            name: [patron.card_number if v == old_card else v for v in values]
            for name, values in entry.changes.items()
        }
        entry.save(update_fields=["object_repr", "changes"])


def _new_pass_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = count - len(codes)
        fresh = {
            "".join(secrets.choice(PASS_ALPHABET) for _i in range(PASS_LENGTH))
            for _j in range(wanted)
        } - codes
        taken = set(GuestPass.objects.filter(code__in=fresh).values_list("code", flat=True))
        codes |= fresh - taken
    return sorted(codes)[:count]


@dataclass(frozen=True)
class IssuedBatch:
    """A batch with the plain PINs of its passes, (code, PIN) by code: only the hashes are
    stored, so this is the one moment they can be printed."""

    batch: GuestPassBatch
    passes: list[tuple[str, str]] = field(repr=False)  # kept out of logs and tracebacks

    @property
    def pins(self) -> dict[str, str]:
        return dict(self.passes)


def _pins_for(codes: list[str]) -> list[tuple[str, str, str]]:
    """(code, PIN, hash) for each code."""
    return [(code, pin, pin_hash(pin)) for code in codes for pin in (pin_new(),)]


@transaction.atomic
def guest_passes_issue(
    *, actor: Any, site: Site, count: int, day: dt.date | None = None
) -> IssuedBatch:
    """A printable batch of passes with no personal data, each with its printed PIN; each
    pass counts as one person."""
    if not 1 <= count <= 500:
        raise DomainError({"count": _("Issue between 1 and 500 passes at a time.")})
    batch = GuestPassBatch.objects.create(
        site=site,
        issued_on=day or timezone.localdate(),
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    issued = _pins_for(_new_pass_codes(count))
    GuestPass.objects.bulk_create(
        GuestPass(code=code, batch=batch, pin_hash=hashed) for code, _pin, hashed in issued
    )
    audit_record(
        actor=actor,
        instance=batch,
        action=AuditEntry.Action.CREATE,
        after=snapshot(batch) | {gettext_noop("guest passes"): str(count)},
    )
    return IssuedBatch(batch=batch, passes=[(code, pin) for code, pin, _hashed in issued])


@transaction.atomic
def guest_pass_pins_renew(*, actor: Any, batch: GuestPassBatch) -> IssuedBatch:
    """New PINs for every pass of the batch, so that a lost sheet can be printed again; the
    PINs printed before no longer work."""
    passes = list(batch.passes.select_for_update().order_by("code"))
    issued = _pins_for([p.code for p in passes])
    for guest_pass, (_code, _pin, hashed) in zip(passes, issued, strict=True):
        guest_pass.pin_hash = hashed
    GuestPass.objects.bulk_update(passes, ["pin_hash"])
    audit_record(
        actor=actor,
        instance=batch,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("guest passes with a new PIN"): str(len(passes))},
        source="pin",
    )
    return IssuedBatch(batch=batch, passes=[(code, pin) for code, pin, _hashed in issued])


class PersonNotHere(DomainError):
    """The code is no card or pass this point may take as it is: unknown, or of another point.

    One answer for both, so that it tells staff nothing about another point's patrons.
    """


# Failed birth-year confirmations a user may make in an hour: guessing gets nowhere.
CONFIRMATIONS_PER_HOUR = 10


def _confirmation_key(actor: Any) -> str:
    return f"usage:confirmations-failed:{getattr(actor, 'pk', None)}"


def _person(
    *, actor: Any, site: Site, person_code: str, holder_birth_year: int | None = None
) -> dict[str, Any]:
    """Whom a session is for: a card the actor may see, a pass of this point, or a card of
    another point confirmed by its holder's birth year (the plan: any point, free of charge).

    actor None is the system (commands, imports): it sees every patron.
    """
    code = person_code.strip()
    # Both are looked up whatever the code: every answer costs the same.
    patron = (
        Patron.objects.filter(card_number__iexact=code, anonymised_on__isnull=True)
        .select_related("registered_at")
        .first()
    )
    guest = GuestPass.objects.filter(code__iexact=code).select_related("batch").first()
    if patron is not None and (actor is None or user_may(actor, Action.VIEW, patron)):
        return {"patron": patron}
    # A pass is printed for one point; passes read from an old import belong to none.
    if guest is not None and (guest.batch is None or guest.batch.site_id == site.pk):
        return {"guest_pass": guest}
    if holder_birth_year is None:
        raise PersonNotHere(
            {
                "person_code": _(
                    "“%(code)s” is not a card or guest pass of this point. A card of another "
                    "point can be used here: ask the holder's birth year and type it to confirm."
                )
                % {"code": code}
            }
        )
    failed = cache.get(_confirmation_key(actor), 0)
    confirmed = patron is not None and patron.birth_year == holder_birth_year
    if confirmed and failed < CONFIRMATIONS_PER_HOUR:
        return {"patron": patron}
    cache.set(_confirmation_key(actor), failed + 1, timeout=3600)
    raise PersonNotHere(
        {
            "person_code": _(
                "No card of another point matches “%(code)s” with this birth year. Check the "
                "card, or give the person a guest pass."
            )
            % {"code": code}
        }
    )


def _check_computer(site: Site, computer: Equipment, day: dt.date) -> None:
    if computer.site_id != site.pk or computer.kind != Equipment.Kind.COMPUTER:
        raise DomainError({"computer": _("This is not a computer of this point.")})
    status = equipment_status_on(computer, day)
    if status is None or status == EquipmentStatus.RETIRED:
        raise DomainError({"computer": _("This computer is not in service on that day.")})


def _check_free(computer: Equipment, start: dt.datetime, end: dt.datetime | None, exclude=None):
    """No other session on the computer between start and end (an open one runs forever)."""
    others = Session.objects.filter(computer=computer).exclude(pk=exclude)
    others = others.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        others = others.filter(start__lt=max(end, start + dt.timedelta(microseconds=1)))
    if others.exists():
        raise DomainError({"computer": _("The computer is in use by another session then.")})


@transaction.atomic
def session_start(
    *,
    actor: Any,
    site: Site,
    computer: Equipment,
    person_code: str,
    start: dt.datetime | None = None,
    service: str = "",
    holder_birth_year: int | None = None,
) -> Session:
    """Start a session; a card of another point needs `holder_birth_year` (see `_person`)."""
    start = start or timezone.now()
    moment_check("start", start)
    if service and service not in Service.values:
        raise DomainError({"service": _("Unknown service.")})
    # Lock the computer: two staff pressing "start" at once cannot both succeed.
    Equipment.objects.select_for_update().filter(pk=computer.pk).first()
    _check_computer(site, computer, local_day(start))
    _check_free(computer, start, None)
    person = _person(
        actor=actor, site=site, person_code=person_code, holder_birth_year=holder_birth_year
    )
    return session_begin(site=site, computer=computer, start=start, service=service, **person)


@transaction.atomic
def session_begin(
    *,
    site: Site,
    computer: Equipment,
    start: dt.datetime,
    patron: Patron | None = None,
    guest_pass: GuestPass | None = None,
    service: str = "",
    source: str = Session.Source.STAFF,
    client_id: Any = None,
    minutes_allowed: int | None = None,
) -> Session:
    """Record the start of a session for a person already found (staff pages and kiosks).

    The caller has locked the computer's row; the checks are made again under that lock.
    """
    moment_check("start", start)
    day = local_day(start)
    _check_computer(site, computer, day)
    _check_free(computer, start, None)
    if Session.objects.filter(computer=computer, start=start).exists():
        raise DomainError({"start": _("A session already starts on this computer then.")})
    session = Session.objects.create(
        site=site,
        computer=computer,
        start=start,
        day=day,
        service=service,
        patron=patron,
        guest_pass=guest_pass,
        source=source,
        client_id=client_id,
        minutes_allowed=minutes_allowed,
    )
    usage_rollup_refresh(site_days=[(site.pk, day)])
    return session


@transaction.atomic
def session_end(
    *,
    actor: Any,
    session: Session,
    end: dt.datetime | None = None,
    pages_printed: int = 0,
    end_reason: str = "",
) -> Session:
    if session.end is not None:
        raise DomainError(_("This session has already ended."))
    # A session left open overnight and ended now is closed a day after its start.
    end = end or min(timezone.now(), session.start + SESSION_LONGEST)
    # Pages of print jobs released during the session are already counted: these add to them.
    total = session.pages_printed + pages_printed if pages_printed >= 0 else pages_printed
    problems = session_problems(start=session.start, end=end, pages_printed=total)
    if problems:
        raise DomainError(problems)
    _check_free(session.computer, session.start, end, exclude=session.pk)
    session.end, session.pages_printed, session.end_reason = end, total, end_reason
    session.save(update_fields=["end", "pages_printed", "end_reason"])
    usage_rollup_refresh(site_days=[(session.site_id, session.day)])
    return session


@transaction.atomic
def session_pages_add(*, session: Session, pages: int) -> Session:
    """Count pages printed in the session (a print job released by staff), open or ended."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not isinstance(pages, int) or pages < 0:
        raise DomainError({"pages_printed": _("The number of pages cannot be negative.")})
    total = session.pages_printed + pages
    if total > SESSION_PAGES_MAX:
        raise DomainError(
            {"pages_printed": _("At most %(n)s pages in one session.") % {"n": SESSION_PAGES_MAX}}
        )
    session.pages_printed = total
    session.save(update_fields=["pages_printed"])
    usage_rollup_refresh(site_days=[(session.site_id, session.day)])
    return session


def session_problems(
    *, start: dt.datetime, end: dt.datetime | None, pages_printed: int, now=None
) -> dict[str, str]:
    """Why a session's times and pages are implausible, by field; sessions_import calls it too."""
    now = now or timezone.now()
    problems = {
        field: problem
        for field, moment in (("start", start), ("end", end))
        if (problem := moment_problem(moment, now=now))
    }
    if end is not None and "end" not in problems:
        if end < start:
            problems["end"] = _("The session cannot end before it starts.")
        elif end - start > SESSION_LONGEST:
            problems["end"] = _("A session cannot last more than a day.")
    if pages_printed < 0:
        problems["pages_printed"] = _("The number of pages cannot be negative.")
    elif pages_printed > SESSION_PAGES_MAX:
        problems["pages_printed"] = _("At most %(n)s pages in one session.") % {
            "n": SESSION_PAGES_MAX
        }
    return problems


@transaction.atomic
def session_delete(*, actor: Any, session: Session) -> None:
    """Remove a session recorded by mistake; its day's figures are recomputed."""
    pair = (session.site_id, session.day)
    session.delete()
    usage_rollup_refresh(site_days=[pair])


@transaction.atomic
def sessions_import(*, actor: Any, path_or_file: Any) -> ImportResult:
    """Check the whole file (CSV or XLSX), then write it; with any error, nothing is written."""
    result, ref = sessions_check(path_or_file)
    if result.ok:
        touched = sessions_write(path_or_file, ref, result)
        usage_rollup_refresh(site_days=touched)
    return result


@transaction.atomic
def tallies_import(*, actor: Any, path_or_file: Any) -> ImportResult:
    """Check the whole file (CSV or XLSX), then write it; a row replaces its day's tally."""
    result, sites = tallies_check(path_or_file)
    if result.ok:
        touched = tallies_write(path_or_file, sites, result)
        usage_rollup_refresh(site_days=touched)
    return result


def tally_problems(
    tallies: dict[tuple[int, dt.date], tuple[int, int]], *, today: dt.date | None = None
) -> dict[tuple[int, dt.date], dict[str, str]]:
    """Why each (point id, day) -> (visits, users) cannot be that day's tally, by field.

    The one place for these rules: the month grid and the tally import both call it. Visits
    are at most PACNET_MAX_VISITS_PER_COMPUTER_DAY per computer in service at the point.
    """
    today = today or timezone.localdate()
    per_computer = settings.PACNET_MAX_VISITS_PER_COMPUTER_DAY
    dated = {key: day_problem(key[1], today=today) for key in tallies}
    counts = computer_counts_on_days(
        {site_id for site_id, _day in tallies}, {d for (_s, d), p in dated.items() if not p}
    )
    problems: dict[tuple[int, dt.date], dict[str, str]] = {}
    for (site_id, day), (visits, users) in tallies.items():
        found = {"day": dated[site_id, day]} if dated[site_id, day] else {}
        if visits < 0 or users < 0:
            found["visits" if visits < 0 else "users"] = _("Counts cannot be negative.")
        elif users > visits:
            found["users"] = _("There cannot be more users than visits.")
        elif not found:
            computers = counts[day][site_id]["in_service"]
            if visits > per_computer * computers:
                found["visits"] = _(
                    "At most %(max)s visits that day: %(computers)s computers in service × "
                    "%(per)s visits a computer."
                ) % {"max": per_computer * computers, "computers": computers, "per": per_computer}
        if found:
            problems[site_id, day] = found
    return problems


def _tally_terms(day: dt.date, values: tuple[int, int] | None) -> dict[str, str]:
    text = "" if values is None else f"{values[0]} / {values[1]}"
    return {day.isoformat(): text}


@transaction.atomic
def tally_month_save(
    *, actor: Any, site: Site, year: int, month: int, days: dict[dt.date, tuple[int, int] | None]
) -> int:
    """Save a month's grid: (visits, users) per day, None to clear it; returns days changed.

    Errors are keyed by the day's ISO date, so that the grid can show them on its row.
    """
    errors: dict[str, str | list[str]] = {
        day.isoformat(): _("This day is not in the month.")
        for day in days
        if (day.year, day.month) != (year, month)
    }
    filled = {(site.pk, day): tuple(v) for day, v in days.items() if v is not None}
    for (_site_id, day), found in tally_problems(filled).items():
        errors.setdefault(day.isoformat(), list(found.values()))
    if errors:
        raise DomainError(errors)
    stored = {t.day: t for t in ManualTally.objects.filter(site=site, day__in=list(days))}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    touched = []
    for day, values in sorted(days.items()):
        tally = stored.get(day)
        old = None if tally is None else (tally.visits, tally.users)
        if old == (None if values is None else tuple(values)):
            continue
        if values is None:
            tally.delete()
        elif tally is None:
            ManualTally.objects.create(site=site, day=day, visits=values[0], users=values[1])
        else:
            tally.visits, tally.users = values
            tally.save(update_fields=["visits", "users"])
        before |= _tally_terms(day, old)
        after |= _tally_terms(day, values)
        touched.append((site.pk, day))
    if touched:
        usage_rollup_refresh(site_days=touched)
        audit_record(
            actor=actor,
            instance=site,
            action=AuditEntry.Action.UPDATE,
            before=before,
            after=after,
            source="tally",
        )
    return len(touched)
