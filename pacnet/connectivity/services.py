"""Writes to Internet lines and their outages: one transaction each, audited, refusals raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.connectivity.selectors import outage_undoable
from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.core.plausible import moment_check
from pacnet.faults import services as fault_services
from pacnet.geography.models import Site

ONE_DAY = dt.timedelta(days=1)

# The fields of a line that the edit page may change (the point never changes).
LINE_FIELDS = (
    "provider",
    "contract_number",
    "bandwidth_mbps",
    "upload_mbps",
    "monthly_fee",
    "discount_percent",
    "active_from",
    "active_to",
    "status",
)


@transaction.atomic
def internet_line_add(
    *,
    actor: Any,
    site: Site,
    provider: str,
    bandwidth_mbps,
    monthly_fee,
    discount_percent=0,
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
    contract_number: str = "",
    upload_mbps=None,
    status: str = InternetLine.Status.ACTIVE,
) -> InternetLine:
    line = InternetLine(
        site=site,
        provider=provider,
        contract_number=contract_number,
        bandwidth_mbps=bandwidth_mbps,
        upload_mbps=upload_mbps,
        monthly_fee=monthly_fee,
        discount_percent=discount_percent,
        active_from=active_from,
        active_to=active_to,
        status=status,
    )
    line.full_clean()
    if active_from is not None:
        # The new line replaces the lines in service before it, not one starting the same day.
        site.internet_lines.filter(active_to__isnull=True).filter(
            Q(active_from__isnull=True) | Q(active_from__lt=active_from)
        ).update(active_to=active_from - ONE_DAY)
    line.save()
    audit_record(
        actor=actor,
        instance=site,
        action=AuditEntry.Action.UPDATE,
        before={},
        after={gettext_noop("Internet line"): f"{line} −{discount_percent}%"},
    )
    return line


@transaction.atomic
def internet_line_update(*, actor: Any, line: InternetLine, **changes) -> InternetLine:
    unknown = set(changes) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"internet_line_update() cannot change {sorted(unknown)}")
    before = snapshot(line)
    for name, value in changes.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    audit_record(actor=actor, instance=line, action=AuditEntry.Action.UPDATE, before=before)
    return line


def _refuse_overlap(line: InternetLine, start: dt.datetime, end: dt.datetime | None) -> None:
    """Two outages of one line cannot cover the same minute (touching ends are fine)."""
    others = line.outages.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        others = others.filter(start__lt=end)
    clash = others.order_by("start").first()
    if clash is None:
        return
    if clash.end is None:
        raise DomainError(
            {
                "start": _("The line is already down since %(start)s.")
                % {"start": _local(clash.start)}
            }
        )
    raise DomainError(
        {
            "start": _("Another outage of this line, from %(start)s to %(end)s, overlaps it.")
            % {"start": _local(clash.start), "end": _local(clash.end)}
        }
    )


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _refuse_future(field: str, moment: dt.datetime, now: dt.datetime) -> None:
    moment_check(field, moment, now=now)  # nor implausibly old


def _outage_create(
    *, actor, line, start, end, cause, note, source: str, now: dt.datetime
) -> LineOutage:
    _refuse_future("start", start, now)
    if end is not None:
        _refuse_future("end", end, now)
        if end < start:
            raise DomainError({"end": _("The line cannot be back before it went down.")})
    _refuse_overlap(line, start, end)
    outage = LineOutage(
        line=line,
        start=start,
        end=end,
        cause=cause or LineOutage.Cause.UNKNOWN,
        note=note,
        reported_by=actor if getattr(actor, "pk", None) else None,
    )
    outage.full_clean()
    outage.save()
    audit_record(actor=actor, instance=outage, action=AuditEntry.Action.CREATE, source=source)
    return outage


@transaction.atomic
def line_outage_start(
    *,
    actor: Any,
    line: InternetLine,
    start: dt.datetime | None = None,
    cause: str = "",
    note: str = "",
    source: str = "",
) -> LineOutage:
    """The line went down (now, unless `start` says when); refused while it is already down."""
    now = timezone.now()
    outage = _outage_create(
        actor=actor,
        line=line,
        start=start or now,
        end=None,
        cause=cause,
        note=note,
        source=source,
        now=now,
    )
    _fault_raise(outage)
    return outage


@transaction.atomic
def line_outage_end(
    *, actor: Any, outage: LineOutage, end: dt.datetime | None = None, source: str = ""
) -> LineOutage:
    """The line is back (now, unless `end` says when)."""
    now = timezone.now()
    end = end or now
    outage = LineOutage.objects.select_for_update().get(pk=outage.pk)
    if outage.end is not None:
        raise DomainError(_("This outage has already ended."))
    _refuse_future("end", end, now)
    if end < outage.start:
        raise DomainError({"end": _("The line cannot be back before it went down.")})
    before = snapshot(outage)
    outage.end = end
    outage.save(update_fields=["end"])
    audit_record(
        actor=actor, instance=outage, action=AuditEntry.Action.UPDATE, before=before, source=source
    )
    return outage


@transaction.atomic
def line_outage_undo(*, actor: Any, outage: LineOutage, source: str = "") -> None:
    """Take back a "line is down" pressed by mistake: as if it had never been recorded.

    Only its reporter, only while it is open and in the minutes after; the fault raised
    for it goes too, if nobody has acted on it.
    """
    outage = LineOutage.objects.select_for_update().select_related("line__site").get(pk=outage.pk)
    if not outage_undoable(outage, actor):
        raise DomainError(
            _("This can no longer be undone: press “Line is back” when the line works again.")
        )
    site, start = outage.line.site, outage.start
    audit_record(
        actor=actor,
        instance=outage,
        action=AuditEntry.Action.DELETE,
        before=snapshot(outage),
        source=source,
    )
    outage.delete()
    _fault_withdraw(actor, site, start, source)


@transaction.atomic
def line_outage_record(
    *,
    actor: Any,
    line: InternetLine,
    start: dt.datetime,
    end: dt.datetime,
    cause: str = "",
    note: str = "",
    source: str = "",
) -> LineOutage:
    """A past outage from a paper log: both times at once, refused if it overlaps another."""
    if end is None:
        raise DomainError({"end": _("Say when the line was back.")})
    return _outage_create(
        actor=actor,
        line=line,
        start=start,
        end=end,
        cause=cause,
        note=note,
        source=source,
        now=timezone.now(),
    )


def _fault_raise(outage: LineOutage) -> None:
    """A dead line is a fault for the technicians (faults sits below connectivity)."""
    known_cause = outage.get_cause_display() if outage.cause != LineOutage.Cause.UNKNOWN else ""
    fault_services.fault_raise_for_line_outage(
        site=outage.line.site,
        started_at=outage.start,
        note=" – ".join(part for part in (known_cause, outage.note) if part),
    )


def _fault_withdraw(actor: Any, site: Site, started_at: dt.datetime, source: str) -> None:
    """Withdraw the automatic fault an undone outage raised, if nobody has acted on it."""
    fault_services.fault_withdraw_for_line_outage(
        actor=actor, site=site, started_at=started_at, source=source
    )
