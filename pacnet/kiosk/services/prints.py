"""Print jobs the kiosks send: kept waiting until staff release them (their pages then count
in the session's pages printed) or cancel them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import PrintJob
from pacnet.usage.models import Session
from pacnet.usage.services import SESSION_PAGES_MAX, session_pages_add

PAGES_MAX = SESSION_PAGES_MAX
COPIES_MAX = 99


def _clamped(value: object, low: int, high: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        number = low
    return min(max(number, low), high)


@transaction.atomic
def print_job_receive(
    *,
    computer: Equipment,
    person_code: str,
    pages: Any,
    copies: Any,
    printer: str,
    file_name: str,
) -> PrintJob:
    """A document the computer's kiosk sent, linked to that person's session open on it.

    Odd values are clamped, never refused: a Libki client resends a refused upload forever.
    """
    code = (person_code or "").strip()[:40]
    session = None
    if code:
        session = (
            Session.objects.filter(computer=computer, end__isnull=True)
            .filter(Q(patron__card_number__iexact=code) | Q(guest_pass__code__iexact=code))
            .order_by("-start")
            .first()
        )
    job = PrintJob.objects.create(
        computer=computer,
        session=session,
        person_code=code,
        printer=str(printer or "").strip()[:120],
        file_name=str(file_name or "").strip()[:200],
        pages=_clamped(pages, 0, PAGES_MAX),
        copies=_clamped(copies, 1, COPIES_MAX),
    )
    audit_record(actor=None, instance=job, action=AuditEntry.Action.CREATE, source="kiosk")
    return job


def _decide(actor: Any, job: PrintJob, status: str) -> PrintJob:
    before = snapshot(job)
    job.status = status
    job.decided_at = timezone.now()
    job.decided_by = actor if getattr(actor, "pk", None) else None
    job.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=actor, instance=job, action=AuditEntry.Action.UPDATE, before=before)
    return job


def _pending(job: PrintJob) -> PrintJob:
    job = PrintJob.objects.select_for_update().get(pk=job.pk)
    if job.status != PrintJob.Status.PENDING:
        raise DomainError(_("This print job has already been released or cancelled."))
    return job


@transaction.atomic
def print_job_release(*, actor: Any, job: PrintJob) -> PrintJob:
    """Staff print the document: pages × copies count in the session's pages printed."""
    job = _pending(job)
    if job.session_id is not None:
        session_pages_add(session=job.session, pages=job.pages * job.copies)
    return _decide(actor, job, PrintJob.Status.RELEASED)


@transaction.atomic
def print_job_cancel(*, actor: Any, job: PrintJob) -> PrintJob:
    """Staff discard the document: nothing is counted."""
    return _decide(actor, _pending(job), PrintJob.Status.CANCELLED)
