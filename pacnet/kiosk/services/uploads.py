"""Sessions a kiosk recorded while its line was down, uploaded when it returns.

Idempotent by the client's UUID: a batch sent twice, cut off halfway or resent in another
order leaves one copy of each session. The computer's row is locked for the upload, so two
uploads of the same kiosk run one after the other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.core.validators import CONTROL_CHARACTERS
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_status_on
from pacnet.usage.imports import CellError, local_day, parse_moment
from pacnet.usage.imports.sessions import persons_ids, sessions_insert
from pacnet.usage.models import Session
from pacnet.usage.rollups import usage_rollup_refresh
from pacnet.usage.services import SESSION_LONGEST, session_end, session_problems

BATCH_MAX = 5000
CLOCK_TOLERANCE = dt.timedelta(minutes=1)
CLOCK_WRONG = dt.timedelta(days=366)  # beyond it the kiosk's times mean nothing
PERSON_MAX = 40
PAGES_MAX = 1000


@dataclass
class UploadResult:
    accepted: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    clock_offset_seconds: int = 0

    def reject(self, item_id: Any, errors: dict[str, str]) -> None:
        self.rejected.append({"id": item_id, "errors": errors})


@dataclass
class _Item:
    id: uuid.UUID
    person: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    pages: int
    reason: str


def clock_offset(client_time: dt.datetime, now: dt.datetime) -> dt.timedelta:
    """What to add to the kiosk's times: none when its clock is within a minute of ours."""
    offset = now - client_time
    return offset if abs(offset) > CLOCK_TOLERANCE else dt.timedelta(0)


def _moment(value: Any, errors: dict[str, str], name: str) -> dt.datetime | None:
    if not isinstance(value, str) or not value or len(value) > 40:
        errors[name] = _("A date and time in ISO 8601 is required.")
        return None
    try:
        return parse_moment(value)
    except CellError as error:
        errors[name] = str(error)
        return None


def _item(raw: Any, offset: dt.timedelta, now: dt.datetime) -> tuple[Any, _Item | None, dict]:
    """The item's id as given, the parsed item or None, and its errors by field."""
    if not isinstance(raw, dict):
        return None, None, {"non_field_errors": _("Each session is a JSON object.")}
    errors: dict[str, str] = {}
    given = raw.get("id")
    try:
        item_id = uuid.UUID(given) if isinstance(given, str) else None
    except ValueError:
        item_id = None
    if item_id is None:
        errors["id"] = _("A UUID made by the kiosk is required.")
    person = raw.get("person")
    if not isinstance(person, str) or not person.strip():
        errors["person"] = _("A card number or guest pass code is required.")
    elif len(person.strip()) > PERSON_MAX:
        errors["person"] = _("At most %(n)s characters.") % {"n": PERSON_MAX}
    elif CONTROL_CHARACTERS.search(person):  # PostgreSQL refuses NUL in text
        errors["person"] = _("A card number or guest pass code is required.")
    kind = raw.get("person_kind")
    if kind not in ("patron", "guest"):
        errors["person_kind"] = _("Write “patron” or “guest”.")
    start = _moment(raw.get("start"), errors, "start")
    end = _moment(raw.get("end"), errors, "end")
    pages = raw.get("pages", 0)
    if pages is None:
        pages = 0
    if isinstance(pages, bool) or not isinstance(pages, int) or not 0 <= pages <= PAGES_MAX:
        errors["pages"] = _("A whole number from 0 to %(n)s.") % {"n": PAGES_MAX}
        pages = 0
    reason = raw.get("reason") or Session.EndReason.LOGOUT
    if reason not in (Session.EndReason.LOGOUT, Session.EndReason.TIME_UP):
        errors["reason"] = _("Write “logout” or “time_up”.")
    if start and end:
        start, end = start + offset, end + offset
        errors.update(session_problems(start=start, end=end, pages_printed=pages, now=now))
    if errors:
        return given, None, errors
    return given, _Item(item_id, person.strip(), kind, start, end, pages, reason), {}


def _in_service(computer: Equipment, day: dt.date, cache: dict) -> bool:
    if day not in cache:
        status = equipment_status_on(computer, day)
        cache[day] = status is not None and status != EquipmentStatus.RETIRED
    return cache[day]


def _overlap_text(start: dt.datetime) -> str:
    return _("Overlaps the session recorded on this computer from %(start)s.") % {
        "start": timezone.localtime(start).strftime("%d/%m/%Y %H:%M")
    }


