"""Print jobs the kiosks send: kept as jobs waiting for staff to release them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from pacnet.core.audit import audit_record
from pacnet.core.models import AuditEntry
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import PrintJob
from pacnet.usage.models import Session

PAGES_MAX = 10_000
COPIES_MAX = 99


def _clamped(value: object, low: int, high: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = low
    return min(max(number, low), high)


@transaction.atomic
def print_job_receive(
    *,
    computer: Equipment,
    person_code: str,
    pages: int,
    copies: int,
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
        printer=(printer or "").strip()[:120],
        file_name=(file_name or "").strip()[:200],
        pages=_clamped(pages, 0, PAGES_MAX),
        copies=_clamped(copies, 1, COPIES_MAX),
    )
    audit_record(actor=None, instance=job, action=AuditEntry.Action.CREATE, source="kiosk")
    return job