@transaction.atomic
def kiosk_sessions_upload(
    *,
    computer: Equipment,
    client_time: dt.datetime,
    sessions: list[Any],
    now: dt.datetime | None = None,
) -> UploadResult:
    """Record the sessions the kiosk kept offline; each is accepted, already here, or rejected
    with its errors. The computer is the token's, never one named in the batch."""
    if len(sessions) > BATCH_MAX:
        raise DomainError(
            {"sessions": _("At most %(n)s sessions in one upload.") % {"n": BATCH_MAX}}
        )
    now = now or timezone.now()
    result = UploadResult()
    offset = clock_offset(client_time, now)
    if abs(offset) > CLOCK_WRONG:
        raise DomainError(
            {"client_time": _("The kiosk's clock is more than a year off: set it right first.")}
        )
    result.clock_offset_seconds = int(offset.total_seconds())
    Equipment.objects.select_for_update().filter(pk=computer.pk).first()
    items: dict[uuid.UUID, _Item] = {}
    in_service: dict[dt.date, bool] = {}
    for raw in sessions:
        given, item, errors = _item(raw, offset, now)
        if item is not None and not _in_service(computer, local_day(item.start), in_service):
            errors = {"start": _("The computer was not in service on that day.")}
            item = None
        if item is None:
            result.reject(given, errors)
        elif item.id in items:
            result.already.append(str(item.id))  # the same session twice in the batch
        else:
            items[item.id] = item
    touched: set[tuple[int, dt.date]] = set()
    recorded = {
        s.client_id: s
        for s in Session.objects.filter(client_id__in=list(items)).select_related(
            "patron", "guest_pass"
        )
    }
    for item_id, session in recorded.items():
        item = items.pop(item_id)
        if session.computer_id != computer.pk:
            result.reject(str(item_id), {"id": _("This session id belongs to another computer.")})
        elif session.end is None or (
            session.end_reason == Session.EndReason.SILENT and item.end > session.end
        ):
            # Started online, ended while offline (or closed when the computer fell silent).
            end = max(session.start, item.end)
            if session.end is not None:
                Session.objects.filter(pk=session.pk).update(end=None)
                session.end = None
            session_end(
                actor=None,
                session=session,
                end=end,
                pages_printed=item.pages,
                end_reason=item.reason,
            )
            result.accepted.append(str(item_id))
        else:
            result.already.append(str(item_id))
    fresh = sorted(items.values(), key=lambda i: i.start)
    if fresh:
        fresh = _without_overlaps(computer, fresh, result)
    if fresh:
        wanted = {}
        for item in fresh:
            wanted.setdefault((item.kind, item.person), (computer.site_id, local_day(item.start)))
        patrons, guests, _created = persons_ids(wanted)
        rows = []
        for item in fresh:
            day = local_day(item.start)
            rows.append(
                {
                    "site_id": computer.site_id,
                    "computer_id": computer.pk,
                    "patron_id": patrons.get(item.person) if item.kind == "patron" else None,
                    "guest_pass_id": guests.get(item.person) if item.kind == "guest" else None,
                    "start": item.start,
                    "end": item.end,
                    "day": day,
                    "service": "",
                    "pages_printed": item.pages,
                    "source": Session.Source.KIOSK,
                    "client_id": item.id,
                    "minutes_allowed": None,
                    "end_reason": item.reason,
                }
            )
            touched.add((computer.site_id, day))
            result.accepted.append(str(item.id))
        sessions_insert(rows)
    if touched:
        usage_rollup_refresh(site_days=sorted(touched))
    return result


def _without_overlaps(computer: Equipment, fresh: list[_Item], result: UploadResult) -> list[_Item]:
    """The items that overlap neither an earlier item of the batch nor a recorded session."""
    first, last = fresh[0].start, max(i.end for i in fresh)
    recorded = []
    query = Session.objects.filter(computer=computer, start__lt=last).filter(
        Q(end__isnull=True, start__gte=first - SESSION_LONGEST) | Q(end__gt=first)
    )
    for start, end, allowed in query.values_list("start", "end", "minutes_allowed"):
        if end is None:  # a session in progress ends at its allowance, or runs on
            end = (
                start + dt.timedelta(minutes=allowed)
                if allowed
                else dt.datetime.max.replace(tzinfo=dt.UTC)
            )
        recorded.append((start, end))
    kept: list[_Item] = []
    for item in fresh:
        clash = next(
            (
                s
                for s, e in recorded
                if s < max(item.end, item.start + dt.timedelta(microseconds=1)) and e > item.start
            ),
            None,
        )
        if clash is None and kept and kept[-1].end > item.start:
            clash = kept[-1].start
        if clash is None and kept and kept[-1].start == item.start:
            clash = item.start
        if clash is not None:
            result.reject(str(item.id), {"start": _overlap_text(clash)})
            continue
        kept.append(item)
    return kept
